package awsprovider

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// strs is an object of string attributes.
func strs(attrs ...string) cty.Value {
	vals := map[string]cty.Value{}
	for i := 0; i+1 < len(attrs); i += 2 {
		vals[attrs[i]] = cty.StringVal(attrs[i+1])
	}
	return cty.ObjectVal(vals)
}

// known returns the known string attributes of obj named in want.
func known(obj cty.Value, want map[string]string) map[string]string {
	out := map[string]string{}
	for name := range want {
		if obj.Type().IsObjectType() && obj.Type().HasAttribute(name) {
			out[name] = knownString(obj.GetAttr(name))
		}
	}
	return out
}

// TestProvider drives the contract of package providers as the evaluator
// does, in dependency order: each instance is recorded before the next
// one, which may refer to it by ID or look it up. Expected values follow
// the package documentation.
func TestProvider(t *testing.T) {
	const acct, region = "111122223333", "eu-west-1"
	vpcID := "vpc-" + hexHash("aws_vpc.main", 17)
	tags := cty.MapVal(map[string]cty.Value{"team": cty.StringVal("net")})
	steps := []struct {
		name string
		in   providers.Instance
		want map[string]string // known string attributes
		note providers.Note
	}{{
		name: "a VPC: EC2 ID and ARN, its default objects, tags_all from the default tags",
		in: providers.Instance{Mode: "managed", Type: "aws_vpc", Address: "aws_vpc.main", Values: strs("cidr_block", "10.0.0.0/16"),
			Configured: true, Region: region, DefaultTags: tags},
		want: map[string]string{
			"id": vpcID, "arn": "arn:aws:ec2:" + region + ":" + acct + ":vpc/" + vpcID, "owner_id": acct,
			"main_route_table_id":       "rtb-" + hexHash("aws_vpc.main#main", 17),
			"default_security_group_id": "sg-" + hexHash("aws_vpc.main#default", 17),
		},
	}, {
		name: "the default security group is the VPC's, found by its ID",
		in: providers.Instance{Mode: "managed", Type: "aws_default_security_group", Address: "aws_default_security_group.d",
			Values: strs("vpc_id", vpcID), Configured: true, Region: region, DefaultTags: cty.NullVal(cty.Map(cty.String))},
		want: map[string]string{"id": "sg-" + hexHash("aws_vpc.main#default", 17), "name": "default"},
	}, {
		name: "a configured attribute is never replaced",
		in: providers.Instance{Mode: "managed", Type: "aws_subnet", Address: "aws_subnet.a",
			Values: strs("id", "subnet-mine", "availability_zone", "eu-west-1b"), Configured: true, Region: region,
			DefaultTags: cty.NullVal(cty.Map(cty.String))},
		want: map[string]string{"id": "subnet-mine", "availability_zone_id": "euw1-az2"},
	}, {
		name: "a type of another provider gets a generic ID, and no region",
		in:   providers.Instance{Mode: "managed", Type: "random_id", Address: "random_id.r", Values: cty.EmptyObjectVal, DefaultTags: cty.NilVal},
		want: map[string]string{"id": "random-id-" + hexHash("random_id.r", 17)},
	}, {
		name: "a look-up answered from a recorded resource",
		in: providers.Instance{Mode: "data", Type: "aws_vpc", Address: "data.aws_vpc.v", Values: strs("id", vpcID),
			Configured: true, Region: region},
		want: map[string]string{"id": vpcID, "cidr_block": "10.0.0.0/16"},
		note: providers.Note{Severity: model.SeverityInfo,
			Message: "data.aws_vpc.v is answered from aws_vpc.main, declared in the root (vpctrace does not read AWS)"},
	}, {
		name: "a data source answered offline",
		in: providers.Instance{Mode: "data", Type: "aws_caller_identity", Address: "data.aws_caller_identity.me",
			Values: cty.EmptyObjectVal, Configured: true, Region: region},
		want: map[string]string{"account_id": acct, "arn": "arn:aws:iam::" + acct + ":user/vpctrace"},
	}, {
		name: "arguments a data source rejects",
		in: providers.Instance{Mode: "data", Type: "aws_arn", Address: "data.aws_arn.a", Values: strs("arn", "nope"),
			Configured: true, Region: region},
		want: map[string]string{},
		note: providers.Note{Severity: model.SeverityError,
			Message: `data.aws_arn.a: "nope" is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`},
	}, {
		name: "a data source that is not modelled",
		in: providers.Instance{Mode: "data", Type: "aws_ami", Address: "data.aws_ami.a", Values: cty.EmptyObjectVal,
			Configured: true, Region: region},
		want: map[string]string{},
		note: providers.Note{Severity: model.SeverityInfo,
			Message: "data source aws_ami is not modelled: vpctrace does not read existing infrastructure, so its attributes are unknown"},
	}}
	p := New(acct)
	for _, st := range steps {
		var got cty.Value
		var note providers.Note
		if st.in.Mode == "data" {
			a := p.ReadDataSource(st.in)
			got, note = a.Values, a.Note
		} else {
			got = p.PlanResource(st.in)
		}
		if diff := cmp.Diff(st.want, known(got, st.want)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
		if diff := cmp.Diff(st.note, note); diff != "" {
			t.Errorf("%s: note (-want +got):\n%s", st.name, diff)
		}
		p.Record(tfmap.Resource{Address: st.in.Address, Mode: st.in.Mode, Type: st.in.Type, Values: got})
	}
}

// TestTagsAllAndTyped checks tags_all (only with an aws provider
// configuration) and the schema's typed unknowns.
func TestTagsAllAndTyped(t *testing.T) {
	p := New("123456789012")
	in := providers.Instance{Mode: "managed", Type: "aws_vpc", Address: "aws_vpc.v", Values: strs("cidr_block", "10.0.0.0/16"),
		Configured: true, Region: "us-east-1", DefaultTags: cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1")})}
	if got := p.PlanResource(in).GetAttr("tags_all"); !got.RawEquals(cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1")})) {
		t.Errorf("tags_all = %#v", got)
	}
	in.Configured, in.Region, in.DefaultTags = false, "", cty.NilVal
	planned := p.PlanResource(in)
	if planned.Type().HasAttribute("tags_all") {
		t.Errorf("tags_all without an aws configuration: %#v", planned.GetAttr("tags_all"))
	}
	in.Values = planned
	typed := p.Typed(in)
	if got := typed.GetAttr("enable_dns_support"); got.IsKnown() || got.Type() != cty.Bool {
		t.Errorf("typed enable_dns_support = %#v, want an unknown bool", got)
	}
	if got := p.Reads("aws_subnets"); !cmp.Equal(got, []string{"aws_subnet", "aws_default_subnet"}) {
		t.Errorf("Reads(aws_subnets) = %q", got)
	}
	if got := p.Reads("aws_region"); got != nil {
		t.Errorf("Reads(aws_region) = %q, want none", got)
	}
}
