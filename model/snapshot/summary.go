package snapshot

import (
	"fmt"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// MissingSummary returns one warning for each AWS CLI command whose output
// the settings of w.Unknowns wait on (their Fix), with how many they are
// and the first, so that the warnings list at once everything a snapshot
// lacks: each call names only what stops it first (aws-rules 11.1.4).
func MissingSummary(w *model.World) model.Diagnostics {
	if w == nil {
		return nil
	}
	type wanted struct {
		n     int
		first model.Unknown
	}
	by := map[string]*wanted{}
	var order []string
	for _, u := range w.Unknowns {
		rest, ok := strings.CutPrefix(u.Fix, missingFix)
		words := strings.Fields(rest)
		if !ok || len(words) < 3 {
			continue
		}
		cmd := strings.Join(words[:3], " ")
		if by[cmd] == nil {
			by[cmd] = &wanted{first: u}
			order = append(order, cmd)
		}
		by[cmd].n++
	}
	var out model.Diagnostics
	for _, cmd := range order {
		x := by[cmd]
		what := "1 setting is"
		if x.n > 1 {
			what = fmt.Sprintf("%d settings are", x.n)
		}
		out = append(out, model.Diagnostic{Severity: model.SeverityWarning, Code: CodeMissing, Source: x.first.Source,
			Message: fmt.Sprintf("%s unknown for want of %s output (the first: %s of %s %s); %s", what, cmd, x.first.Field, x.first.Kind, x.first.ID, x.first.Fix)})
	}
	return out
}
