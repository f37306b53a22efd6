package present

import (
	"strings"

	"github.com/vpctrace/vpctrace/sim"
)

// StepType is the step's type, or "" when the hop's kind says it (a route
// table routes) or the action does ("delivered").
func StepType(h sim.Hop, s sim.Step) string {
	if s.Type == impliedStep(h.Kind) || strings.HasPrefix(string(s.Action), string(s.Type)) {
		return ""
	}
	return string(s.Type)
}

// impliedStep is the type of check a hop of kind k is for, or "" when it
// makes several (an interface's security groups and an endpoint's policy).
func impliedStep(k sim.HopKind) sim.StepType {
	switch k {
	case sim.HopDNSResolver:
		return sim.StepDNS
	case sim.HopRouteTable, sim.HopReturnRouteTable:
		return sim.StepRoute
	case sim.HopNetworkACL:
		return sim.StepNACL
	case sim.HopNATGateway:
		return sim.StepNAT
	case sim.HopService:
		return sim.StepDeliver
	case sim.HopTransitGateway:
		return sim.StepTransitGateway
	case sim.HopPeering:
		return sim.StepPeering
	case sim.HopNetworkFirewall:
		return sim.StepNetworkFirewall
	case sim.HopPlatform:
		return sim.StepPlatform
	case sim.HopInput:
		return sim.StepInput
	}
	return ""
}

// StepDetail is the step's detail without its first word when that is
// the action; colon says whether it needs one after the action (it does
// not when it goes on from it: "resolved NAME to ...").
func StepDetail(s sim.Step) (detail string, colon bool) {
	detail = strings.TrimSpace(s.Detail)
	if rest, ok := strings.CutPrefix(detail, string(s.Action)+" "); ok {
		return rest, false
	}
	return detail, true
}
