package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestBuildBlockPublicAccess maps VPC Block Public Access options and
// exclusions by ID and by reference; a mode known only after apply is
// recorded as undetermined (aws-rules 4.10.1, 4.10.2, 4.10.6).
func TestBuildBlockPublicAccess(t *testing.T) {
	net := []Resource{
		vpc(1, nil),
		res(10, "aws_subnet.a", M{"id": "subnet-a", "vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "availability_zone": "ap-northeast-1a"}),
	}
	wantNet := func(w model.World) model.World {
		w.VPCs = []model.VPC{wantVPCMain(nil)}
		w.Subnets = []model.Subnet{{ID: "aws_subnet.a", Source: at(10, 1), VPC: "aws_vpc.main", AZ: "ap-northeast-1a", CIDR: pfx("10.0.0.0/24")}}
		return w
	}
	runCases(t, []buildCase{{
		name: "4.10.1 options and exclusions by ID",
		resources: append(net,
			res(20, "aws_vpc_block_public_access_options.this", M{"internet_gateway_block_mode": "block-bidirectional"}),
			res(21, "aws_vpc_block_public_access_exclusion.vpc", M{"vpc_id": "vpc-1", "internet_gateway_exclusion_mode": "allow-bidirectional"}),
			res(22, "aws_vpc_block_public_access_exclusion.subnet", M{"subnet_id": "subnet-a", "internet_gateway_exclusion_mode": "allow-egress"}),
		),
		want: wantNet(model.World{
			BlockPublicAccess: []model.BlockPublicAccess{{ID: "aws_vpc_block_public_access_options.this", Source: at(20, 1), Mode: model.BPABidirectional}},
			BPAExclusions: []model.BPAExclusion{
				{ID: "aws_vpc_block_public_access_exclusion.subnet", Source: at(22, 1), Subnet: "aws_subnet.a", Mode: model.BPAAllowEgress},
				{ID: "aws_vpc_block_public_access_exclusion.vpc", Source: at(21, 1), VPC: "aws_vpc.main", Mode: model.BPAAllowBidirectional},
			},
		}),
	}, {
		name: "4.10.6 a mode known only after apply, an exclusion by reference",
		resources: append(net,
			res(20, "aws_vpc_block_public_access_options.this", M{"internet_gateway_block_mode": U},
				refs("internet_gateway_block_mode", "aws_ssm_parameter.mode"), pos("internet_gateway_block_mode", 20, 3)),
			res(21, "aws_vpc_block_public_access_exclusion.subnet", M{"subnet_id": U, "internet_gateway_exclusion_mode": "allow-egress"},
				refs("subnet_id", "aws_subnet.a")),
		),
		want: wantNet(model.World{
			BlockPublicAccess: []model.BlockPublicAccess{{ID: "aws_vpc_block_public_access_options.this", Source: at(20, 1)}},
			BPAExclusions:     []model.BPAExclusion{{ID: "aws_vpc_block_public_access_exclusion.subnet", Source: at(21, 1), Subnet: "aws_subnet.a", Mode: model.BPAAllowEgress}},
			Unknowns: []model.Unknown{{ID: "aws_vpc_block_public_access_options.this", Kind: model.KindBlockPublicAccess,
				Field: "internet_gateway_block_mode", Why: "known only after apply", Source: at(20, 3)}},
		}),
		diags: []string{diag(model.SeverityWarning, CodeUndetermined, at(20, 3))},
	}, {
		name: "4.10.1 a mode AWS does not have",
		resources: append(net,
			res(20, "aws_vpc_block_public_access_options.this", M{"internet_gateway_block_mode": "block-everything"}),
		),
		want: wantNet(model.World{
			BlockPublicAccess: []model.BlockPublicAccess{{ID: "aws_vpc_block_public_access_options.this", Source: at(20, 1), Mode: "block-everything"}},
		}),
		diags: []string{diag(model.SeverityError, model.CodeInvalidValue, at(20, 1))},
	}})
}
