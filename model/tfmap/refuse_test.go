package tfmap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

// TestBuildRefusesWhatAWSRefuses checks CIDRs, zone names and ports with
// the same checks as the scenario format (model.ParseCIDR,
// model.IsZoneName, model.CheckPorts): each refused value is one error at
// the attribute, with no follow-on complaints (issue 11, points 8 and 9).
func TestBuildRefusesWhatAWSRefuses(t *testing.T) {
	subnet := func(values M, opts ...func(*Resource)) Resource {
		v := M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1a"}
		for k, x := range values {
			v[k] = x
		}
		return res(10, "aws_subnet.a", v, opts...)
	}
	invalid := func(line int, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityError, Code: model.CodeInvalidValue, Message: msg, Source: at(line, 3)}
	}
	for _, c := range []struct {
		name      string
		resources []Resource
		want      model.Diagnostics
	}{{
		name:      "IPv6 prefix longer than 128 bits",
		resources: []Resource{vpc(1, nil), subnet(M{"ipv6_cidr_block": "::/129"}, pos("ipv6_cidr_block", 12, 3))},
		want: model.Diagnostics{invalid(12,
			`ipv6_cidr_block of aws_subnet.a: "::/129" is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)`)},
	}, {
		name:      "IPv6 prefix in an IPv4 attribute",
		resources: []Resource{vpc(1, nil), subnet(M{"cidr_block": "2001:db8::/64"}, pos("cidr_block", 12, 3))},
		want: model.Diagnostics{invalid(12,
			`cidr_block of aws_subnet.a: "2001:db8::/64" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`)},
	}, {
		// Issue 11, point 9: one message, not also "invalid Prefix is
		// not an IPv4 CIDR" and "not inside any CIDR of vpc".
		name:      "VPC CIDR that does not parse",
		resources: []Resource{vpc(1, M{"cidr_block": "10.0.0.0/33"}, pos("cidr_block", 2, 3)), subnet(nil)},
		want: model.Diagnostics{invalid(2,
			`cidr_block of aws_vpc.main: "10.0.0.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`)},
	}, {
		name:      "VPC IPv6 CIDR that does not parse",
		resources: []Resource{vpc(1, M{"ipv6_cidr_block": "2001:db8::/129"}, pos("ipv6_cidr_block", 3, 3))},
		want: model.Diagnostics{invalid(3,
			`ipv6_cidr_block of aws_vpc.main: "2001:db8::/129" is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)`)},
	}, {
		name:      "Availability Zone that is a path",
		resources: []Resource{vpc(1, nil), subnet(M{"availability_zone": "../../x"}, pos("availability_zone", 11, 3))},
		want: model.Diagnostics{invalid(11,
			`availability_zone of aws_subnet.a: "../../x" is not an Availability Zone name (expected a name such as ap-northeast-1a)`)},
	}, {
		name: "zone ID that is a path",
		resources: []Resource{vpc(1, nil),
			subnet(M{"availability_zone": nil, "availability_zone_id": "../x"}, pos("availability_zone_id", 11, 3))},
		want: model.Diagnostics{invalid(11,
			`availability_zone_id of aws_subnet.a: "../x" is not a zone ID (expected an ID such as apne1-az1)`)},
	}, {
		name: "Local Zone, Wavelength Zone and zone ID are names AWS gives",
		resources: []Resource{vpc(1, nil),
			subnet(M{"availability_zone": "us-west-2-lax-1a"}),
			res(11, "aws_subnet.b", M{"vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone": "us-east-1-wl1-bos-wlz-1"}),
			res(12, "aws_subnet.c", M{"vpc_id": "vpc-1", "cidr_block": "10.0.3.0/24", "availability_zone_id": "usw2-lax1-az1"}),
		},
	}, {
		// Issue 11, point 8: ECS refuses the task definition when it is
		// registered; an image it registers but the runtime cannot parse
		// ("MyApp:Latest") is the simulator's INVALID_IMAGE_REFERENCE.
		name: "image with a space",
		resources: []Resource{res(30, "aws_ecs_task_definition.app", M{"family": "app",
			"container_definitions": `[{"name": "app", "image": "My App:Latest"}, {"name": "ok", "image": "MyApp:Latest"}]`},
			pos("container_definitions", 31, 3))},
		want: model.Diagnostics{invalid(31, `container "app": image "My App:Latest" has characters ECS refuses (Container.image contains invalid characters): it allows letters, digits, hyphens, underscores, colons, periods, forward slashes and number signs`)},
	}, {
		name: "TCP port -1",
		resources: []Resource{vpc(1, nil), res(20, "aws_security_group.app", M{"vpc_id": "vpc-1", "ingress": L{
			M{"protocol": "tcp", "from_port": -1, "to_port": -1, "cidr_blocks": []string{"10.0.0.0/16"}},
		}}, pos("ingress.0", 21, 3))},
		want: model.Diagnostics{invalid(21, "ports -1 to -1 are not valid (ports are 0-65535, the first no greater than the last)")},
	}, {
		name: "ICMP type and code",
		resources: []Resource{vpc(1, nil), res(20, "aws_security_group.app", M{"vpc_id": "vpc-1", "ingress": L{
			M{"protocol": "icmp", "from_port": 8, "to_port": 0, "cidr_blocks": []string{"10.0.0.0/16"}},
			M{"protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_blocks": []string{"10.0.0.0/16"}},
		}})},
	}} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := Build(c.resources, opts)
			var errs model.Diagnostics
			for _, d := range diags {
				if d.Severity != model.SeverityInfo {
					errs = append(errs, d)
				}
			}
			if diff := cmp.Diff(c.want, errs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBuildRefusesOptions: the region and account name every host and ARN
// of the world, so values that are not a region or an account ID are
// errors, whoever gave them (--region, AWS_REGION, the provider's region,
// --account; issue 11, point 8).
func TestBuildRefusesOptions(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		want model.Diagnostics
	}{
		{"region that is a path", Options{Region: "../../x", Account: account}, model.Diagnostics{{Severity: model.SeverityError, Code: model.CodeInvalidValue,
			Message: `the region "../../x" is not a region name (expected a name such as ap-northeast-1)`}}},
		{"account that is not 12 digits", Options{Region: region, Account: "abc"}, model.Diagnostics{{Severity: model.SeverityError, Code: model.CodeInvalidValue,
			Message: `the account ID "abc" is not an AWS account ID (expected 12 digits)`}}},
		{"both well formed", Options{Region: "us-gov-west-1", Account: "000000000000"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := Build([]Resource{vpc(1, nil)}, c.opts)
			if diff := cmp.Diff(c.want, diags, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
