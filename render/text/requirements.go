package text

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/sim"
)

// WriteRequirements writes reqs as an aligned table (use case, endpoint
// services needed, the interface the calls are made from) for the given
// launch type and platform version, followed by the rows' notes, numbered;
// rows with the same note share its number.
func WriteRequirements(w io.Writer, launchType, platformVersion string, reqs []sim.Requirement) error {
	p := &printer{}
	p.println(requirementsTitle(launchType, platformVersion))
	p.println()
	rows := [][]cell{{plain("USE CASE"), plain("ENDPOINTS NEEDED"), plain("MADE FROM")}}
	var notes []string
	for _, r := range reqs {
		use := r.Use
		if r.Note != "" {
			n := slices.Index(notes, r.Note)
			if n < 0 {
				notes = append(notes, r.Note)
				n = len(notes) - 1
			}
			use += fmt.Sprintf(" [%d]", n+1)
		}
		rows = append(rows, []cell{plain(use), plain(endpointList(r.Endpoints)), plain(string(r.Origin))})
	}
	ws := columnWidths(rows)
	for _, row := range rows {
		p.println(callIndent, p.formatRow(row, ws))
	}
	if len(reqs) == 0 {
		p.println(callIndent, "(no use cases)")
	}
	p.numberedNotes(notes)
	_, err := w.Write(p.buf.Bytes())
	return err
}

func requirementsTitle(launchType, platformVersion string) string {
	title := "Endpoints needed by " + sanitize(launchType) + " tasks"
	if platformVersion != "" {
		title += " on platform version " + sanitize(platformVersion)
	}
	return title + ":"
}

// endpointList joins endpoint services, or says "none".
func endpointList(endpoints []string) string {
	if len(endpoints) == 0 {
		return "none"
	}
	return strings.Join(endpoints, ", ")
}

// numberedNotes writes notes as "[n] text", wrapped with a hanging indent.
func (p *printer) numberedNotes(notes []string) {
	if len(notes) == 0 {
		return
	}
	p.println()
	p.println("Notes:")
	for i, n := range notes {
		label := fmt.Sprintf("[%d] ", i+1)
		hang := strings.Repeat(" ", width(label))
		for j, line := range wrap(sanitize(n), wrapWidth(callIndent+label)) {
			if j == 0 {
				p.println(callIndent, label, line)
			} else {
				p.println(callIndent, hang, line)
			}
		}
	}
}
