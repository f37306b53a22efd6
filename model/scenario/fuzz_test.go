package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// FuzzDecode feeds arbitrary bytes to Decode. Decode must not panic, must
// return a world exactly when there is no error, must place every
// diagnostic in the file, and must be deterministic.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(example.Seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		w, diags := scenario.Decode("f.yaml", data)
		if w == nil && !diags.HasErrors() {
			t.Fatalf("nil world without an error diagnostic: %v", diags)
		}
		if w != nil && diags.HasErrors() {
			t.Fatalf("a world despite errors: %v", diags)
		}
		for _, d := range diags {
			if d.Source.File != "f.yaml" || d.Source.Line < 1 || d.Source.Column < 1 {
				t.Errorf("diagnostic without a full position: %v", d)
			}
			if d.Code == scenario.CodeInternal {
				t.Fatalf("decoder bug: %v", d)
			}
			if strings.TrimSpace(d.Message) == "" || d.Code == "" {
				t.Errorf("diagnostic without a message or code: %#v", d)
			}
		}
		w2, diags2 := scenario.Decode("f.yaml", data)
		if diff := cmp.Diff(diags, diags2); diff != "" {
			t.Errorf("diagnostics differ between two runs (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(w, w2, cmpOpts); diff != "" {
			t.Errorf("worlds differ between two runs (-first +second):\n%s", diff)
		}
	})
}

// TestTestdata decodes the scenarios in testdata: valid-*.yaml must decode
// without diagnostics, invalid-*.yaml with at least one error, each placed
// in the file.
func TestTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			w, diags := scenario.LoadFile(name)
			if strings.HasPrefix(filepath.Base(name), "valid-") {
				if w == nil || len(diags) != 0 {
					t.Fatalf("diagnostics:\n%v", diags)
				}
				return
			}
			if w != nil || !diags.HasErrors() {
				t.Fatalf("no error for an invalid scenario")
			}
			for _, d := range diags {
				if d.Source.File != name || d.Source.Line < 1 {
					t.Errorf("diagnostic without a position: %v", d)
				}
			}
		})
	}
}

// TestInvalidManyPositions pins the diagnostics of testdata/invalid-many.yaml:
// problems in different objects are all reported, each at its node.
func TestInvalidManyPositions(t *testing.T) {
	const name = "testdata/invalid-many.yaml"
	at := func(line, col int, code, msg string) model.Diagnostic {
		return model.Diagnostic{Severity: model.SeverityError, Code: code, Message: msg, Source: model.Pos{File: name, Line: line, Column: col}}
	}
	want := model.Diagnostics{
		at(6, 5, scenario.CodeUnknownKey, `unknown key "dns_hostname" in vpcs.v (did you mean "dns_hostnames"? expected one of: cidr, ipv6_cidrs, region, account, dns_support, dns_hostnames, dhcp_options, main_route_table, default_network_acl, default_security_group)`),
		at(8, 37, model.CodeInvalidValue, `subnets.a.cidr: "10.0.1.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`),
		at(9, 12, model.CodeUnknownReference, `vpc refers to "w", which is not defined (expected a vpc)`),
		at(14, 47, model.CodeUnknownReference, `route target refers to "missing", which is not defined (expected a NAT gateway)`),
		at(18, 14, scenario.CodeWrongType, "security_groups.sg.ingress: expected a list of mappings, found a mapping"),
	}
	_, got := scenario.LoadFile(name)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
	}
}
