package snapshot

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// BenchmarkLoadLarge reads the seed twin grown to 3,000 more subnets, each
// with its own route table, and 3,000 more security groups: some 10 MB of
// JSON, the size of a large account's region.
func BenchmarkLoadLarge(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "snap")
	seed := filepath.Join("testdata", "twins", "seed")
	entries, err := os.ReadDir(seed)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(seed, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	const n = 3000
	vpc, az := "vpc-0a1b2c3d4e5f60001", "ap-northeast-1a"
	var subnets []ec2types.Subnet
	var tables []ec2types.RouteTable
	var groups []ec2types.SecurityGroup
	for i := range n {
		sub, rtb, sg := fmt.Sprintf("subnet-%017x", i+0x100), fmt.Sprintf("rtb-%017x", i+0x100), fmt.Sprintf("sg-%017x", i+0x100)
		cidr := fmt.Sprintf("10.0.%d.%d/28", 100+i/16%150, i%16*16)
		subnets = append(subnets, ec2types.Subnet{SubnetId: &sub, VpcId: &vpc, AvailabilityZone: &az, CidrBlock: &cidr, State: ec2types.SubnetStateAvailable})
		main := false
		tables = append(tables, ec2types.RouteTable{RouteTableId: &rtb, VpcId: &vpc,
			Associations: []ec2types.RouteTableAssociation{{Main: &main, RouteTableId: &rtb, SubnetId: &sub}},
			Routes:       []ec2types.Route{{DestinationCidrBlock: ptr("10.0.0.0/16"), GatewayId: ptr("local"), State: ec2types.RouteStateActive}}})
		name := fmt.Sprintf("group-%d", i)
		groups = append(groups, ec2types.SecurityGroup{GroupId: &sg, GroupName: &name, VpcId: &vpc,
			IpPermissions: []ec2types.IpPermission{{IpProtocol: ptr("tcp"), FromPort: ptr(int32(443)), ToPort: ptr(int32(443)),
				IpRanges: []ec2types.IpRange{{CidrIp: ptr("10.0.0.0/16")}}}}})
	}
	for name, v := range map[string]any{
		"more-subnets.json":      map[string]any{"Subnets": subnets},
		"more-route-tables.json": map[string]any{"RouteTables": tables},
		"more-groups.json":       map[string]any{"SecurityGroups": groups},
	} {
		data, err := json.MarshalIndent(v, "", "    ")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if w, ds := Load(dir); w == nil || ds.HasErrors() {
			b.Fatalf("%v", ds.Errors())
		}
	}
}

func ptr[T any](v T) *T { return &v }
