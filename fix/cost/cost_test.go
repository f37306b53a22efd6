package cost

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// builtinSources are the sources of prices.json.
var builtinSources = []string{
	"https://aws.amazon.com/privatelink/pricing/",
	"https://aws.amazon.com/vpc/pricing/",
	"https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
	"https://basavytix.com/blog/aws-nat-gateway-pricing",
	"https://dev.classmethod.jp/articles/reduce-unnecessary-costs-for-nat-gateway/",
	"https://www.egresscost.com/nat-gateway",
}

// TestDefault checks the built-in table: it loads, gives every price of
// every region above zero, and has the prices of docs/aws-rules.md section
// 8 for the regions it names.
func TestDefault(t *testing.T) {
	tab := Default()
	if tab.Date == "" || len(tab.Sources) == 0 || tab.Origin != builtinOrigin {
		t.Errorf("date %q, sources %q, origin %q", tab.Date, tab.Sources, tab.Origin)
	}
	if diff := cmp.Diff(builtinSources, tab.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	for _, s := range tab.Sources {
		if !strings.HasPrefix(s, "https://") {
			t.Errorf("source %q is not an https address", s)
		}
	}
	for _, r := range tab.RegionNames() {
		p := tab.Regions[r]
		for _, name := range priceFields {
			if v := *field(&p, name); !(v > 0) || math.IsInf(v, 0) {
				t.Errorf("%s %s = %v, want a price above zero", r, name, v)
			}
		}
	}
	want := map[string]Prices{
		"us-east-1": {InterfaceEndpointHour: 0.01, InterfaceEndpointGB: 0.01, NATGatewayHour: 0.045, NATGatewayGB: 0.045, PublicIPv4Hour: 0.005},
		"ap-northeast-1": {InterfaceEndpointHour: 0.014, InterfaceEndpointGB: 0.01, NATGatewayHour: 0.062, NATGatewayGB: 0.062, PublicIPv4Hour: 0.005,
			Note: "the interface endpoint hourly price of ap-northeast-1 is uncertain: a copy of AWS's page gives $0.014, a blog $0.01"},
	}
	for r, p := range want {
		if diff := cmp.Diff(p, tab.Regions[r]); diff != "" {
			t.Errorf("aws-rules 8.1: the prices of %s (-section 8 +prices.json):\n%s", r, diff)
		}
	}
	// Default hands out a copy: changing it changes no later table.
	tab.Regions["us-east-1"] = Prices{}
	if Default().Regions["us-east-1"] == (Prices{}) {
		t.Error("Default returned a shared table")
	}
}

func TestFor(t *testing.T) {
	tab := Default()
	tests := []struct {
		name, region, from string
		exact              bool
	}{
		{"a region of the table", "ap-northeast-1", "ap-northeast-1", true},
		{"aws-rules 8.3: a region the table does not have takes us-east-1's prices", "eu-west-3", "us-east-1", false},
		{"aws-rules 8.3: so does no region", "", "us-east-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, from, exact := tab.For(tt.region)
			if from != tt.from || exact != tt.exact || p != tab.Regions[tt.from] {
				t.Errorf("For(%q) = %+v, %q, %v; want the prices of %q, %v", tt.region, p, from, exact, tt.from, tt.exact)
			}
		})
	}
}

// The notes every estimate with the built-in table ends with.
var (
	sourcesNote = " (https://aws.amazon.com/privatelink/pricing/ and 5 more)"
	tokyoNote   = "list prices of ap-northeast-1, checked 2026-12-03, from the built-in price table" + sourcesNote +
		"; 730 h a month, first-tier data processing, no data transfer charges (aws-rules 8.3)"
	virginiaNote = strings.Replace(tokyoNote, "ap-northeast-1", "us-east-1", 1)
	tokyoUnsure  = "the interface endpoint hourly price of ap-northeast-1 is uncertain: a copy of AWS's page gives $0.014, a blog $0.01"
)

func TestEstimate(t *testing.T) {
	ep := func(svc string, azs int) EndpointUse {
		return EndpointUse{Service: "com.amazonaws.ap-northeast-1." + svc, AZs: azs}
	}
	tests := []struct {
		name   string
		region string
		usage  Usage
		want   Estimate
	}{{
		name:   "aws-rules 8.1: interface endpoints × AZs × hours × hourly, plus GB × per-GB; the S3 gateway endpoint is free",
		region: "ap-northeast-1",
		usage: Usage{InterfaceEndpoints: []EndpointUse{ep("logs", 2), ep("ecr.dkr", 2), ep("ecr.api", 2)},
			GatewayEndpoints: []string{"com.amazonaws.ap-northeast-1.s3"}, GBPerMonth: 100, TaskAZs: 2},
		want: Estimate{Region: "ap-northeast-1", PricesFrom: "ap-northeast-1",
			Lines: []Line{
				{"3 interface endpoints (ecr.api, ecr.dkr, logs) × 2 AZs × $0.014/h × 730 h", 61.32},
				{"100 GB × $0.01/GB processed by interface endpoints", 1},
			},
			Notes:   []string{"gateway endpoints cost nothing: s3 (aws-rules 8.1)", tokyoUnsure, tokyoNote},
			Monthly: 62.32},
	}, {
		name:   "aws-rules 8.1, 8.2: endpoints in fewer AZs than the tasks: a line per AZ count, and the cross-AZ traffic is uncertain",
		region: "ap-northeast-1",
		usage:  Usage{InterfaceEndpoints: []EndpointUse{ep("secretsmanager", 3), ep("logs", 1), ep("ssm", 1)}, TaskAZs: 3},
		want: Estimate{Region: "ap-northeast-1", PricesFrom: "ap-northeast-1",
			Lines: []Line{
				{"2 interface endpoints (logs, ssm) × 1 AZ × $0.014/h × 730 h", 20.44},
				{"1 interface endpoint (secretsmanager) × 3 AZs × $0.014/h × 730 h", 30.66},
			},
			Notes: []string{"tasks in 3 AZs reach interface endpoints in fewer zones (logs, ssm): whether the traffic from the " +
				"other zones is billed as cross-AZ data transfer is not settled, and it is not counted (aws-rules 8.2)", tokyoUnsure, tokyoNote},
			Monthly: 51.1},
	}, {
		name:   "aws-rules 8.1, 8.3: a route to NAT gateways that exist pays their data processing only",
		region: "ap-northeast-1",
		usage:  Usage{ExistingNATGateways: []string{"nat-c", "nat-a"}, GBPerMonth: 100, ViaNAT: true, TaskAZs: 2},
		want: Estimate{Region: "ap-northeast-1", PricesFrom: "ap-northeast-1",
			Lines: []Line{{"100 GB × $0.062/GB processed by NAT gateways", 6.2}},
			Notes: []string{"NAT gateways nat-a, nat-c exist: their hours are paid already and not counted (aws-rules 8.3)",
				tokyoUnsure, tokyoNote},
			Monthly: 6.2},
	}, {
		name:   "aws-rules 8.1: a new NAT gateway and its public IPv4 address, and the layers off it through the S3 gateway endpoint",
		region: "us-east-1",
		usage: Usage{NATGateways: 1, PublicIPv4s: 1, GatewayEndpoints: []string{"com.amazonaws.us-east-1.s3"},
			GBPerMonth: 500, ViaNAT: true},
		want: Estimate{Region: "us-east-1", PricesFrom: "us-east-1",
			Lines: []Line{
				{"1 NAT gateway × $0.045/h × 730 h", 32.85},
				{"1 public IPv4 address × $0.005/h × 730 h", 3.65},
				{"500 GB × $0.045/GB processed by NAT gateways", 22.5},
			},
			Notes:   []string{"gateway endpoints cost nothing: s3 (aws-rules 8.1)", virginiaNote},
			Monthly: 59},
	}, {
		name:   "aws-rules 8.3: a region the table does not have is priced as us-east-1, and the estimate says so",
		region: "eu-west-3",
		usage:  Usage{InterfaceEndpoints: []EndpointUse{{Service: "com.amazonaws.eu-west-3.logs", AZs: 2}}, GBPerMonth: 12.5},
		want: Estimate{Region: "eu-west-3", PricesFrom: "us-east-1",
			Lines: []Line{
				{"1 interface endpoint (logs) × 2 AZs × $0.01/h × 730 h", 14.6},
				{"12.5 GB × $0.01/GB processed by interface endpoints", 0.13},
			},
			Notes:   []string{"the price table has no eu-west-3: these are us-east-1's prices (aws-rules 8.3)", virginiaNote},
			Monthly: 14.73},
	}, {
		name:   "aws-rules 8.1: gateway endpoints alone cost nothing, with any traffic",
		region: "us-east-1",
		usage: Usage{GatewayEndpoints: []string{"com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb", "com.amazonaws.us-east-1.s3"},
			GBPerMonth: 1000},
		want: Estimate{Region: "us-east-1", PricesFrom: "us-east-1",
			Notes: []string{"gateway endpoints cost nothing: dynamodb, s3 (aws-rules 8.1)", virginiaNote}},
	}, {
		name:   "no traffic, NaN traffic and counts below zero add nothing",
		region: "us-east-1",
		usage:  Usage{NATGateways: -1, PublicIPv4s: -2, GBPerMonth: math.NaN(), ViaNAT: true},
		want:   Estimate{Region: "us-east-1", PricesFrom: "us-east-1", Notes: []string{virginiaNote}},
	}, {
		name:   "input text is sanitized",
		region: "x\x1b[2Jy",
		usage:  Usage{ExistingNATGateways: []string{"nat\x1b]0;t\x07"}},
		want: Estimate{Region: "x\x1b[2Jy", PricesFrom: "us-east-1",
			Notes: []string{"the price table has no xy: these are us-east-1's prices (aws-rules 8.3)",
				"NAT gateway nat exists: its hours are paid already and not counted (aws-rules 8.3)", virginiaNote}},
	}}
	tab := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tab.Estimate(tt.region, tt.usage)); diff != "" {
				t.Errorf("Estimate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEstimateString(t *testing.T) {
	e := Estimate{Region: "ap-northeast-1", PricesFrom: "ap-northeast-1",
		Lines: []Line{
			{"3 interface endpoints (ecr.api, ecr.dkr, logs) × 2 AZs × $0.014/h × 730 h", 61.32},
			{"100 GB × $0.01/GB processed by interface endpoints", 1},
		},
		Notes:   []string{"gateway endpoints cost nothing: s3 (aws-rules 8.1)"},
		Monthly: 62.32}
	want := `ap-northeast-1: $62.32 a month
  $61.32  3 interface endpoints (ecr.api, ecr.dkr, logs) × 2 AZs × $0.014/h × 730 h
  $ 1.00  100 GB × $0.01/GB processed by interface endpoints
  note: gateway endpoints cost nothing: s3 (aws-rules 8.1)
`
	if diff := cmp.Diff(want, e.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	if got, want := (Estimate{Region: "us-east-1"}).String(), "us-east-1: $0.00 a month\n"; got != want {
		t.Errorf("an empty estimate: %q, want %q", got, want)
	}
}

// TestLoad loads a price table of the user's: it replaces the built-in
// one, zero prices included.
func TestLoad(t *testing.T) {
	path := filepath.Join("testdata", "override.json")
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Table{Date: "2026-11-30", Sources: []string{"https://example.com/test-prices-not-real"}, Origin: path,
		Regions: map[string]Prices{
			"us-east-1": {InterfaceEndpointHour: 0.008, InterfaceEndpointGB: 0.006, NATGatewayHour: 0.04, NATGatewayGB: 0.03,
				Note: "our discount"},
			"eu-west-1": {InterfaceEndpointHour: 0.1, InterfaceEndpointGB: 0.2, NATGatewayHour: 0.3, NATGatewayGB: 0.4, PublicIPv4Hour: 0.5},
		}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	e := got.Estimate("eu-west-1", Usage{PublicIPv4s: 1})
	wantE := Estimate{Region: "eu-west-1", PricesFrom: "eu-west-1",
		Lines: []Line{{"1 public IPv4 address × $0.5/h × 730 h", 365}},
		Notes: []string{"list prices of eu-west-1, checked 2026-11-30, from " + path +
			" (https://example.com/test-prices-not-real); 730 h a month, first-tier data processing, no data transfer charges (aws-rules 8.3)"},
		Monthly: 365}
	if diff := cmp.Diff(wantE, e); diff != "" {
		t.Errorf("Estimate with the loaded table (-want +got):\n%s", diff)
	}
}

// TestLoadErrors checks that the errors of Load name the file, and the
// line and column of the value at fault.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.json")
	tests := []struct {
		name, path, want string
	}{
		{"a negative price", "testdata/negative.json",
			"testdata/negative.json:6:32: us-east-1 interface_endpoint_gb is negative: -0.01"},
		{"no file", missing, "price table: stat " + missing + ": no such file or directory"},
		{"a directory", dir, "is a directory: not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Load(tt.path)
			if tab != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %v, %v; want an error with %q", tab, err, tt.want)
			}
		})
	}
}

// TestDecodeErrors checks each kind of bad table, with the position of
// the value at fault.
func TestDecodeErrors(t *testing.T) {
	const prices = `"interface_endpoint_hour": 0.01, "interface_endpoint_gb": 0.01, "nat_gateway_hour": 0.045, "nat_gateway_gb": 0.045, "public_ipv4_hour": 0.005`
	virginia := `"us-east-1": {` + prices + `}`
	tests := []struct {
		name, data, want string
	}{
		{"empty", ``, "t.json:1:1: unexpected end of JSON"},
		{"not an object", `[1]`, "t.json:1:1: the price table is a list, not an object"},
		{"a syntax error", "{\n  \"date\" \"x\"}", "t.json:2:10: invalid character '\"' after object key"},
		{"cut short", `{"date": "x", "regions": {`, "t.json:1:27: unexpected end of JSON"},
		{"more after the table", `{"date": "d", "regions": {` + virginia + `}} {}`, "t.json:1:186: more after the price table"},
		{"a brace too many", `{"date": "d", "regions": {` + virginia + `}}}`, "t.json:1:185: more after the price table"},
		{"no date", `{"regions": {` + virginia + `}}`, "t.json:1:1: the price table has no date"},
		{"an empty date", `{"date": "", "regions": {` + virginia + `}}`, "t.json:1:10: date is empty"},
		{"a date that is a number", `{"date": 2026}`, "t.json:1:10: date is a number, not a string"},
		{"no regions", `{"date": "d"}`, "t.json:1:1: the price table has no regions"},
		{"aws-rules 8.3: no us-east-1", "{\"date\": \"d\",\n \"regions\": {}}", "t.json:1:1: the price table has no us-east-1, whose prices other regions take"},
		{"an unknown field", `{"date": "d", "prices": {}}`, `t.json:1:15: unknown field "prices" (want date, sources, regions)`},
		{"a field twice", `{"date": "d", "date": "e"}`, `t.json:1:15: the price table has "date" twice`},
		{"sources not a list", `{"sources": "https://x"}`, "t.json:1:13: sources is a string, not a list of strings"},
		{"a source not a string", `{"sources": ["a", null]}`, "t.json:1:19: a source is null, not a string"},
		{"an empty source", `{"sources": [""]}`, "t.json:1:14: a source is empty"},
		{"regions not an object", `{"regions": [true]}`, "t.json:1:13: regions is a list, not an object"},
		{"a bad region name", `{"regions": {"us-east1": {}}}`, `t.json:1:14: "us-east1" is not a region name such as us-east-1`},
		{"a region twice", `{"regions": {` + virginia + `, ` + virginia + `}}`, `t.json:1:172: regions has "us-east-1" twice`},
		{"a missing price", "{\"regions\": {\n  \"us-east-1\": {\"interface_endpoint_hour\": 1}}}", "t.json:2:16: us-east-1 has no interface_endpoint_gb"},
		{"an unknown price", `{"regions": {"us-east-1": {"nat_hour": 1}}}`,
			`t.json:1:28: us-east-1: unknown field "nat_hour" (want interface_endpoint_hour, interface_endpoint_gb, nat_gateway_hour, nat_gateway_gb, public_ipv4_hour, note)`},
		{"a price as a string", `{"regions": {"us-east-1": {"nat_gateway_hour": "0.045"}}}`,
			"t.json:1:48: us-east-1 nat_gateway_hour is a string, not a number of dollars"},
		{"-0 is not below zero: the region fails on its missing prices", `{"regions": {"us-east-1": {"nat_gateway_hour": -0}}}`,
			"t.json:1:27: us-east-1 has no interface_endpoint_hour"},
		{"a price out of range", `{"regions": {"us-east-1": {"nat_gateway_gb": 1e999}}}`, "t.json:1:46: us-east-1 nat_gateway_gb: 1e999 is out of range"},
		{"a note not a string", `{"regions": {"us-east-1": {"note": 1}}}`, "t.json:1:36: us-east-1 note is a number, not a string"},
		{"a region not an object", `{"regions": {"us-east-1": 0.01}}`, "t.json:1:27: us-east-1 is a number, not an object"},
		{"columns count characters", `{"regions": {"ap-northeast-1": {"note": "東京", "nat_gateway_gb": -1}}}`,
			"t.json:1:65: ap-northeast-1 nat_gateway_gb is negative: -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Decode("t.json", []byte(tt.data))
			if tab != nil || err == nil || err.Error() != tt.want {
				t.Errorf("Decode = %v, %v; want the error %q", tab, err, tt.want)
			}
		})
	}
}

// FuzzDecode checks that Decode never panics, and that a table it accepts
// keeps its rules and reads back the same after encoding.
func FuzzDecode(f *testing.F) {
	f.Add(builtin)
	for _, name := range []string{"override.json", "negative.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Decode("f.json", data)
		if err != nil {
			if tab != nil || !strings.HasPrefix(err.Error(), "f.json:") {
				t.Fatalf("Decode = %v, %v", tab, err)
			}
			return
		}
		if tab.Date == "" {
			t.Error("no date")
		}
		if _, ok := tab.Regions[FallbackRegion]; !ok {
			t.Error("no fallback region")
		}
		for r, p := range tab.Regions {
			for _, name := range priceFields {
				if v := *field(&p, name); !(v >= 0) || math.IsInf(v, 0) {
					t.Errorf("%s %s = %v", r, name, v)
				}
			}
		}
		out, err := json.Marshal(tab)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode("f.json", out)
		if err != nil {
			t.Fatalf("the table encoded does not decode: %v\n%s", err, out)
		}
		if diff := cmp.Diff(tab, again); diff != "" {
			t.Errorf("encoded and decoded again (-first +again):\n%s", diff)
		}
	})
}
