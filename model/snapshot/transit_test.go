package snapshot

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

// areaCmp compares decoded model objects: prefixes by value, nil and
// empty slices alike.
var areaCmp = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// loadAreaFixture loads the snapshot folder testdata/dir; positions name
// its files as "LAST/FILE.json", LAST being dir's last element.
func loadAreaFixture(t *testing.T, dir string) (*model.World, model.Diagnostics) {
	t.Helper()
	return Load(filepath.Join("testdata", filepath.FromSlash(dir)))
}

// fpos is a position in a fixture.
func fpos(file string, line, col int) model.Pos {
	return model.Pos{File: file, Line: line, Column: col}
}

// unknownsOf keeps the World.Unknowns entries of the kinds an area
// decides, and of the VPC fields it owns.
func unknownsOf(w *model.World, kinds []model.Kind, vpcFields ...string) []model.Unknown {
	var out []model.Unknown
	for _, u := range w.Unknowns {
		if slices.Contains(kinds, u.Kind) || u.Kind == model.KindVPC && slices.Contains(vpcFields, u.Field) {
			out = append(out, u)
		}
	}
	return out
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// fixOf is the Fix of an Unknown that command would supply.
func fixOf(command string) string { return "add the output of " + command + " to the snapshot folder" }

const (
	tgwID     = "tgw-0123456789abcdef0"
	spokeRTB  = "tgw-rtb-0aaa1111bbbb2222c"
	egressRTB = "tgw-rtb-0ccc3333dddd4444e"
	attachA   = "tgw-attach-0a11111111111111a"
	attachB   = "tgw-attach-0b22222222222222b"
	vpcA      = "vpc-0a1b2c3d4e5f60718"
	vpcB      = "vpc-0b2c3d4e5f6071829"
)

var transitKindsTested = []model.Kind{model.KindTransitGateway, model.KindTGWAttachment, model.KindTGWRouteTable}

// TestTransitGateways decodes the transit gateway responses into the
// world (aws-rules 11.3.1 to 11.3.4): whole objects, the Unknowns with
// the command that supplies each, and the diagnostics with positions.
func TestTransitGateways(t *testing.T) {
	hubTGW := model.TransitGateway{ID: tgwID, Source: fpos("hub/tgws.json", 3, 9), DefaultRouteTable: spokeRTB,
		DefaultAssociation: true, DefaultPropagation: true}
	tests := []struct {
		name     string
		dir      string
		tgws     []model.TransitGateway
		atts     []model.TransitGatewayAttachment
		tables   []model.TransitGatewayRouteTable
		unknowns []model.Unknown
		diags    model.Diagnostics
	}{{
		// 11.3.1: only available objects count (the deleted transit
		// gateway, table and attachment are left out). 11.3.3: the
		// association comes from Association and the associations file,
		// the propagations from propagated routes and the propagations
		// file; static routes are the table's routes. 11.3.4: routes to a
		// VPN attachment and to the attachment of an undescribed VPC make
		// the table undetermined.
		name: "hub", dir: "transit/hub",
		tgws: []model.TransitGateway{hubTGW},
		atts: []model.TransitGatewayAttachment{{
			ID: attachA, Source: fpos("hub/tgw-attachments.json", 3, 9), TransitGateway: tgwID, VPC: vpcA,
			RouteTable: spokeRTB, PropagateTo: []string{spokeRTB, egressRTB},
			DefaultAssociation: model.True, DefaultPropagation: model.True,
		}, {
			ID: attachB, Source: fpos("hub/tgw-attachments.json", 18, 9), TransitGateway: tgwID, VPC: vpcB,
			RouteTable: egressRTB, PropagateTo: []string{spokeRTB}, ApplianceMode: true,
			DefaultAssociation: model.False, DefaultPropagation: model.True,
		}},
		tables: []model.TransitGatewayRouteTable{{
			ID: spokeRTB, Source: fpos("hub/tgw-route-tables.json", 3, 9), TransitGateway: tgwID,
			Routes: []model.TransitGatewayRoute{
				{Source: fpos("hub/tgw-routes-tgw-rtb-0aaa1111bbbb2222c.json", 3, 9), Destination: pfx("0.0.0.0/0"), Attachment: attachB},
				{Source: fpos("hub/tgw-routes-tgw-rtb-0aaa1111bbbb2222c.json", 39, 9), Destination: pfx("10.99.0.0/16"), Blackhole: true},
			},
		}, {
			ID: egressRTB, Source: fpos("hub/tgw-route-tables.json", 12, 9), TransitGateway: tgwID,
		}},
		unknowns: []model.Unknown{{
			// The EC2 decoders' describe-subnets is not in the folder.
			ID: attachA, Kind: model.KindTGWAttachment, Field: "subnets", Why: "not in the snapshot",
			Source: fpos("hub/tgw-vpc-attachments.json", 9, 26),
			Fix:    fixOf("aws ec2 describe-subnets --subnet-ids subnet-0a10000000000000a subnet-0a20000000000000a"),
		}, {
			ID: attachB, Kind: model.KindTGWAttachment, Field: "subnets", Why: "not in the snapshot",
			Source: fpos("hub/tgw-vpc-attachments.json", 28, 26),
			Fix:    fixOf("aws ec2 describe-subnets --subnet-ids subnet-0b10000000000000b"),
		}, {
			ID: egressRTB, Kind: model.KindTGWRouteTable, Field: "routes",
			Why:    "route 10.5.0.0/16 leads to attachment tgw-attach-0e55555555555555e of vpc vpc-0e5f60718293a4b5c, which the snapshot does not describe",
			Source: fpos("hub/tgw-routes-tgw-rtb-0ccc3333dddd4444e.json", 15, 9),
			Fix:    fixOf("aws ec2 describe-vpcs --vpc-ids vpc-0e5f60718293a4b5c"),
		}, {
			ID: egressRTB, Kind: model.KindTGWRouteTable, Field: "routes",
			Why:    "route 192.168.0.0/16 leads to vpn attachment tgw-attach-0c33333333333333c, which vpctrace does not model",
			Source: fpos("hub/tgw-routes-tgw-rtb-0ccc3333dddd4444e.json", 27, 9),
		}},
	}, {
		// A missing response is an Unknown with the command, its IDs
		// included: the table's routes, the attachment's association
		// (describe-vpc-attachments has none).
		name: "missing responses", dir: "transit/missing",
		tgws: []model.TransitGateway{{ID: tgwID, Source: fpos("missing/tgws.json", 3, 9), DefaultRouteTable: spokeRTB,
			DefaultAssociation: true, DefaultPropagation: true}},
		atts: []model.TransitGatewayAttachment{{
			ID: attachA, Source: fpos("missing/tgw-vpc-attachments.json", 3, 9), TransitGateway: tgwID, VPC: vpcA,
			DefaultAssociation: model.False, DefaultPropagation: model.False,
		}},
		tables: []model.TransitGatewayRouteTable{{ID: spokeRTB, Source: fpos("missing/tgw-route-tables.json", 3, 9), TransitGateway: tgwID}},
		unknowns: []model.Unknown{{
			ID: attachA, Kind: model.KindTGWAttachment, Field: "subnets", Why: "not in the snapshot",
			Source: fpos("missing/tgw-vpc-attachments.json", 9, 26),
			Fix:    fixOf("aws ec2 describe-subnets --subnet-ids subnet-0a10000000000000a"),
		}, {
			ID: attachA, Kind: model.KindTGWAttachment, Field: "route_table", Why: "not in the snapshot",
			Source: fpos("missing/tgw-vpc-attachments.json", 3, 9),
			Fix:    fixOf("aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids " + attachA),
		}, {
			ID: spokeRTB, Kind: model.KindTGWRouteTable, Field: "routes", Why: "not in the snapshot",
			Source: fpos("missing/tgw-route-tables.json", 3, 9),
			Fix:    fixOf("aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id " + spokeRTB + " --filters Name=state,Values=active,blackhole"),
		}},
	}, {
		// Without either attachments response, which VPCs a transit
		// gateway attaches is unknown (11.3.3).
		name: "no attachments response", dir: "transit/noattachments",
		tgws: []model.TransitGateway{{ID: tgwID, Source: fpos("noattachments/tgws.json", 3, 9),
			DefaultAssociation: true, DefaultPropagation: true}},
		unknowns: []model.Unknown{{
			ID: tgwID, Kind: model.KindTransitGateway, Field: "attachments", Why: "not in the snapshot",
			Source: fpos("noattachments/tgws.json", 3, 9),
			Fix:    fixOf("aws ec2 describe-transit-gateway-attachments --filters Name=transit-gateway-id,Values=" + tgwID),
		}},
	}, {
		// 11.3.2: a file whose name carries no table ID is a warning and
		// left out; a truncated search output leaves the table
		// undetermined.
		name: "file names and truncation", dir: "transit/badname",
		tgws: []model.TransitGateway{{ID: tgwID, Source: fpos("badname/tgws.json", 3, 9), DefaultRouteTable: spokeRTB,
			DefaultAssociation: true, DefaultPropagation: true}},
		tables: []model.TransitGatewayRouteTable{{ID: spokeRTB, Source: fpos("badname/tgw-route-tables.json", 3, 9), TransitGateway: tgwID,
			Routes: []model.TransitGatewayRoute{{Source: fpos("badname/tgw-routes-tgw-rtb-0aaa1111bbbb2222c.json", 3, 9), Destination: pfx("10.99.0.0/16"), Blackhole: true}}}},
		unknowns: []model.Unknown{{
			ID: tgwID, Kind: model.KindTransitGateway, Field: "attachments", Why: "not in the snapshot",
			Source: fpos("badname/tgws.json", 3, 9),
			Fix:    fixOf("aws ec2 describe-transit-gateway-attachments --filters Name=transit-gateway-id,Values=" + tgwID),
		}, {
			ID: spokeRTB, Kind: model.KindTGWRouteTable, Field: "routes",
			Why:    "the output holds only part of the table's routes (AdditionalRoutesAvailable is true)",
			Source: fpos("badname/tgw-routes-tgw-rtb-0aaa1111bbbb2222c.json", 9, 34),
			Fix:    fixOf("aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id " + spokeRTB + " with narrower --filters, one file per filter"),
		}},
		diags: model.Diagnostics{{
			Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "badname/propagations.json"},
			Message: "the output of aws ec2 get-transit-gateway-route-table-propagations does not say which transit gateway route table it describes, and the file's name holds no tgw-rtb- ID (name it e.g. tgw-propagations-tgw-rtb-0123abcd.json): left out",
		}, {
			Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "badname/routes.json"},
			Message: "the output of aws ec2 search-transit-gateway-routes does not say which transit gateway route table it describes, and the file's name holds no tgw-rtb- ID (name it e.g. tgw-routes-tgw-rtb-0123abcd.json): left out",
		}},
	}, {
		// Malformed values are errors at their position: a table without
		// its ID, a list given as a string, a CIDR block with a /33 mask,
		// and two associations of one attachment.
		name: "malformed values", dir: "transit/malformed",
		tgws: []model.TransitGateway{{ID: tgwID, Source: fpos("malformed/tgws.json", 3, 9), DefaultRouteTable: spokeRTB,
			DefaultAssociation: true, DefaultPropagation: true}},
		atts: []model.TransitGatewayAttachment{{
			ID: attachA, Source: fpos("malformed/tgw-attachments.json", 3, 9), TransitGateway: tgwID, VPC: vpcA,
			DefaultAssociation: model.False, DefaultPropagation: model.False,
		}},
		tables: []model.TransitGatewayRouteTable{{ID: spokeRTB, Source: fpos("malformed/tgw-route-tables.json", 3, 9), TransitGateway: tgwID}},
		unknowns: []model.Unknown{{
			ID: attachA, Kind: model.KindTGWAttachment, Field: "subnets", Why: "not in the snapshot",
			Source: fpos("malformed/tgw-attachments.json", 3, 9),
			Fix:    fixOf("aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids " + attachA),
		}},
		diags: model.Diagnostics{{
			Severity: model.SeverityError, Code: model.CodeMissingField, Source: fpos("malformed/tgw-route-tables.json", 11, 9),
			Message: "transit gateway route table has no TransitGatewayRouteTableId",
		}, {
			Severity: model.SeverityError, Code: CodeInvalidJSON, Source: fpos("malformed/tgw-vpc-attachments.json", 8, 26),
			Message: "TransitGatewayVpcAttachments[0].SubnetIds is string, but the AWS API gives it as []string",
		}, {
			Severity: model.SeverityError, Code: CodeConflict, Source: fpos("malformed/tgw-associations-tgw-rtb-0bbb2222cccc3333d.json", 3, 9),
			Message: "attachment tgw-attach-0a11111111111111a is associated with tgw-rtb-0bbb2222cccc3333d here but with tgw-rtb-0aaa1111bbbb2222c at malformed/tgw-attachments.json:10:47; an attachment has one association (aws-rules 4.8.2): collect the snapshot again",
		}, {
			Severity: model.SeverityError, Code: model.CodeInvalidValue, Source: fpos("malformed/tgw-routes-tgw-rtb-0aaa1111bbbb2222c.json", 4, 37),
			Message: `"10.1.0.0/33" is not a CIDR block`,
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := loadAreaFixture(t, tt.dir)
			if diff := cmp.Diff(tt.tgws, w.TransitGateways, areaCmp); diff != "" {
				t.Errorf("transit gateways (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.atts, w.TransitGatewayAttachments, areaCmp); diff != "" {
				t.Errorf("attachments (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.tables, w.TransitGatewayRouteTables, areaCmp); diff != "" {
				t.Errorf("route tables (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unknowns, unknownsOf(w, transitKindsTested), areaCmp); diff != "" {
				t.Errorf("unknowns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diags, diags, areaCmp); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTGWPrefixListRoute reads a route whose destination is a prefix
// list: one route per entry of the world's list, or, for a list the
// world does not hold, an Unknown with the command that gives its
// entries (aws-rules 11.3.2).
func TestTGWPrefixListRoute(t *testing.T) {
	b := newBuilder()
	b.w.PrefixLists = []model.PrefixList{{ID: "pl-0a1b2c3d4e5f60718", Entries: []netip.Prefix{pfx("10.8.0.0/16"), pfx("10.9.0.0/16")}}}
	b.w.TransitGatewayAttachments = []model.TransitGatewayAttachment{{ID: attachA}}
	f := &tgwFinish{b: b, modelled: map[string]int{attachA: 0}, outside: map[string]outsideAttachment{}}
	table := &model.TransitGatewayRouteTable{ID: spokeRTB}
	route := func(pl string, p model.Pos) at[ec2types.TransitGatewayRoute] {
		return at[ec2types.TransitGatewayRoute]{pos: p, v: ec2types.TransitGatewayRoute{
			PrefixListId: &pl, Type: ec2types.TransitGatewayRouteTypeStatic, State: ec2types.TransitGatewayRouteStateActive,
			TransitGatewayAttachments: []ec2types.TransitGatewayRouteAttachment{{TransitGatewayAttachmentId: tgwPtr(attachA)}},
		}}
	}
	f.route(table, route("pl-0a1b2c3d4e5f60718", fpos("routes.json", 3, 9)), map[string]bool{})
	f.route(table, route("pl-0fffffffffffffff0", fpos("routes.json", 9, 9)), map[string]bool{})
	want := []model.TransitGatewayRoute{
		{Source: fpos("routes.json", 3, 9), Destination: pfx("10.8.0.0/16"), Attachment: attachA},
		{Source: fpos("routes.json", 3, 9), Destination: pfx("10.9.0.0/16"), Attachment: attachA},
	}
	if diff := cmp.Diff(want, table.Routes, areaCmp); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	wantU := []model.Unknown{{ID: spokeRTB, Kind: model.KindTGWRouteTable, Field: "routes", Why: "not in the snapshot",
		Source: fpos("routes.json", 9, 9), Fix: fixOf("aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0fffffffffffffff0")}}
	if diff := cmp.Diff(wantU, b.w.Unknowns, areaCmp); diff != "" {
		t.Errorf("unknowns (-want +got):\n%s", diff)
	}
}

func tgwPtr[T any](v T) *T { return &v }

// FuzzAreaFolders replaces one file of the transit gateway and Route 53
// fixtures with fuzzed bytes, the other files intact, so that the
// resolution across files sees broken input too: Load never panics, and
// every diagnostic names a file.
func FuzzAreaFolders(f *testing.F) {
	var files []string
	for _, dir := range []string{"testdata/transit/hub", "testdata/route53/dns"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		files = append(files, names...)
	}
	for i, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		dir := filepath.Join(t.TempDir(), "snap")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, name := range files {
			content, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if i == int(which)%len(files) {
				content = data
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		w, ds := Load(dir)
		if w == nil {
			t.Fatal("no world")
		}
		for _, d := range ds {
			if d.Source.File == "" {
				t.Errorf("a diagnostic names no file: %v", d)
			}
		}
	})
}
