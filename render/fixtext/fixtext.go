// Package fixtext writes what vpctrace fix found as text: the workloads
// that would not start, each strategy's changes with the calls they fix
// and their monthly cost, the strategy chosen, and the patch as a unified
// diff, or why there is none.
package fixtext

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/internal/sanitize"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Report is everything vpctrace fix says about one input.
type Report struct {
	// Input names the input, as the user gave it.
	Input string
	// Base is the world read from the input.
	Base   *model.World
	Result fix.Result
	// Costs holds the monthly cost of each plan of Result, by index; a
	// plan with no cost has none.
	Costs map[int][]string
	// Chosen is the index in Result.Plans of the plan the patch writes,
	// or -1; Choice says why it was chosen.
	Chosen int
	Choice string
	// Diff is the patch; Unpatched says why there is none when a plan
	// was chosen.
	Diff      string
	Unpatched string
	// Proven says the patched input was read and traced again, and what
	// it showed.
	Proven string
	// Applied names the files written by --apply; Next says what to do
	// next.
	Applied []string
	Next    string
}

// Write writes r.
func Write(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "vpctrace fix: %s\n\n", sanitize.String(r.Input))
	writeUntraced(&b, r.Result.Before)
	if len(r.Result.Failing) == 0 {
		b.WriteString("No workload that can be traced would fail to start: nothing to fix.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	writeFailing(&b, r.Result.Before)
	same := len(r.Result.Plans) == 2 && slices.Equal(r.Result.Plans[0].Changes, r.Result.Plans[1].Changes)
	for i, p := range r.Result.Plans {
		if same && i > 0 {
			break
		}
		writePlan(&b, r, i, p, same)
	}
	if r.Choice != "" {
		fmt.Fprintf(&b, "%s\n\n", r.Choice)
	}
	switch {
	case r.Chosen < 0:
	case r.Diff == "":
		fmt.Fprintf(&b, "No patch: %s\n", r.Unpatched)
	default:
		if r.Proven != "" {
			fmt.Fprintf(&b, "%s\n\n", r.Proven)
		}
		b.WriteString(r.Diff)
		if !strings.HasSuffix(r.Diff, "\n") {
			b.WriteString("\n")
		}
	}
	if len(r.Applied) > 0 {
		fmt.Fprintf(&b, "\nWrote %s.\n", strings.Join(r.Applied, ", "))
	}
	if r.Next != "" {
		fmt.Fprintf(&b, "\n%s\n", r.Next)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeUntraced lists the workloads whose calls cannot be listed, which
// no change can fix until the input says what they are.
func writeUntraced(b *strings.Builder, r sim.Report) {
	for _, wl := range r.Workloads {
		if wl.Traced {
			continue
		}
		var whys []string
		for _, m := range wl.Missing {
			whys = append(whys, m.What+" ("+m.Why+")")
		}
		fmt.Fprintf(b, "Cannot be traced, so nothing to fix in it: %s: %s\n", sanitize.String(wl.Name), sanitize.String(strings.Join(whys, "; ")))
	}
}

// writeFailing lists the workloads that would not start, with the first
// call that stops each.
func writeFailing(b *strings.Builder, r sim.Report) {
	b.WriteString("Would not start:\n")
	for _, wl := range r.Workloads {
		if wl.Outcome != sim.OutcomeFails {
			continue
		}
		var codes []string
		for _, c := range wl.Calls {
			if c.Phase == sim.PhaseStart && c.Verdict == sim.Unreachable && c.StopsTask != sim.StopsNo {
				codes = append(codes, fmt.Sprintf("%s %s", c.Kind, c.Reason))
			}
		}
		fmt.Fprintf(b, "  %s: %s\n", sanitize.String(wl.Name), strings.Join(codes, ", "))
	}
	b.WriteString("\n")
}

// writePlan writes plan p, the i-th of r.
func writePlan(b *strings.Builder, r Report, i int, p fix.Plan, same bool) {
	name := "Strategy " + string(p.Strategy)
	if same {
		name = "Both strategies (endpoints and nat) need the same changes"
	}
	switch {
	case len(p.Changes) == 0 && same:
		b.WriteString("No change vpctrace knows helps, whatever the strategy:\n")
	case len(p.Changes) == 0:
		fmt.Fprintf(b, "%s: no change vpctrace knows helps.\n", name)
	case p.Works():
		fmt.Fprintf(b, "%s: every workload starts after %s (verified by tracing the changed input):\n", name, count(len(p.Changes), "change"))
	case len(p.Changes) == 1:
		fmt.Fprintf(b, "%s: 1 change makes some calls work, but not all:\n", name)
	default:
		fmt.Fprintf(b, "%s: %s make some calls work, but not all:\n", name, count(len(p.Changes), "change"))
	}
	for j := range p.Changes {
		fmt.Fprintf(b, "  %d. %s\n", j+1, Describe(p, j))
		if j < len(p.Fixes) && len(p.Fixes[j]) > 0 {
			fmt.Fprintf(b, "     for %s\n", sanitize.String(strings.Join(p.Fixes[j], ", ")))
		}
	}
	for _, g := range groupUnfixed(p.Unfixed) {
		fmt.Fprintf(b, "  no fix: %s %s from %s (%s): %s\n", sanitize.String(g.Workload), g.Call, sanitize.String(g.Subnet), g.Reason, sanitize.String(g.Why))
	}
	for _, line := range r.Costs[i] {
		fmt.Fprintf(b, "  %s\n", line)
	}
	b.WriteString("\n")
}

// Describe says what the i-th change of plan p does, in the words of the
// input.
func Describe(p fix.Plan, i int) string {
	c := p.Changes[i]
	switch c.Kind {
	case whatif.AddEndpoint:
		if e := findEndpoint(p.World, p.Added[i]); e != nil {
			if e.Type == model.EndpointGateway {
				return sanitize.String(fmt.Sprintf("add a gateway endpoint for %s in vpc %s, on route tables %s (free)", e.ServiceName, e.VPC, strings.Join(e.RouteTables, ", ")))
			}
			kind := "an interface endpoint"
			if e.IPAddressType != "" {
				kind = "an " + e.IPAddressType + " interface endpoint"
			}
			return sanitize.String(fmt.Sprintf("add %s for %s with private DNS in vpc %s: subnets %s, %s", kind, e.ServiceName, e.VPC, strings.Join(e.Subnets, ", "), groupsOf(p.World, e)))
		}
	case whatif.FlipPublicIP:
		return sanitize.String(fmt.Sprintf("give the tasks of service %s a public IP (assignPublicIp ENABLED)", c.Target))
	case whatif.AllowNACL:
		return sanitize.String(fmt.Sprintf("network ACL %s: allow %s TCP %s %s 0.0.0.0/0", c.Target, c.Value, portsOf(c), map[string]string{"ingress": "from", "egress": "to"}[c.Value]))
	}
	return c.Label()
}

// groupUnfixed merges the placements of a call that have no fix for the
// same reason: their subnets are listed together, in order.
func groupUnfixed(us []fix.Unfixed) []fix.Unfixed {
	var out []fix.Unfixed
	for _, u := range us {
		i := slices.IndexFunc(out, func(g fix.Unfixed) bool {
			return g.Workload == u.Workload && g.Call == u.Call && g.Resource == u.Resource && g.Reason == u.Reason && g.Why == u.Why
		})
		if i < 0 {
			out = append(out, u)
			continue
		}
		out[i].Subnet += ", " + u.Subnet
	}
	return out
}

// groupsOf says which security groups guard endpoint e: its groups, or
// the new group whatif makes, which admits HTTPS from the groups of the
// VPC's services (or from the VPC's CIDRs).
func groupsOf(w *model.World, e *model.Endpoint) string {
	if len(e.SecurityGroups) == 1 && e.SecurityGroups[0] == whatif.EndpointGroupID(e.VPC) {
		for _, g := range w.SecurityGroups {
			if g.ID == e.SecurityGroups[0] && len(g.Ingress) > 0 {
				from := strings.Join(g.Ingress[0].SecurityGroups, ", ")
				if from == "" {
					from = "the VPC's CIDRs"
				}
				return "a new security group that admits HTTPS from " + from
			}
		}
	}
	return "security groups " + strings.Join(e.SecurityGroups, ", ")
}

// portsOf is the port range an AllowNACL change opens.
func portsOf(c whatif.Change) string {
	if c.Port == 0 {
		return "1024-65535 (return traffic)"
	}
	return fmt.Sprint(c.Port)
}

func findEndpoint(w *model.World, id string) *model.Endpoint {
	if w == nil {
		return nil
	}
	for i := range w.Endpoints {
		if w.Endpoints[i].ID == id {
			return &w.Endpoints[i]
		}
	}
	return nil
}

// count writes n things: "1 change", "3 changes".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
