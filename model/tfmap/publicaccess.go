package tfmap

import "github.com/vpctrace/vpctrace/model"

// VPC Block Public Access (aws-rules 4.10): the account's options in the
// provider's Region, and exclusions of VPCs and subnets.

func init() {
	register(map[string]mapper{
		"aws_vpc_block_public_access_options":   {objects: mapBPAOptions},
		"aws_vpc_block_public_access_exclusion": {objects: mapBPAExclusion},
	})
}

// mode reads a mode attribute of o; a value known only after apply is
// recorded as undetermined and read as "".
func (b *builder) mode(s site, name string, o object) string {
	v, st := str(s.get(name))
	if st == unknown {
		b.undetermine(s.at(name), o, afterApplyWhy)
	}
	if st != known {
		return ""
	}
	return v
}

// mapBPAOptions maps the account's setting in the provider's Region
// (aws-rules 4.10.1).
func mapBPAOptions(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindBlockPublicAccess, r)
	b.bpa.add(r.Address, model.BlockPublicAccess{ID: r.Address, Source: r.Pos, Mode: b.mode(s, "internet_gateway_block_mode", o)})
}

// mapBPAExclusion maps an exclusion of a VPC or a subnet (aws-rules 4.10.2).
func mapBPAExclusion(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindBPAExclusion, r)
	b.bpaExclusions.add(r.Address, model.BPAExclusion{
		ID:     r.Address,
		Source: r.Pos,
		VPC:    b.ref(s, "vpc_id", wantVPC, o),
		Subnet: b.ref(s, "subnet_id", wantSubnet, o),
		Mode:   b.mode(s, "internet_gateway_exclusion_mode", o),
	})
}
