package catalog

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite docs/reasons.md from the catalog")

// repoRoot is the repository, from this package's directory.
const repoRoot = ".."

// TestEntries checks that every code is listed once, with a one-line
// summary that is a sentence.
func TestEntries(t *testing.T) {
	for name, entries := range map[string][]Entry{"Reasons": Reasons, "Diagnostics": Diagnostics} {
		seen := map[string]bool{}
		for _, e := range entries {
			if seen[e.Code] {
				t.Errorf("%s: %s is listed twice", name, e.Code)
			}
			seen[e.Code] = true
			if e.Summary == "" || strings.Contains(e.Summary, "\n") || !strings.HasSuffix(e.Summary, ".") {
				t.Errorf("%s: %s: the summary %q is not one line ending in a period", name, e.Code, e.Summary)
			}
		}
	}
}

// TestRulesExist checks that every rule the catalog names, for a code or
// a call kind, is a rule of docs/aws-rules.md.
func TestRulesExist(t *testing.T) {
	rules := awsRules(t)
	for _, e := range slices.Concat(Reasons, Diagnostics) {
		for _, r := range e.Rules {
			if !rules[r] {
				t.Errorf("%s names rule %s, which docs/aws-rules.md does not have", e.Code, r)
			}
		}
	}
	for _, k := range Kinds {
		for _, r := range k.Rules {
			if !rules[r] {
				t.Errorf("call kind %s names rule %s, which docs/aws-rules.md does not have", k.Name, r)
			}
		}
	}
}

// TestRulesHaveSources checks that every rule of docs/aws-rules.md names
// its public sources, or says that it is vpctrace's own choice.
func TestRulesHaveSources(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "docs", "aws-rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := regexp.MustCompile(`(?m)^\s*- <a id="rule-([\d.]+)"></a>`)
	locs := start.FindAllSubmatchIndex(data, -1)
	for i, m := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		// A rule ends at the next rule or heading.
		text := string(data[m[0]:end])
		if h := strings.Index(text, "\n#"); h >= 0 {
			text = text[:h]
		}
		if !strings.Contains(text, "https://") && !strings.Contains(text, "vpctrace") {
			t.Errorf("rule %s names no source and is not marked as vpctrace's choice", data[m[2]:m[3]])
		}
	}
	if len(locs) < 100 {
		t.Errorf("found %d rules; the pattern no longer matches the document", len(locs))
	}
}

// TestDiagnosticCodesListed checks that every diagnostic code the code
// base reports (a Code... or code... constant, a CodeAWSRejects suffix, or
// the code given to the engine's diag) has an entry, and every entry is
// still reported somewhere.
func TestDiagnosticCodesListed(t *testing.T) {
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\b[Cc]ode[A-Z]\w*\s*=\s*"([a-z0-9-]+)"`),
		regexp.MustCompile(`CodeAWSRejects\+"([a-z0-9-]+)"`),
		regexp.MustCompile(`\.diag\(model\.Severity\w+,\s*"([a-z0-9-]+)"`),
	}
	used := map[string]string{}
	walk(t, func(path string, data []byte) {
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return
		}
		for i, p := range patterns {
			for _, m := range p.FindAllSubmatch(data, -1) {
				code := string(m[1])
				if i == 1 {
					code = "aws-rejects-" + code
				}
				if code != "aws-rejects-" {
					used[code] = path
				}
			}
		}
	})
	for code, path := range used {
		if _, ok := Diagnostic(code); !ok {
			if _, ok := Reason(code); !ok {
				t.Errorf("%s reports diagnostic code %q, which the catalog does not describe", path, code)
			}
		}
	}
	for _, e := range Diagnostics {
		if _, ok := used[e.Code]; !ok {
			t.Errorf("the catalog describes diagnostic code %q, which no code reports", e.Code)
		}
	}
}

// citation matches "aws-rules 4.2.1", "aws-rules.md 1.2.1, 1.2.6" or
// "aws-rules section 7", also where a comment wraps the line.
var citation = regexp.MustCompile(`aws-rules(?:\.md)?(?:\s|//|#)*(?:section\s+|§)?(\d+(?:\.\d+)*)((?:(?:,|\s+and|\s+to|-)(?:\s|//|#)*\d+\.\d+(?:\.\d+)*)*)`)

var ruleNumber = regexp.MustCompile(`\d+(?:\.\d+)+|\d+`)

// TestCitations checks that every citation of docs/aws-rules.md in the
// repository (code, tests, messages, fixtures, goldens, docs) names a rule
// it has.
func TestCitations(t *testing.T) {
	rules := awsRules(t)
	count := 0
	walk(t, func(path string, data []byte) {
		for _, m := range citation.FindAllSubmatchIndex(data, -1) {
			count++
			ids := append([]string{string(data[m[2]:m[3]])}, ruleNumber.FindAllString(string(data[m[4]:m[5]]), -1)...)
			for _, id := range ids {
				if !rules[id] {
					line := bytes.Count(data[:m[0]], []byte("\n")) + 1
					t.Errorf("%s:%d cites aws-rules %s, which docs/aws-rules.md does not have", path, line, id)
				}
			}
		}
	})
	if count < 100 {
		t.Errorf("found %d citations; the pattern no longer matches how the code cites rules", count)
	}
}

// TestReasonsDoc checks that docs/reasons.md is what the catalog
// generates; go test ./catalog -update rewrites it.
func TestReasonsDoc(t *testing.T) {
	path := filepath.Join(repoRoot, "docs", "reasons.md")
	want := reasonsDoc()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("docs/reasons.md is out of date (run go test ./catalog -update) (-want +got):\n%s", diff)
	}
}

// reasonsDoc writes docs/reasons.md.
func reasonsDoc() []byte {
	var b bytes.Buffer
	b.WriteString("# Reason and diagnostic codes\n\n")
	b.WriteString("<!-- Generated from package catalog by `go test ./catalog -update`; do not edit. -->\n\n")
	b.WriteString("A call that is not reachable carries a **reason code**: the first setting on its path that\n")
	b.WriteString("blocks it. Readers and the engine report **diagnostics**, each with a code. The codes are\n")
	b.WriteString("stable; the rules are those of [aws-rules.md](aws-rules.md).\n\n")
	b.WriteString("## Reason codes\n\n")
	table(&b, Reasons, ReasonAnchor)
	b.WriteString("\n## Diagnostic codes\n\n")
	b.WriteString("An error diagnostic makes `vpctrace trace` exit with status 2.\n\n")
	table(&b, Diagnostics, nil)
	return b.Bytes()
}

// table writes entries as a table; with anchor, each code's cell opens
// with an HTML anchor to its row.
func table(b *bytes.Buffer, entries []Entry, anchor func(string) string) {
	b.WriteString("| code | meaning | rules |\n|---|---|---|\n")
	for _, e := range entries {
		var rules []string
		for _, r := range e.Rules {
			rules = append(rules, fmt.Sprintf("[%s](aws-rules.md#%s)", r, ruleAnchor(r)))
		}
		var id string
		if anchor != nil {
			id = fmt.Sprintf(`<a id="%s"></a>`, anchor(e.Code))
		}
		fmt.Fprintf(b, "| %s`%s` | %s | %s |\n", id, e.Code, e.Summary, strings.Join(rules, ", "))
	}
}

// ruleAnchor is the HTML anchor docs/aws-rules.md gives rule r ("4.2.1" →
// "rule-4.2.1").
func ruleAnchor(r string) string { return "rule-" + r }

// awsRules reads the rule numbers of docs/aws-rules.md: its section
// headings ("## 4.", "### 4.2") and the rules that open with their number
// in bold ("- **4.2.1**", or a table row "| 10.1 |").
func awsRules(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "docs", "aws-rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	defs := regexp.MustCompile(`(?m)^(?:#{2,4} (\d+(?:\.\d+)*)\.? |\s*- <a id="rule-[\d.]+"></a>\*\*(\d+(?:\.\d+)+)\*\*|\| <a id="rule-[\d.]+"></a>(\d+(?:\.\d+)+) \|)`)
	rules := map[string]bool{}
	for _, m := range defs.FindAllStringSubmatch(string(data), -1) {
		for _, id := range m[1:] {
			if id != "" {
				rules[id] = true
			}
		}
	}
	if len(rules) < 100 {
		t.Fatalf("docs/aws-rules.md defines %d rules; the pattern no longer matches its format", len(rules))
	}
	return rules
}

// walk calls visit with every text file of the repository, but for
// .git and docs/aws-rules.md itself.
func walk(t *testing.T, visit func(path string, data []byte)) {
	t.Helper()
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if path == filepath.Join(repoRoot, "docs", "aws-rules.md") || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 4<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
			visit(filepath.ToSlash(path), data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReasonRules checks that a reason lists the rules whose decisions
// give it, so that docs/reasons.md sends the reader to them.
func TestReasonRules(t *testing.T) {
	cases := []struct{ name, code, rule string }{
		{"3.3.8 a Resolver rule the input does not describe", "UNMODELED", "3.3.8"},
		{"3.9.5 a DNS Firewall rule whose match the input does not tell", "UNMODELED", "3.9.5"},
		{"4.2.4 a target vpctrace does not model", "UNMODELED", "4.2.4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i := slices.IndexFunc(Reasons, func(e Entry) bool { return e.Code == c.code })
			if i < 0 {
				t.Fatalf("no reason %s", c.code)
			}
			if !slices.Contains(Reasons[i].Rules, c.rule) {
				t.Errorf("%s lists rules %v, not %s", c.code, Reasons[i].Rules, c.rule)
			}
		})
	}
}
