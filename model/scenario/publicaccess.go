package scenario

import (
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// VPC Block Public Access (aws-rules 4.10).

var bpaKeys = []string{"mode", "region", "account"}

var (
	bpaModes       = []string{model.BPAOff, model.BPABidirectional, model.BPAIngress}
	exclusionModes = []string{model.BPAAllowBidirectional, model.BPAAllowEgress}
	// parseBPAMode reads a block mode: off, block-bidirectional or
	// block-ingress.
	parseBPAMode = checked(func(s string) bool { return slices.Contains(bpaModes, s) },
		"a VPC Block Public Access mode", "off, block-bidirectional or block-ingress")
	// parseExclusionMode reads an exclusion mode.
	parseExclusionMode = checked(func(s string) bool { return slices.Contains(exclusionModes, s) },
		"an exclusion mode", "allow-bidirectional or allow-egress")
)

func decodeBlockPublicAccess(o *object) model.BlockPublicAccess {
	o.require("mode", "off, block-bidirectional or block-ingress")
	return model.BlockPublicAccess{
		ID:      o.id,
		Source:  o.src,
		Region:  o.text("region", parseRegion),
		Account: o.text("account", parseAccount),
		Mode:    o.text("mode", parseBPAMode),
	}
}

var bpaExclusionKeys = []string{"vpc", "subnet", "mode"}

func decodeBPAExclusion(o *object) model.BPAExclusion {
	o.require("mode", "allow-bidirectional or allow-egress")
	return model.BPAExclusion{
		ID:     o.id,
		Source: o.src,
		VPC:    o.ref("vpc"),
		Subnet: o.ref("subnet"),
		Mode:   o.text("mode", parseExclusionMode),
	}
}

func (e *encoder) blockPublicAccess(b *model.BlockPublicAccess, m fields) {
	if b.Mode != "" && !slices.Contains(bpaModes, b.Mode) {
		e.failf("mode %q is not off, block-bidirectional or block-ingress", b.Mode)
	}
	m.str("mode", b.Mode)
	m.region("region", b.Region)
	if b.Account != "" {
		if _, ok := decodes(e, parseAccount, b.Account); !ok {
			e.failf("account %q is not a 12-digit account ID", b.Account)
		}
		m.str("account", b.Account)
	}
}

func (e *encoder) bpaExclusion(x *model.BPAExclusion, m fields) {
	if x.Mode != "" && !slices.Contains(exclusionModes, x.Mode) {
		e.failf("mode %q is not allow-bidirectional or allow-egress", x.Mode)
	}
	m.str("vpc", x.VPC)
	m.str("subnet", x.Subnet)
	m.str("mode", x.Mode)
}
