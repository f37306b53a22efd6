package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kindFields are the checks TestKindFields makes of every kind, by the
// field they check: each kind must describe all of these.
var kindFields = []struct {
	field string
	ok    func(Kind) bool
}{
	{"name", func(k Kind) bool { return regexp.MustCompile(`^[a-z][a-z0-9-]*$`).MatchString(k.Name) }},
	{"doc line", func(k Kind) bool { return oneLine(k.Doc) }},
	{"endpoint service", func(k Kind) bool { return k.Service != "" && !strings.HasPrefix(k.Service, "com.amazonaws.") }},
	{"host template", func(k Kind) bool { return validTemplate(k.HostTemplate) }},
	{"port", func(k Kind) bool { return k.Port > 0 && k.Port < 1<<16 }},
	{"phase", func(k Kind) bool { return k.Phase == PhaseStart || k.Phase == PhaseRuntime }},
	{"failure rank", func(k Kind) bool { return (k.Phase == PhaseStart) == (k.Rank > 0) && k.Rank >= 0 }},
	{"requirements row", func(k Kind) bool { return slices.ContainsFunc(Uses, func(u Use) bool { return u.Name == k.Use }) }},
	{"principal", func(k Kind) bool { return slices.Contains(Principals, k.Principal) }},
	{"stop-reason form", func(k Kind) bool { return slices.Contains(Forms, k.Form) }},
	{"aws-rules of the call (section 1)", func(k Kind) bool { return hasRuleIn(k, "1.") }},
	{"aws-rules of its stoppedReason (section 7)", func(k Kind) bool { return hasRuleIn(k, "7.") }},
}

// TestKindFields checks that every kind describes every field: a kind
// that lacks one is listed with the fields it lacks.
func TestKindFields(t *testing.T) {
	got := map[string][]string{}
	for _, k := range Kinds {
		for _, f := range kindFields {
			if !f.ok(k) {
				got[k.Name] = append(got[k.Name], f.field)
			}
		}
	}
	if diff := cmp.Diff(map[string][]string{}, got); diff != "" {
		t.Errorf("kinds lack fields (-want +got):\n%s", diff)
	}
}

// TestKindsUnique checks that kind names, and the failure ranks of
// start-phase kinds, are each given once: the stoppedReason names the
// failing call of the lowest rank, so two kinds of one rank would make it
// depend on the order of the calls.
func TestKindsUnique(t *testing.T) {
	names, ranks := map[string][]string{}, map[int][]string{}
	for _, k := range Kinds {
		names[k.Name] = append(names[k.Name], k.Name)
		if k.Phase == PhaseStart {
			ranks[k.Rank] = append(ranks[k.Rank], k.Name)
		}
	}
	if diff := cmp.Diff(map[string][]string{}, shared(names)); diff != "" {
		t.Errorf("kinds share a name (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[int][]string{}, shared(ranks)); diff != "" {
		t.Errorf("start-phase kinds share a failure rank (-want +got):\n%s", diff)
	}
}

// shared returns the entries of m with more than one kind.
func shared[K comparable](m map[K][]string) map[K][]string {
	out := map[K][]string{}
	for key, kinds := range m {
		if len(kinds) > 1 {
			out[key] = kinds
		}
	}
	return out
}

// useChecks are the checks TestUses makes of every row of the
// requirements table.
var useChecks = []struct {
	what string
	ok   func(u Use, kinds []Kind) bool
}{
	{"no kind", func(_ Use, kinds []Kind) bool { return len(kinds) > 0 }},
	{"a note exactly when no endpoint serves its calls", func(u Use, kinds []Kind) bool {
		none := !slices.ContainsFunc(kinds, func(k Kind) bool { return k.Service != NoService })
		return (u.Note != "") == none
	}},
	{"a note of one line", func(u Use, _ []Kind) bool { return u.Note == "" || oneLine(u.Note) }},
}

// TestUses checks the rows of the requirements table, listing each row
// with the checks it fails.
func TestUses(t *testing.T) {
	got := map[string][]string{}
	for _, u := range Uses {
		for _, c := range useChecks {
			if !c.ok(u, KindsOf(u.Name)) {
				got[u.Name] = append(got[u.Name], c.what)
			}
		}
	}
	if diff := cmp.Diff(map[string][]string{}, got); diff != "" {
		t.Errorf("rows of Uses (-want +got):\n%s", diff)
	}
}

// TestHost checks that Host fills every placeholder.
func TestHost(t *testing.T) {
	v := HostValues{Region: "eu-west-1", Registry: "ghcr.io", Bucket: "config", FileSystem: "fs-12345678"}
	var got []string
	for _, name := range []string{CallECRAuth, CallECRImage, CallECRLayers, CallEnvFile, CallEFS} {
		k, ok := KindNamed(name)
		if !ok {
			t.Fatalf("KindNamed(%q) finds nothing", name)
		}
		got = append(got, k.Host(v))
	}
	want := []string{
		"api.ecr.eu-west-1.amazonaws.com",
		"ghcr.io",
		"prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com",
		"config.s3.eu-west-1.amazonaws.com",
		"fs-12345678.efs.eu-west-1.amazonaws.com",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
}

func oneLine(s string) bool {
	return s != "" && !strings.Contains(s, "\n") && strings.HasSuffix(s, ".")
}

var placeholder = regexp.MustCompile(`\{[^}]*\}`)

// validTemplate reports whether tmpl is a host whose placeholders are all
// ones Host fills.
func validTemplate(tmpl string) bool {
	for _, p := range placeholder.FindAllString(tmpl, -1) {
		if !slices.Contains(Placeholders, p) {
			return false
		}
	}
	host := placeholder.ReplaceAllString(tmpl, "x")
	return host != "" && !strings.ContainsAny(host, "{}/: ")
}

func hasRuleIn(k Kind, section string) bool {
	return slices.ContainsFunc(k.Rules, func(r string) bool { return strings.HasPrefix(r, section) })
}
