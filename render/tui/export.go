package tui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/sim"
)

// Exports write the current state (the world with the what-ifs applied)
// to a new file in the Model's output directory. They run as commands, off
// the update loop, and report with an exportedMsg.

// exportedMsg reports the end of an export.
type exportedMsg struct {
	what string // "diagram", "scenario"
	path string
	err  error
}

func (e exportedMsg) status() string {
	if e.err != nil {
		return "cannot export the " + e.what + ": " + sanitize(e.err.Error())
	}
	return "wrote " + e.what + " " + sanitize(e.path)
}

// exportSVG starts writing the diagram of the selected call's workload,
// with that call's paths, to vpctrace-WORKLOAD-CALL.svg.
func (m *Model) exportSVG() tea.Cmd {
	c, ok := m.selected()
	if !ok {
		m.status = "select a call to export its diagram"
		return nil
	}
	wl := m.trial.Report().Workloads[m.rows[m.cursor].wl]
	w, dir, draw := m.trial.World(), m.outDir, m.draw
	// Only the selected workload: names need not be unique.
	r := sim.Report{Workloads: []sim.WorkloadResult{wl}}
	base := "vpctrace-" + fileName(wl.Name) + "-" + fileName(string(c.Kind))
	m.status = "exporting the diagram of " + sanitize(wl.Name) + " · " + string(c.Kind) + "…"
	return func() tea.Msg {
		msg := exportedMsg{what: "diagram"}
		if draw == nil {
			msg.err = errors.New("this program draws no diagrams (no Options.Draw)")
			return msg
		}
		g, err := diagram.Build(w, r, diagram.Options{Call: string(c.Kind)})
		if err != nil {
			msg.err = err
			return msg
		}
		data, err := draw(context.Background(), g.DOT(), diagram.FormatSVG)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.path, msg.err = writeNew(dir, base, ".svg", data)
		return msg
	}
}

// exportYAML starts writing the world with the what-ifs applied as a
// scenario file, vpctrace-export.yaml.
func (m *Model) exportYAML() tea.Cmd {
	w, dir := m.trial.World(), m.outDir
	m.status = "exporting the scenario…"
	return func() tea.Msg {
		msg := exportedMsg{what: "scenario"}
		data, err := scenario.Encode(w)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.path, msg.err = writeNew(dir, "vpctrace-export", ".yaml", data)
		return msg
	}
}

// writeNew writes data to dir/base+ext, or to base-1, base-2, ... when
// that exists: it never replaces a file. It returns the path written.
func writeNew(dir, base, ext string, data []byte) (string, error) {
	for i := 0; i < 1000; i++ {
		name := base + ext
		if i > 0 {
			name = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		path := name
		if dir != "" {
			path = filepath.Join(dir, name)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s%s and 999 numbered variants exist in %q", base, ext, dir)
}

// fileName makes a name safe as part of a file name: letters, digits,
// dots, dashes and underscores, other runs of characters as one dash, at
// most 60 bytes.
func fileName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if len(out) > 60 {
		out = strings.Trim(out[:60], "-.")
	}
	if out == "" {
		return "workload"
	}
	return out
}
