package scenario

import (
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	modelscenario "github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/whatif"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// repo is a scenario of the repository's testdata.
func repo(name string) string { return filepath.Join("..", "..", "testdata", "scenarios", name) }

// local is a scenario of this package's testdata.
func local(name string) string { return filepath.Join("testdata", name) }

const region = "com.amazonaws.ap-northeast-1."

// reloadCase is a list of changes to a scenario file, with the IDs the
// file must give the objects they add (whatif's ID to the file's).
type reloadCase struct {
	name    string
	file    string
	changes []whatif.Change
	newIDs  map[string]string
}

var reloadCases = []reloadCase{
	// AddEndpoint
	{name: "interface endpoint copies the subnets and groups of the VPC's endpoints (aws-rules 3.2.1)",
		file:    repo("seed-secretsmanager-private-dns-off.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: region + "kms"}},
		newIDs:  map[string]string{whatif.AddedEndpointID(region + "kms"): "kms"}},
	{name: "endpoint ID the file has gets the VPC before it",
		file:    repo("seed-secretsmanager-private-dns-off.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: "com.amazonaws.us-east-1.logs"}},
		newIDs:  map[string]string{whatif.AddedEndpointID("com.amazonaws.us-east-1.logs"): "main-logs"}},
	{name: "interface endpoints in a VPC without any get a new group admitting HTTPS from the tasks (aws-rules 5.1.4)",
		file: repo("routing.yaml"),
		changes: []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: region + "ecr.api"},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: region + "ecr.dkr"},
			{Kind: whatif.AddEndpoint, Target: "isolated", Value: region + "logs"},
			{Kind: whatif.AllowEgress, Target: "app", Value: whatif.EndpointGroupID("main"), Port: 443},
		},
		newIDs: map[string]string{
			whatif.AddedEndpointID(region + "ecr.api"): "ecr-api", whatif.AddedEndpointID(region + "ecr.dkr"): "ecr-dkr",
			whatif.AddedEndpointID(region + "logs"): "logs", whatif.EndpointGroupID("main"): "vpc-endpoints",
		}},
	{name: "gateway endpoint for S3 on the service's route tables (aws-rules 4.3.1)",
		file:    repo("nat.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "stranded-nat", Value: region + "s3"}},
		newIDs:  map[string]string{whatif.AddedEndpointID(region + "s3"): "s3"}},
	{name: "gateway endpoint into a file without endpoints or a collection for them",
		file:    local("minimal.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: region + "dynamodb"}},
		newIDs:  map[string]string{whatif.AddedEndpointID(region + "dynamodb"): "dynamodb"}},
	{name: "new group and endpoint in a file without security groups",
		file:    local("minimal.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: region + "logs"}},
		newIDs:  map[string]string{whatif.AddedEndpointID(region + "logs"): "logs", whatif.EndpointGroupID("main"): "vpc-endpoints"}},

	{name: "endpoint for tasks in an IPv6-only subnet: ip_address_type and dns_record_ip_type ipv6 (aws-rules 4.9.10)",
		file:    repo("ipv6-only.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "eigw-only", Value: region + "secretsmanager"}},
		newIDs: map[string]string{whatif.AddedEndpointID(region + "secretsmanager"): "secretsmanager",
			whatif.EndpointGroupID("main"): "vpc-endpoints"}},
	{name: "endpoint in a dual-stack subnet for tasks in an IPv6-only one: dualstack, and a new group admitting the VPC's IPv4 and IPv6 blocks (aws-rules 4.9.10, 5.1.4)",
		file:    local("ipv6-mixed.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddEndpoint, Target: "mixed", Value: region + "logs"}},
		newIDs: map[string]string{whatif.AddedEndpointID(region + "logs"): "logs",
			whatif.EndpointGroupID("main"): "vpc-endpoints"}},

	// EnablePrivateDNS
	{name: "private DNS turned on in place (aws-rules 3.2.1)",
		file:    repo("seed-secretsmanager-private-dns-off.yaml"),
		changes: []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}}},
	{name: "private DNS turned on in a flow mapping",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "logs"}}},

	// EnableVPCDNS
	{name: "VPC DNS support and hostnames turned on (aws-rules 3.1.1, 3.2.2)",
		file:    repo("dns.yaml"),
		changes: []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "no-dns"}}},
	{name: "VPC DNS hostnames added to a VPC that leaves support at its default",
		file:    repo("nat.yaml"),
		changes: []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: "main"}}},

	// AssociateRouteTable
	{name: "route table added to a gateway endpoint's flow list (aws-rules 4.3.1)",
		file:    repo("routing.yaml"),
		changes: []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "private"}}},
	{name: "route table added to a list written as one scalar",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "s3", Value: "other"}}},
	{name: "route table added to a block list",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AssociateRouteTable, Target: "dynamodb", Value: "other"}}},

	// AllowEgress, AllowIngress, AddS3Egress
	{name: "egress to the endpoint group added to a group with egress: [] (aws-rules 5.1.2, 5.1.6)",
		file:    repo("filters.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443}}},
	{name: "egress added to a flow group without egress key keeps AWS's default rule (aws-rules 5.1.5)",
		file:    repo("filters.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "other", Value: "10.0.0.0/16", Port: 443}}},
	{name: "ingress from the tasks' group appended to a block list (aws-rules 5.1.4)",
		file:    repo("filters.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowIngress, Target: "endpoints", Value: "other", Port: 443}}},
	{name: "egress to the S3 prefix list (aws-rules 5.1.3)",
		file:    repo("filters.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddS3Egress, Target: "closed"}}},
	{name: "two rules on one group, the second after the first",
		file: repo("filters.yaml"),
		changes: []whatif.Change{
			{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "closed"},
		}},
	{name: "egress appended to block-style rules in their style",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowEgress, Target: "block-rules", Value: "pl-0123", Port: 443}}},
	{name: "ingress added to a group written with a null value",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowIngress, Target: "empty", Value: "10.0.0.0/8", Port: 2049}}},

	// AllowNACL
	{name: "ephemeral return rule put before the ACL's rules (aws-rules 5.2.3, 5.2.4)",
		file:    repo("filters.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"}},
	},
	{name: "egress rule for 443 in an ACL without egress rules (aws-rules 5.2.1)",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowNACL, Target: "strict", Value: "egress", Port: 443}}},
	{name: "ingress rule before block-style rules at the key's column",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AllowNACL, Target: "strict", Value: "ingress"}}},

	// AddMountTarget
	{name: "mount target in the missing AZ with the groups of the others (aws-rules 3.8.1)",
		file:    repo("efs.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddMountTarget, Target: "data", Value: "private-c"}},
		newIDs:  map[string]string{whatif.AddedMountTargetID("data", "private-c"): "data-private-c"}},
	{name: "mount target of a file system without any",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddMountTarget, Target: "bare", Value: "a"}},
		newIDs:  map[string]string{whatif.AddedMountTargetID("bare", "a"): "bare-a"}},

	// WidenEndpointPolicy
	{name: "statement appended to a policy written as a YAML mapping (aws-rules 6.1.1)",
		file:    repo("endpoint-policy.yaml"),
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3-perimeter", Value: "s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"}}},
	{name: "statement appended to a policy written as a list of statements",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "dynamodb", Value: "dynamodb:GetItem,dynamodb:PutItem *"}}},
	{name: "policy written as a JSON string rewritten as one",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject arn:aws:s3:::bucket/*"}}},
	{name: "the default policy stays the default",
		file:    repo("seed-secretsmanager-private-dns-off.yaml"),
		changes: []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "logs", Value: "logs:PutLogEvents *"}}},

	// AddDefaultRoute
	{name: "default route to a NAT gateway added to a table with no routes (aws-rules 4.2.1, 4.5.1)",
		file:    repo("routing.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "isolated", Value: "nat-a"}}},
	{name: "blackhole default route replaced in place (aws-rules 4.2.3)",
		file:    repo("routing.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "stale", Value: "nat-a"}}},
	{name: "default route replaced inside a flow table",
		file:    repo("dns.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "no-dns-public", Value: "no-dns"}}},
	{name: "default route added to a flow table without routes",
		file:    repo("nat.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "no-internet", Value: "stranded"}}},
	{name: "block-style default route replaced",
		file:    local("styles.yaml"),
		changes: []whatif.Change{{Kind: whatif.AddDefaultRoute, Target: "block-routes", Value: "nat"}}},

	// SetPlatformVersion, FlipPublicIP
	{name: "platform version raised in a flow service (aws-rules 2.1.1)",
		file:    repo("efs.yaml"),
		changes: []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "legacy", Value: "1.4.0"}}},
	{name: "platform version added to a flow service",
		file:    repo("efs.yaml"),
		changes: []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: "efs-c", Value: "LATEST"}}},
	{name: "public IP turned on in a flow service (aws-rules 4.4.1)",
		file:    repo("routing.yaml"),
		changes: []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "public-no-ip"}}},
	{name: "public IP turned off in place in a block service",
		file:    repo("routing.yaml"),
		changes: []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "public-ip"}}},
	{name: "public IP flipped in a block service that writes it",
		file:    repo("seed-secretsmanager-private-dns-off.yaml"),
		changes: []whatif.Change{{Kind: whatif.FlipPublicIP, Target: "app"}}},
}

// load reads a scenario as vpctrace does (model/load reads a .yaml file
// with scenario.LoadFile).
func load(t *testing.T, path string) *model.World {
	t.Helper()
	w, diags := modelscenario.LoadFile(path)
	if w == nil {
		t.Fatalf("load %s: %v", path, diags)
	}
	return w
}

// TestEditsReload is the contract of a patcher: the patched file, loaded
// again, gives every object the changes touched as whatif.Apply makes it,
// up to source positions and the IDs of new objects.
func TestEditsReload(t *testing.T) {
	for _, tc := range reloadCases {
		t.Run(tc.name, func(t *testing.T) { checkReload(t, tc) })
	}
}

// checkReload applies tc's changes with whatif and with Edits, loads the
// patched file and compares every object the changes touched.
func checkReload(t *testing.T, tc reloadCase) {
	t.Helper()
	base := load(t, tc.file)
	want, touched, err := whatif.Apply(base, tc.changes)
	if err != nil {
		t.Fatalf("whatif.Apply: %v", err)
	}
	edits, err := Edits(tc.file, base, tc.changes)
	if err != nil {
		t.Fatalf("Edits: %v", err)
	}
	got := load(t, writeEdits(t, tc.file, edits))
	opts := reloadOptions(tc.newIDs)
	for _, r := range touched {
		if r.Kind == model.KindMountTarget {
			continue // compared with its file system
		}
		id := r.ID
		if n, ok := tc.newIDs[id]; ok {
			id = n
		}
		if d := cmp.Diff(objectIn(t, want, r.Kind, r.ID), objectIn(t, got, r.Kind, id), opts...); d != "" {
			t.Errorf("%s %s (-whatif +reloaded):\n%s", r.Kind, r.ID, d)
		}
	}
}

// writeEdits writes the edit of file into a new directory and returns the
// path of the patched file there.
func writeEdits(t *testing.T, file string, edits []patch.Edit) string {
	t.Helper()
	if len(edits) > 1 {
		t.Fatalf("%d edits, want one", len(edits))
	}
	old, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := old
	if len(edits) == 1 {
		e := edits[0]
		if e.Path != filepath.Base(file) {
			t.Errorf("edit Path = %q, want %q", e.Path, filepath.Base(file))
		}
		if string(e.Old) != string(old) {
			t.Error("edit Old is not the file's content")
		}
		text = e.New
	}
	path := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// reloadOptions compare objects up to positions, nil and empty, the
// order of routes, a JSON policy's spelling and the IDs of new objects.
func reloadOptions(newIDs map[string]string) []cmp.Option {
	return []cmp.Option{
		cmpopts.IgnoreTypes(model.Pos{}),
		cmpopts.EquateEmpty(),
		cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{}),
		cmpopts.SortSlices(func(a, b model.Route) bool {
			return a.Destination.String()+a.DestinationPrefixList+a.TargetID < b.Destination.String()+b.DestinationPrefixList+b.TargetID
		}),
		cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Policy" }, cmp.Transformer("policy", policyValue)),
		cmp.FilterValues(func(a, b string) bool { return newIDs[a] != "" || newIDs[b] != "" },
			cmp.Transformer("fileID", func(s string) string {
				if n, ok := newIDs[s]; ok {
					return n
				}
				return s
			})),
	}
}

// policyValue is a JSON policy decoded, for comparing documents.
func policyValue(s string) any {
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

// objectIn is object id of kind in w.
func objectIn(t *testing.T, w *model.World, kind model.Kind, id string) any {
	t.Helper()
	var found any
	switch kind {
	case model.KindVPC:
		found = pick(w.VPCs, func(o model.VPC) bool { return o.ID == id })
	case model.KindRouteTable:
		found = pick(w.RouteTables, func(o model.RouteTable) bool { return o.ID == id })
	case model.KindEndpoint:
		found = pick(w.Endpoints, func(o model.Endpoint) bool { return o.ID == id })
	case model.KindSecurityGroup:
		found = pick(w.SecurityGroups, func(o model.SecurityGroup) bool { return o.ID == id })
	case model.KindNetworkACL:
		found = pick(w.NetworkACLs, func(o model.NetworkACL) bool { return o.ID == id })
	case model.KindFileSystem:
		found = pick(w.FileSystems, func(o model.FileSystem) bool { return o.ID == id })
	case model.KindService:
		found = pick(w.Services, func(o model.Service) bool { return o.ID == id })
	default:
		t.Fatalf("no comparison for a %s", kind)
	}
	if found == nil {
		t.Fatalf("%s %q is missing", kind, id)
	}
	return found
}

func pick[T any](s []T, match func(T) bool) any {
	for _, o := range s {
		if match(o) {
			return o
		}
	}
	return nil
}

// TestEditsGolden shows the patched text of a few fixtures, and its diff.
func TestEditsGolden(t *testing.T) {
	for _, tc := range []struct {
		golden  string
		file    string
		changes []whatif.Change
	}{
		{"routing-endpoints", repo("routing.yaml"), reloadCases[2].changes},
		{"filters-rules", repo("filters.yaml"), []whatif.Change{
			{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "closed"},
			{Kind: whatif.AllowEgress, Target: "other", Value: "endpoints", Port: 443},
			{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"},
		}},
		{"efs-mount-target", repo("efs.yaml"), []whatif.Change{
			{Kind: whatif.AddMountTarget, Target: "data", Value: "private-c"},
			{Kind: whatif.SetPlatformVersion, Target: "legacy", Value: "1.4.0"},
		}},
		{"ipv6-mixed-endpoint", local("ipv6-mixed.yaml"), []whatif.Change{{Kind: whatif.AddEndpoint, Target: "mixed", Value: region + "logs"}}},
		{"styles-patched", local("styles.yaml"), []whatif.Change{
			{Kind: whatif.AllowEgress, Target: "block-rules", Value: "pl-0123", Port: 443},
			{Kind: whatif.AllowNACL, Target: "strict", Value: "ingress"},
			{Kind: whatif.AddDefaultRoute, Target: "block-routes", Value: "nat"},
			{Kind: whatif.WidenEndpointPolicy, Target: "dynamodb", Value: "dynamodb:GetItem *"},
		}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			edits, err := Edits(tc.file, load(t, tc.file), tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(edits) != 1 {
				t.Fatalf("%d edits, want 1", len(edits))
			}
			got := string(edits[0].New)
			checkGolden(t, tc.golden+".yaml.golden", got)
			checkGolden(t, tc.golden+".diff.golden", patch.Diff(edits))
			again, err := Edits(tc.file, load(t, tc.file), tc.changes)
			if err != nil || string(again[0].New) != got {
				t.Errorf("a second Edits gives other text (err %v)", err)
			}
		})
	}
}

// checkGolden compares got with testdata/name, which -update rewrites.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got; go test -update accepts):\n%s", path, d)
	}
}

// TestEditsKeepLines: every line of the file that an edit does not
// change stays byte for byte, comments included, in order: the old text
// is a subsequence of the new one, line by line, less the lines an edit
// replaces.
func TestEditsKeepLines(t *testing.T) {
	for _, tc := range reloadCases {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := Edits(tc.file, load(t, tc.file), tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(edits) == 0 {
				return
			}
			old, new := lines(edits[0].Old), lines(edits[0].New)
			kept := keptLines(old, new)
			changed := len(old) - kept
			// Each change rewrites at most the few lines of the entry it
			// edits: a flow mapping turned to block style, a scalar
			// replaced, a list item replaced.
			if limit := 2 * len(tc.changes); changed > limit {
				t.Errorf("%d of %d lines changed, want at most %d:\n%s", changed, len(old), limit, edits[0].New)
			}
			for _, l := range old {
				if strings.HasPrefix(strings.TrimSpace(l), "#") && !strings.Contains(string(edits[0].New), l) {
					t.Errorf("comment line lost: %q", l)
				}
			}
		})
	}
}

func lines(b []byte) []string { return strings.SplitAfter(string(b), "\n") }

// keptLines is the length of the longest common subsequence of a and b.
func keptLines(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}
