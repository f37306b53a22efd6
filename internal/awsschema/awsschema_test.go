package awsschema

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The number of types in hashicorp/aws 5.100.0, counted in the output of
// `terraform providers schema -json` (len of resource_schemas and
// data_source_schemas); 5.100.0 also has 7 ephemeral resource types and 3
// functions, which the package does not keep.
const (
	numResources   = 1526
	numDataSources = 608
)

// sourceJSON is where README.md's commands leave the schema. Tests that
// need it skip without it.
const sourceJSON = "/tmp/schema/aws-5.100-schema.json"

var typeComparer = cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) })

var strC = Attribute{Type: cty.String, Computed: true}

// ignoreBody leaves the contents of nested block types out of a comparison.
var ignoreBody = cmpopts.IgnoreFields(Block{}, "Body")

func TestResource(t *testing.T) {
	sgRule := cty.Set(cty.Object(map[string]cty.Type{
		"cidr_blocks":      cty.List(cty.String),
		"description":      cty.String,
		"from_port":        cty.Number,
		"ipv6_cidr_blocks": cty.List(cty.String),
		"prefix_list_ids":  cty.List(cty.String),
		"protocol":         cty.String,
		"security_groups":  cty.Set(cty.String),
		"self":             cty.Bool,
		"to_port":          cty.Number,
	}))
	tests := []struct {
		typ  string
		attr string
		want Attribute
	}{
		{"aws_instance", "private_dns", strC},
		{"aws_instance", "id", Attribute{Type: cty.String, Optional: true, Computed: true}},
		{"aws_instance", "ami", Attribute{Type: cty.String, Optional: true, Computed: true}},
		{"aws_instance", "tags", Attribute{Type: cty.Map(cty.String), Optional: true}},
		{"aws_instance", "tags_all", Attribute{Type: cty.Map(cty.String), Optional: true, Computed: true}},
		{"aws_instance", "vpc_security_group_ids", Attribute{Type: cty.Set(cty.String), Optional: true, Computed: true}},
		{"aws_acm_certificate", "domain_validation_options", Attribute{Type: cty.Set(cty.Object(map[string]cty.Type{
			"domain_name":           cty.String,
			"resource_record_name":  cty.String,
			"resource_record_type":  cty.String,
			"resource_record_value": cty.String,
		})), Computed: true}},
		{"aws_vpc", "cidr_block", Attribute{Type: cty.String, Optional: true, Computed: true}},
		{"aws_vpc", "main_route_table_id", strC},
		{"aws_subnet", "vpc_id", Attribute{Type: cty.String, Required: true}},
		{"aws_lb", "dns_name", strC},
		{"aws_ecs_service", "desired_count", Attribute{Type: cty.Number, Optional: true}},
		// In HCL these are written as blocks (the SDK's "attributes as
		// blocks"), but the schema has them as attributes.
		{"aws_security_group", "ingress", Attribute{Type: sgRule, Optional: true, Computed: true}},
		{"aws_security_group", "egress", Attribute{Type: sgRule, Optional: true, Computed: true}},
		{"aws_default_security_group", "ingress", Attribute{Type: sgRule, Optional: true, Computed: true}},
		{"aws_network_acl", "ingress", Attribute{Type: cty.Set(cty.Object(map[string]cty.Type{
			"action":          cty.String,
			"cidr_block":      cty.String,
			"from_port":       cty.Number,
			"icmp_code":       cty.Number,
			"icmp_type":       cty.Number,
			"ipv6_cidr_block": cty.String,
			"protocol":        cty.String,
			"rule_no":         cty.Number,
			"to_port":         cty.Number,
		})), Optional: true, Computed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"."+tt.attr, func(t *testing.T) {
			s, ok := Resource(tt.typ)
			if !ok {
				t.Fatalf("Resource(%q) not found", tt.typ)
			}
			got, ok := s.Attributes[tt.attr]
			if !ok {
				t.Fatalf("no attribute %s", tt.attr)
			}
			if diff := cmp.Diff(tt.want, got, typeComparer); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if _, ok := s.Blocks[tt.attr]; ok {
				t.Errorf("%s is also a block", tt.attr)
			}
		})
	}
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		kind kind
		typ  string
		want map[string]Block
	}{
		// ingress and egress are attributes (TestResource).
		{kindResource, "aws_security_group", map[string]Block{
			"timeouts": {Nesting: NestingSingle},
		}},
		{kindResource, "aws_vpc", map[string]Block{}},
		{kindResource, "aws_ecs_service", map[string]Block{
			"alarms":                        {Nesting: NestingList, MaxItems: 1},
			"capacity_provider_strategy":    {Nesting: NestingSet},
			"deployment_circuit_breaker":    {Nesting: NestingList, MaxItems: 1},
			"deployment_controller":         {Nesting: NestingList, MaxItems: 1},
			"load_balancer":                 {Nesting: NestingSet},
			"network_configuration":         {Nesting: NestingList, MaxItems: 1},
			"ordered_placement_strategy":    {Nesting: NestingList, MaxItems: 5},
			"placement_constraints":         {Nesting: NestingSet, MaxItems: 10},
			"service_connect_configuration": {Nesting: NestingList, MaxItems: 1},
			"service_registries":            {Nesting: NestingList, MaxItems: 1},
			"timeouts":                      {Nesting: NestingSingle},
			"volume_configuration":          {Nesting: NestingList, MaxItems: 1},
			"vpc_lattice_configurations":    {Nesting: NestingSet},
		}},
		{kindResource, "aws_accessanalyzer_archive_rule", map[string]Block{
			"filter": {Nesting: NestingSet, MinItems: 1},
		}},
		{kindDataSource, "aws_subnets", map[string]Block{
			"filter":   {Nesting: NestingSet},
			"timeouts": {Nesting: NestingSingle},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			s, ok := embedded().lookup(tt.kind, tt.typ)
			if !ok {
				t.Fatalf("%s not found", tt.typ)
			}
			// TestNestedBlocks checks Body.
			if diff := cmp.Diff(tt.want, s.Blocks, ignoreBody); diff != "" {
				t.Errorf("blocks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDataSource(t *testing.T) {
	tests := []struct {
		typ  string
		want *Schema
	}{
		{"aws_subnets", &Schema{
			Attributes: map[string]Attribute{
				"id":   {Type: cty.String, Optional: true, Computed: true},
				"ids":  {Type: cty.List(cty.String), Computed: true},
				"tags": {Type: cty.Map(cty.String), Optional: true, Computed: true},
			},
			Blocks: map[string]Block{
				"filter":   {Nesting: NestingSet},
				"timeouts": {Nesting: NestingSingle},
			},
		}},
		{"aws_caller_identity", &Schema{
			Attributes: map[string]Attribute{
				"account_id": strC,
				"arn":        strC,
				"id":         {Type: cty.String, Optional: true, Computed: true},
				"user_id":    strC,
			},
			Blocks: map[string]Block{},
		}},
		{"aws_region", &Schema{
			Attributes: map[string]Attribute{
				"description": strC,
				"endpoint":    {Type: cty.String, Optional: true, Computed: true},
				"id":          {Type: cty.String, Optional: true, Computed: true},
				"name":        {Type: cty.String, Optional: true, Computed: true},
			},
			Blocks: map[string]Block{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			got, ok := DataSource(tt.typ)
			if !ok {
				t.Fatalf("DataSource(%q) not found", tt.typ)
			}
			if diff := cmp.Diff(tt.want, got, typeComparer, ignoreBody); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	tests := []struct {
		kind kind
		typ  string
	}{
		{kindResource, ""},
		{kindResource, "aws"},
		{kindResource, "aws_instancex"},
		{kindResource, "aws_subnets"},         // data source only
		{kindResource, "aws_caller_identity"}, // data source only
		{kindDataSource, "aws_route_table_association"},
		{kindResource, "google_compute_instance"},
		{kindResource, "zzz"},
		{kindResource, "AWS_INSTANCE"},
		{kindResource, "r aws_instance"},
		{kindResource, "aws_instance\t"},
	}
	for _, tt := range tests {
		if s, ok := embedded().lookup(tt.kind, tt.typ); ok || s != nil {
			t.Errorf("lookup(%v, %q) = %v, %v, want nil, false", tt.kind, tt.typ, s, ok)
		}
	}
}

// TestCount needs nothing but the embedded data.
func TestCount(t *testing.T) {
	x := embedded()
	if x.version != ProviderVersion {
		t.Errorf("data file is of %q, ProviderVersion is %q", x.version, ProviderVersion)
	}
	for _, tt := range []struct {
		kind kind
		want int
	}{{kindResource, numResources}, {kindDataSource, numDataSources}} {
		names := x.names(tt.kind)
		if len(names) != tt.want {
			t.Errorf("%d types of kind %d, want %d", len(names), tt.kind, tt.want)
		}
		for _, name := range names {
			if _, ok := x.lookup(tt.kind, name); !ok {
				t.Errorf("%s does not decode", name)
			}
		}
	}
}

func TestComputedAttributes(t *testing.T) {
	s, _ := DataSource("aws_subnets")
	if diff := cmp.Diff([]string{"id", "ids", "tags"}, s.ComputedAttributes()); diff != "" {
		t.Errorf("aws_subnets (-want +got):\n%s", diff)
	}
	s, _ = Resource("aws_subnet")
	got := s.ComputedAttributes()
	for _, name := range []string{"arn", "availability_zone", "id", "ipv6_cidr_block_association_id", "owner_id", "tags_all"} {
		if !contains(got, name) {
			t.Errorf("aws_subnet: %s not computed: %q", name, got)
		}
	}
	for _, name := range []string{"vpc_id", "tags"} {
		if contains(got, name) {
			t.Errorf("aws_subnet: %s computed: %q", name, got)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestNestingString(t *testing.T) {
	got := fmt.Sprint(Nesting(0), NestingSingle, NestingList, NestingSet, NestingMap, NestingGroup, Nesting(6), Nesting(255))
	if want := "invalid single list set map group invalid invalid"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestConcurrent looks types up from many goroutines at once, for the race
// detector, on a fresh index.
func TestConcurrent(t *testing.T) {
	x := newIndex(data)
	types := []string{"aws_instance", "aws_vpc", "aws_subnet", "aws_security_group", "aws_lb", "aws_nosuch"}
	var wg sync.WaitGroup
	results := make([][]*Schema, 8)
	for g := range results {
		wg.Go(func() {
			for _, typ := range types {
				s, _ := x.lookup(kindResource, typ)
				results[g] = append(results[g], s)
			}
		})
	}
	wg.Wait()
	for g := range results {
		for i := range types {
			if results[g][i] != results[0][i] {
				t.Errorf("%s: goroutines %d and 0 got different schemas", types[i], g)
			}
		}
	}
}

// TestCorrupt checks that corrupt data makes lookups fail, not panic.
func TestCorrupt(t *testing.T) {
	good := "r aws_a\ta:r:s\t\t\t\nr aws_b\tb:c:Ls\tx:list:0:1(|)\t\t\n"
	tests := []struct {
		name   string
		data   string
		wantA  bool
		wantB  bool
		chunks int
	}{
		{"good", buildData(t, headerMagic+"5.100.0", good), true, true, 1},
		{"empty", "", false, false, 0},
		{"not gzip", "awsschema", false, false, 0},
		{"truncated", buildData(t, headerMagic+"5.100.0", good)[:40], false, false, 0},
		{"bad magic", buildData(t, "awsschema 2", good), false, false, 0},
		{"old format", buildData(t, "awsschema 1 registry.terraform.io/hashicorp/aws 5.100.0", good), false, false, 0},
		{"bad line", buildData(t, headerMagic+"5.100.0", "r aws_a\ta:r:X\t\t\t\nr aws_b\tb:c:Ls\tx:list:0:1(|)\t\t\n"), false, true, 1},
		{"bad chunk", corruptLastByte(buildData(t, headerMagic+"5.100.0", good)), false, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newIndex(tt.data)
			if len(x.chunks) != tt.chunks {
				t.Errorf("%d chunks, want %d", len(x.chunks), tt.chunks)
			}
			_, a := x.lookup(kindResource, "aws_a")
			_, b := x.lookup(kindResource, "aws_b")
			if a != tt.wantA || b != tt.wantB {
				t.Errorf("found aws_a, aws_b: %v, %v; want %v, %v", a, b, tt.wantA, tt.wantB)
			}
		})
	}
	// A header whose chunks are longer than the file.
	hdr := gz(t, headerMagic+"5.100.0\nchunk 100000 aws_a\n")
	if x := newIndex(hdr); len(x.chunks) != 0 {
		t.Errorf("header with chunks past the end: %d chunks", len(x.chunks))
	}
}

// buildData returns a data file of one chunk.
func buildData(t *testing.T, magic, chunk string) string {
	c := gz(t, chunk)
	first := strings.Fields(chunk)[1]
	return gz(t, fmt.Sprintf("%s\nchunk %d %s\n", magic, len(c), first)) + c
}

func gz(t *testing.T, s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// corruptLastByte breaks the CRC32 trailer of the last member.
func corruptLastByte(s string) string {
	b := []byte(s)
	b[len(b)-5] ^= 0xff
	return string(b)
}

func TestParseLine(t *testing.T) {
	obj := cty.Object(map[string]cty.Type{"a": cty.String, "b": cty.List(cty.Number)})
	empty := &Schema{Attributes: map[string]Attribute{}, Blocks: map[string]Block{}}
	inner := &Schema{
		Attributes: map[string]Attribute{"a": {Type: obj, Required: true}, "c": {Type: cty.String, Optional: true, Computed: true}},
		Blocks:     map[string]Block{"in": {Nesting: NestingSet, Body: empty}},
	}
	tests := []struct {
		line string
		want *Schema // nil: corrupt
	}{
		{"r x\t\t\t\t", empty},
		{"r x\ta:r:s b:o:n c:c:b d:oc:d\t\t\t", &Schema{
			Attributes: map[string]Attribute{
				"a": {Type: cty.String, Required: true},
				"b": {Type: cty.Number, Optional: true},
				"c": {Type: cty.Bool, Computed: true},
				"d": {Type: cty.DynamicPseudoType, Optional: true, Computed: true},
			},
			Blocks: map[string]Block{},
		}},
		{"r x\ta:c:LSMs b:c:T[s,n,O{}] c:c:T[]\t\t\t", &Schema{
			Attributes: map[string]Attribute{
				"a": {Type: cty.List(cty.Set(cty.Map(cty.String))), Computed: true},
				"b": {Type: cty.Tuple([]cty.Type{cty.String, cty.Number, cty.EmptyObject}), Computed: true},
				"c": {Type: cty.EmptyTuple, Computed: true},
			},
			Blocks: map[string]Block{},
		}},
		{"r x\ta:c:#0 b:c:L#1\tk:single:0:0(|) l:list:1:2(|) m:set:0:3(|) n:map:0:0(|) o:group:0:0(|)\tO{a:s,b:Ln} O{x:#0}\t", &Schema{
			Attributes: map[string]Attribute{
				"a": {Type: obj, Computed: true},
				"b": {Type: cty.List(cty.Object(map[string]cty.Type{"x": obj})), Computed: true},
			},
			Blocks: map[string]Block{
				"k": {Nesting: NestingSingle, Body: empty},
				"l": {Nesting: NestingList, MinItems: 1, MaxItems: 2, Body: empty},
				"m": {Nesting: NestingSet, MaxItems: 3, Body: empty},
				"n": {Nesting: NestingMap, Body: empty},
				"o": {Nesting: NestingGroup, Body: empty},
			},
		}},
		// Bodies inline and defined, blocks in blocks.
		{"r x\t\tb:list:0:1(a:r:#0 c:oc:s|in:set:0:0(|)) d:single:0:0@1\tO{a:s,b:Ln}\t(|)(a:r:#0 c:oc:s|in:set:0:0@0)", &Schema{
			Attributes: map[string]Attribute{},
			Blocks: map[string]Block{
				"b": {Nesting: NestingList, MaxItems: 1, Body: inner},
				"d": {Nesting: NestingSingle, Body: inner},
			},
		}},
		{"", nil},
		{"r x", nil},
		{"r x\t\t", nil},
		{"r x\t\t\t", nil}, // version 1 line
		{"r x\t\t\t\t\t", nil},
		{"r x\ta:c:s \t\t\t", nil},         // empty field
		{"r x\ta:s\t\t\t", nil},            // no flags
		{"r x\ta::s\t\t\t", nil},           // empty flags
		{"r x\ta:x:s\t\t\t", nil},          // unknown flag
		{"r x\ta:ro:s\t\t\t", nil},         // required and optional
		{"r x\ta:c:s a:c:s\t\t\t", nil},    // repeated
		{"r x\ta:c:\t\t\t", nil},           // no type
		{"r x\ta:c:ss\t\t\t", nil},         // trailing
		{"r x\ta:c:L\t\t\t", nil},          // no element type
		{"r x\ta:c:O{a:s\t\t\t", nil},      // unterminated
		{"r x\ta:c:O{a:s,}\t\t\t", nil},    // no name
		{"r x\ta:c:O{a:s,a:s}\t\t\t", nil}, // repeated
		{"r x\ta:c:O{:s}\t\t\t", nil},      // empty name
		{"r x\ta:c:O{a s:s}\t\t\t", nil},   // bad name
		{"r x\ta:c:O{a:s b:s}\t\t\t", nil}, // no comma
		{"r x\ta:c:T[s,]\t\t\t", nil},      // no type
		{"r x\ta:c:T[s\t\t\t", nil},        // unterminated
		{"r x\ta:c:#0\t\t\t", nil},         // no def
		{"r x\ta:c:#\t\tO{}\t", nil},       // no number
		{"r x\ta:c:#-1\t\tO{}\t", nil},     // negative
		{"r x\ta:c:#99999999999999999999\t\tO{}\t", nil},
		{"r x\ta:c:s\t\tO{a:#0}\t", nil},                   // def refers to itself
		{"r x\ta:c:s\t\tO{} \t", nil},                      // empty def
		{"r x\t\tb:list:0(|)\t\t", nil},                    // short block
		{"r x\t\tb:list:0:1:2(|)\t\t", nil},                // long block
		{"r x\t\tb:lst:0:1(|)\t\t", nil},                   // unknown nesting
		{"r x\t\tb:invalid:0:1(|)\t\t", nil},               // unknown nesting
		{"r x\t\tb:list:-1:1(|)\t\t", nil},                 // negative
		{"r x\t\tb:list:0:x(|)\t\t", nil},                  // not a number
		{"r x\ta:c:s\ta:list:0:0(|)\t\t", nil},             // attribute and block
		{"r x\t\tb:list:0:1\t\t", nil},                     // no body
		{"r x\t\tb:list:0:1()\t\t", nil},                   // no "|"
		{"r x\t\tb:list:0:1(|\t\t", nil},                   // unterminated
		{"r x\t\tb:list:0:1(|))\t\t", nil},                 // unbalanced
		{"r x\t\tb:list:0:1(|)x\t\t", nil},                 // trailing
		{"r x\t\tb:list:0:1(|)  c:list:0:1(|)\t\t", nil},   // empty field
		{"r x\t\tb:list:0:1(a:s|)\t\t", nil},               // bad attribute
		{"r x\t\tb:list:0:1(|c:set:0:0)\t\t", nil},         // nested block without body
		{"r x\t\tb:list:0:1(a:c:s|a:set:0:0(|))\t\t", nil}, // attribute and block
		{"r x\t\tb:list:0:1@0\t\t", nil},                   // no body def
		{"r x\t\tb:list:0:1@\t\t(|)", nil},                 // no number
		{"r x\t\tb:list:0:1@-0\t\t(|)", nil},               // sign
		{"r x\t\tb:list:0:1@+0\t\t(|)", nil},               // sign
		{"r x\t\t\t\t(|b:set:0:0@0)", nil},                 // body def refers to itself
		{"r x\t\t\t\t(|) (|)", nil},                        // separator between body defs
		{"r x\t\t\t\t(|)x", nil},                           // trailing
		{"r x\t\t\t\t(x:c:#0|)", nil},                      // no def
		{"r x\ta:c:" + strings.Repeat("L", maxDepth+1) + "s\t\t\t", nil},
		{"r x\t\t" + strings.Repeat("b:list:0:0(|", maxDepth+1) + strings.Repeat(")", maxDepth+1) + "\t\t", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := parseLine(tt.line)
			if tt.want == nil {
				if err == nil {
					t.Errorf("parseLine succeeded: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, typeComparer); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAgainstJSON compares every type with the JSON it was made from, if
// that is at sourceJSON.
func TestAgainstJSON(t *testing.T) {
	src, err := os.ReadFile(sourceJSON)
	if os.IsNotExist(err) {
		t.Skipf("no %s (see README.md)", sourceJSON)
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas   map[string]schemaJSON `json:"resource_schemas"`
			DataSourceSchemas map[string]schemaJSON `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.ProviderSchemas["registry.terraform.io/hashicorp/aws"]
	if len(p.ResourceSchemas) != numResources || len(p.DataSourceSchemas) != numDataSources {
		t.Errorf("%s has %d resource and %d data source types, want %d and %d",
			sourceJSON, len(p.ResourceSchemas), len(p.DataSourceSchemas), numResources, numDataSources)
	}
	x := newIndex(data)
	for _, k := range []struct {
		kind    kind
		schemas map[string]schemaJSON
	}{{kindResource, p.ResourceSchemas}, {kindDataSource, p.DataSourceSchemas}} {
		if got := len(x.names(k.kind)); got != len(k.schemas) {
			t.Errorf("kind %d: %d types, JSON has %d", k.kind, got, len(k.schemas))
		}
		for name, sj := range k.schemas {
			want := schemaOf(t, name, sj.Block)
			got, ok := x.lookup(k.kind, name)
			if !ok {
				t.Errorf("kind %d: %s missing", k.kind, name)
				continue
			}
			if diff := cmp.Diff(want, got, typeComparer); diff != "" {
				t.Errorf("kind %d: %s (-json +data):\n%s", k.kind, name, diff)
			}
		}
	}
}

// schemaOf returns the Schema that the JSON of a block says, nested
// blocks included.
func schemaOf(t *testing.T, path string, bj blockJSON) *Schema {
	s := &Schema{Attributes: map[string]Attribute{}, Blocks: map[string]Block{}}
	for an, a := range bj.Attributes {
		ty, err := ctyjson.UnmarshalType(a.Type)
		if err != nil {
			t.Fatalf("%s.%s: %v", path, an, err)
		}
		s.Attributes[an] = Attribute{Type: ty, Required: a.Required, Optional: a.Optional, Computed: a.Computed}
	}
	for bn, b := range bj.BlockTypes {
		s.Blocks[bn] = Block{Nesting: nestingByName(b.NestingMode), MinItems: b.MinItems, MaxItems: b.MaxItems, Body: schemaOf(t, path+"."+bn, b.Block)}
	}
	return s
}

type schemaJSON struct {
	Block blockJSON `json:"block"`
}

type blockJSON struct {
	Attributes map[string]struct {
		Type                         json.RawMessage `json:"type"`
		Required, Optional, Computed bool
	} `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string    `json:"nesting_mode"`
		MinItems    int       `json:"min_items"`
		MaxItems    int       `json:"max_items"`
		Block       blockJSON `json:"block"`
	} `json:"block_types"`
}

// TestGenerate checks that gen.go makes schema.gz anew, byte for byte, from
// the JSON at sourceJSON, if it is there.
func TestGenerate(t *testing.T) {
	if _, err := os.Stat(sourceJSON); os.IsNotExist(err) {
		t.Skipf("no %s (see README.md)", sourceJSON)
	}
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out := filepath.Join(t.TempDir(), "schema.gz")
	cmd := exec.Command(goCmd, "run", "gen.go", "-version", ProviderVersion, "-o", out, sourceJSON)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd, err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != data {
		t.Errorf("gen.go made %d bytes that differ from schema.gz (%d bytes): regenerate it", len(got), len(data))
	}
}

// TestNestedBlocks checks the contents of nested block types, as
// `terraform providers schema -json` gives them under block_types.
func TestNestedBlocks(t *testing.T) {
	optC := func(ty cty.Type) Attribute { return Attribute{Type: ty, Optional: true, Computed: true} }
	tests := []struct {
		name string
		kind kind
		typ  string
		path []string // nested block types, outermost first
		want *Schema
	}{
		{"optional+computed and computed attributes", kindResource, "aws_route53_resolver_endpoint", []string{"ip_address"}, &Schema{
			Attributes: map[string]Attribute{
				"ip":        optC(cty.String),
				"ip_id":     strC,
				"ipv6":      optC(cty.String),
				"subnet_id": {Type: cty.String, Required: true},
			},
			Blocks: map[string]Block{},
		}},
		{"a block in a block", kindResource, "aws_lb_listener", []string{"default_action", "forward", "stickiness"}, &Schema{
			Attributes: map[string]Attribute{
				"duration": {Type: cty.Number, Required: true},
				"enabled":  {Type: cty.Bool, Optional: true},
			},
			Blocks: map[string]Block{},
		}},
		{"data source filter", kindDataSource, "aws_subnets", []string{"filter"}, &Schema{
			Attributes: map[string]Attribute{
				"name":   {Type: cty.String, Required: true},
				"values": {Type: cty.Set(cty.String), Required: true},
			},
			Blocks: map[string]Block{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := embedded().lookup(tt.kind, tt.typ)
			if !ok {
				t.Fatalf("%s not found", tt.typ)
			}
			for _, b := range tt.path {
				blk, ok := s.Blocks[b]
				if !ok {
					t.Fatalf("%s: no block %s", tt.typ, b)
				}
				s = blk.Body
			}
			if diff := cmp.Diff(tt.want, s, typeComparer); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
