package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCombine6 checks how the possible traces of an IPv6-only call decide
// it (aws-rules 10.41, 10.42): one verdict stands; a reachable and a
// blocked one make the call unknown with the blocked path and the facts;
// open ones name the facts too.
func TestCombine6(t *testing.T) {
	fact := Missing{What: "which name Fargate uses for logs in IPv6-only mode", Why: "not public"}
	reach := traced{PlacementResult: PlacementResult{Verdict: Reachable, Via: ViaEgressOnlyGateway, Explanation: "Reachable."}}
	block := traced{PlacementResult: PlacementResult{Verdict: Unreachable, Reason: NoRoute, Blockers: []Reason{NoRoute}, Explanation: "Blocked."}}
	open := traced{PlacementResult: PlacementResult{Verdict: Unknown, Reason: Unmodeled, Blockers: []Reason{Unmodeled}, Explanation: "Open."},
		missing: []Missing{{What: "a route"}}}
	alt := func(t traced, cond string) alt6 { return alt6{facts: []Missing{fact}, conds: []string{cond}, t: t} }
	type got struct {
		Verdict     Verdict
		Via         Via
		Reason      Reason
		Missing     []Missing
		Explanation string
	}
	cases := []struct {
		name string
		alts []alt6
		want got
	}{{
		name: "10.41 both names reachable: reachable",
		alts: []alt6{alt(reach, "Fargate uses A"), alt(reach, "Fargate uses B")},
		want: got{Verdict: Reachable, Via: ViaEgressOnlyGateway, Explanation: "Reachable."},
	}, {
		name: "10.41 both names blocked: the first path's block",
		alts: []alt6{alt(block, "Fargate uses A"), alt(block, "Fargate uses B")},
		want: got{Verdict: Unreachable, Reason: NoRoute, Explanation: "Blocked."},
	}, {
		name: "10.41 one reachable, one blocked: unknown, with the blocked path and the fact",
		alts: []alt6{alt(reach, "Fargate uses A"), alt(block, "Fargate uses B")},
		want: got{Verdict: Unknown, Reason: NoRoute, Missing: []Missing{fact},
			Explanation: "Unknown: which name Fargate uses for logs in IPv6-only mode is not known (not public). If Fargate uses B: Blocked. If Fargate uses A: Reachable."},
	}, {
		name: "10.42 blocked and open: unknown, from the open path",
		alts: []alt6{alt(block, "it has"), alt(open, "it has not")},
		want: got{Verdict: Unknown, Reason: Unmodeled, Missing: []Missing{{What: "a route"}, fact},
			Explanation: "Unknown: which name Fargate uses for logs in IPv6-only mode is not known (not public). If it has not: Open."},
	}, {
		name: "10.42 both open: the facts are open too",
		alts: []alt6{alt(open, "it has"), alt(open, "it has not")},
		want: got{Verdict: Unknown, Reason: Unmodeled, Missing: []Missing{{What: "a route"}, fact}, Explanation: "Open."},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := combine6(c.alts)
			g := got{Verdict: r.Verdict, Via: r.Via, Reason: r.Reason, Missing: r.missing, Explanation: r.Explanation}
			if diff := cmp.Diff(c.want, g); diff != "" {
				t.Errorf("combine6 (-want +got):\n%s", diff)
			}
		})
	}
}
