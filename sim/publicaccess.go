package sim

import (
	"fmt"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// VPC Block Public Access (aws-rules 4.10): the account's setting in a
// Region, checked where a call leaves through an internet gateway.

// bpaIndex holds the world's BPA settings and exclusions.
type bpaIndex struct {
	// options maps account + "|" + Region to the setting there.
	options map[string]*model.BlockPublicAccess
	// exclusions maps a VPC or subnet ID to the exclusions that name it.
	exclusions map[string][]*model.BPAExclusion
	// open are the exclusions whose VPC and subnet the input does not
	// determine: each may exempt any VPC or subnet.
	open []*model.BPAExclusion
}

func newBPAIndex(w *model.World) bpaIndex {
	b := bpaIndex{options: map[string]*model.BlockPublicAccess{}, exclusions: map[string][]*model.BPAExclusion{}}
	for i := range w.BlockPublicAccess {
		o := &w.BlockPublicAccess[i]
		key := cmpOr(o.Account, w.Account) + "|" + cmpOr(o.Region, w.Region)
		if b.options[key] == nil {
			b.options[key] = o
		}
	}
	for i := range w.BPAExclusions {
		x := &w.BPAExclusions[i]
		switch {
		case x.Subnet != "":
			b.exclusions[x.Subnet] = append(b.exclusions[x.Subnet], x)
		case x.VPC != "":
			b.exclusions[x.VPC] = append(b.exclusions[x.VPC], x)
		default:
			b.open = append(b.open, x)
		}
	}
	return b
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// bpaOptions returns the BPA setting of the VPC's account and Region, or
// nil when the input has none (off, aws-rules 10.33).
func (ix *index) bpaOptions(vpc *model.VPC) *model.BlockPublicAccess {
	return ix.bpa.options[cmpOr(vpc.Account, ix.w.Account)+"|"+ix.region(vpc)]
}

// bpaBlocks reports whether mode blocks a connection that an interface of
// an excluded (exclusion mode excl, "" for none) subnet opens through an
// internet gateway; viaNAT is set when that interface is a NAT gateway's
// (aws-rules 4.10.2, 4.10.3).
func bpaBlocks(mode, excl string, viaNAT bool) bool {
	switch mode {
	case model.BPABidirectional:
		return excl == ""
	case model.BPAIngress:
		return !viaNAT && excl != model.BPAAllowBidirectional
	}
	return false
}

// bpaExclusion is the exclusion that exempts subnet s (or its VPC) the
// most, and whether an exclusion the input does not determine may name
// it or exempt it more.
func (ix *index) bpaExclusion(s *model.Subnet) (best *model.BPAExclusion, maybe []*model.BPAExclusion) {
	for _, x := range append(append([]*model.BPAExclusion{}, ix.bpa.exclusions[s.ID]...), ix.bpa.exclusions[s.VPC]...) {
		switch {
		case x.Mode == "":
			maybe = append(maybe, x)
		case best == nil || x.Mode == model.BPAAllowBidirectional && best.Mode != model.BPAAllowBidirectional:
			best = x
		}
	}
	return best, append(maybe, ix.bpa.open...)
}

// blockPublicAccess checks VPC Block Public Access for a connection that
// pos's sender opens through internet gateway igw (aws-rules 4.10). It
// records a step only when the input holds a BPA setting for the VPC's
// account and Region.
func (t *tracer) blockPublicAccess(pos position, igw *model.InternetGateway) {
	opts := t.ix.bpaOptions(pos.vpc)
	s := pos.egressSubnet
	if opts == nil || s == nil {
		return
	}
	modes := []string{opts.Mode}
	modeOpen := t.ix.unknowns[string(model.KindBlockPublicAccess)+"|"+opts.ID]
	if opts.Mode == "" {
		modes = []string{model.BPABidirectional, model.BPAIngress} // off blocks nothing
	}
	best, maybe := t.ix.bpaExclusion(s)
	excl := ""
	if best != nil {
		excl = best.Mode
	}
	var blockedIn []string
	for _, m := range modes {
		if bpaBlocks(m, excl, pos.natGateway) {
			blockedIn = append(blockedIn, m)
		}
	}
	who := bpaSender(pos, s)
	if len(blockedIn) == 0 {
		t.step(Step{Type: StepBlockPublicAccess, Action: ActionAllowed, Source: opts.Source, Rule: opts.ID,
			Detail: bpaAllowed(opts, best, who, pos.natGateway)})
		return
	}
	var undecided []model.Unknown
	if len(modes) > 1 {
		undecided = append(undecided, modeOpen...)
	}
	for _, x := range maybe {
		undecided = append(undecided, t.ix.unknowns[string(model.KindBPAExclusion)+"|"+x.ID]...)
	}
	if len(undecided) > 0 {
		t.step(Step{Type: StepBlockPublicAccess, Action: ActionUnknown, Source: opts.Source, Rule: opts.ID,
			Detail: fmt.Sprintf("VPC Block Public Access (%s) blocks %s through internet gateway %s in mode %s unless an exclusion covers %s; the input does not determine %s (aws-rules 4.10.6)",
				opts.ID, who, igw.ID, strings.Join(blockedIn, " or "), s.ID, unknownFields(undecided))})
		for _, u := range undecided {
			t.openSetting(openNote{setting: u, matters: true, effect: "it decides whether VPC Block Public Access blocks this call (aws-rules 4.10.6)"})
		}
		return
	}
	t.step(Step{Type: StepBlockPublicAccess, Action: ActionDenied, Reason: VPCBPABlocked, Source: opts.Source, Rule: opts.ID,
		Detail: bpaDenied(opts, best, who, igw, s, pos.natGateway)})
	t.blockFix(VPCBPABlocked, Unreachable, Fix{Advice: bpaFix(opts.Mode, s, pos.natGateway)})
}

// bpaSender names the interface whose traffic the internet gateway sees.
func bpaSender(pos position, s *model.Subnet) string {
	if strings.Contains(pos.srcLabel, s.ID) {
		return pos.srcLabel
	}
	return pos.srcLabel + " (subnet " + s.ID + ")"
}

func bpaAllowed(opts *model.BlockPublicAccess, best *model.BPAExclusion, who string, viaNAT bool) string {
	switch {
	case opts.Mode == model.BPAOff:
		return fmt.Sprintf("VPC Block Public Access (%s) is off for this account and Region (aws-rules 4.10.1)", opts.ID)
	case best != nil && (opts.Mode == model.BPABidirectional || best.Mode == model.BPAAllowBidirectional):
		return fmt.Sprintf("VPC Block Public Access (%s) is %s, but exclusion %s (%s) exempts %s (aws-rules 4.10.2, 4.10.4)", opts.ID, opts.Mode, best.ID, best.Mode, who)
	case viaNAT:
		return fmt.Sprintf("VPC Block Public Access (%s) is %s, which lets NAT gateway traffic through: %s opens the connection (aws-rules 4.10.3)", opts.ID, opts.Mode, who)
	}
	return fmt.Sprintf("VPC Block Public Access (%s) lets %s through (aws-rules 4.10)", opts.ID, who)
}

func bpaDenied(opts *model.BlockPublicAccess, best *model.BPAExclusion, who string, igw *model.InternetGateway, s *model.Subnet, viaNAT bool) string {
	if opts.Mode == model.BPAIngress {
		d := fmt.Sprintf("VPC Block Public Access (%s) is block-ingress: only NAT gateway and egress-only gateway traffic may use the internet, and %s uses internet gateway %s directly (aws-rules 4.10.3)", opts.ID, who, igw.ID)
		if best != nil {
			d += fmt.Sprintf("; exclusion %s is %s, which has effect only in block-bidirectional mode", best.ID, best.Mode)
		}
		return d
	}
	d := fmt.Sprintf("VPC Block Public Access (%s) is block-bidirectional and no exclusion covers subnet %s or vpc %s, so internet gateway %s drops the traffic of %s (aws-rules 4.10.2, 4.10.4)", opts.ID, s.ID, s.VPC, igw.ID, who)
	if viaNAT {
		d += "; a NAT gateway path needs the NAT gateway's subnet excluded (aws-rules 10.34)"
	}
	return d
}

func bpaFix(mode string, s *model.Subnet, viaNAT bool) string {
	if mode == model.BPAIngress {
		return fmt.Sprintf("route the call through a NAT gateway, which block-ingress mode lets through, or exclude subnet %s (or vpc %s) with internet_gateway_exclusion_mode = allow-bidirectional (aws_vpc_block_public_access_exclusion; scenario block_public_access_exclusions)", s.ID, s.VPC)
	}
	what := "subnet " + s.ID
	if viaNAT {
		what = "the NAT gateway's subnet " + s.ID
	}
	return fmt.Sprintf("exclude %s (or vpc %s) from VPC Block Public Access with internet_gateway_exclusion_mode = allow-egress (aws_vpc_block_public_access_exclusion; scenario block_public_access_exclusions), or reach the service through a VPC endpoint, which BPA does not affect (aws-rules 4.10.5)", what, s.VPC)
}

// unknownFields names undetermined settings: "FIELD of ID, ...".
func unknownFields(us []model.Unknown) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = u.Field + " of " + u.ID
	}
	return strings.Join(parts, ", ")
}
