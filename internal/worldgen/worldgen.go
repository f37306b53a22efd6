// Package worldgen generates large, varied worlds for benchmarks: VPCs with
// NAT gateways, VPCs with interface endpoints, and spokes behind a transit
// gateway that share a central egress VPC.
package worldgen

import (
	"fmt"
	"net/netip"

	"github.com/vpctrace/vpctrace/model"
)

// Size says how big a generated world is.
type Size struct {
	VPCs           int // at most 4096
	SubnetsPerVPC  int // at most 16
	ServicesPerVPC int
}

const region = "ap-northeast-1"

var azs = []string{region + "a", region + "c", region + "d"}

// Generate returns a valid world of the given size. VPC i gets the /20
// 10.x.y.0/20; its subnets are /24s. Every third VPC egresses through its
// own NAT gateway, every third through interface endpoints, and the rest
// are transit gateway spokes that egress through VPC 0's NAT gateway.
func Generate(size Size) *model.World {
	w := &model.World{Region: region, Account: "123456789012", AccountFrom: "worldgen"}
	w.TransitGateways = []model.TransitGateway{{ID: "tgw", DefaultRouteTable: "tgw-rt", DefaultAssociation: true, DefaultPropagation: true}}
	// Propagation gives the VPC CIDRs; the spokes' internet traffic goes to
	// VPC 0's attachment and out through its NAT gateway.
	w.TransitGatewayRouteTables = []model.TransitGatewayRouteTable{{ID: "tgw-rt", TransitGateway: "tgw",
		Routes: []model.TransitGatewayRoute{{Destination: prefix("0.0.0.0/0"), Attachment: "tgw-attach-0"}}}}
	w.Clusters = []model.Cluster{{ID: "cluster", Name: "cluster"}}
	for v := 0; v < size.VPCs; v++ {
		addVPC(w, v, size)
	}
	return w
}

func prefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func vpcCIDR(v int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v >> 4), byte(v&15) << 4, 0}), 20)
}

func subnetCIDR(v, s int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v >> 4), byte(v&15)<<4 | byte(s), 0}), 24)
}

func addVPC(w *model.World, v int, size Size) {
	id := func(kind string) string { return fmt.Sprintf("%s-%d", kind, v) }
	vpc := id("vpc")
	w.VPCs = append(w.VPCs, model.VPC{ID: vpc, CIDRs: []netip.Prefix{vpcCIDR(v)}, EnableDNSSupport: true, EnableDNSHostnames: true})
	rt := model.RouteTable{ID: id("rt"), VPC: vpc}
	var subnets []string
	for s := 0; s < size.SubnetsPerVPC; s++ {
		sid := fmt.Sprintf("subnet-%d-%d", v, s)
		subnets = append(subnets, sid)
		w.Subnets = append(w.Subnets, model.Subnet{ID: sid, VPC: vpc, AZ: azs[s%len(azs)], CIDR: subnetCIDR(v, s), RouteTable: rt.ID})
	}
	w.SecurityGroups = append(w.SecurityGroups,
		model.SecurityGroup{ID: id("app"), VPC: vpc, Egress: []model.SGRule{{Protocol: model.ProtocolAll, CIDRs: []netip.Prefix{prefix("0.0.0.0/0")}}}},
		model.SecurityGroup{ID: id("vpce"), VPC: vpc, Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{vpcCIDR(v)}}}},
	)
	w.Endpoints = append(w.Endpoints, model.Endpoint{ID: id("s3"), VPC: vpc, Type: model.EndpointGateway,
		ServiceName: "com.amazonaws." + region + ".s3", RouteTables: []string{rt.ID}})
	switch {
	case v == 0 || v%3 == 1:
		addNAT(w, v, vpc, subnets, &rt)
	case v%3 == 2:
		for _, svc := range []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"} {
			w.Endpoints = append(w.Endpoints, model.Endpoint{ID: id(svc), VPC: vpc, Type: model.EndpointInterface,
				ServiceName: "com.amazonaws." + region + "." + svc, Subnets: subnets[:min(len(subnets), len(azs))],
				SecurityGroups: []string{id("vpce")}, PrivateDNS: true})
		}
	default:
		rt.Routes = append(rt.Routes, model.Route{Destination: prefix("0.0.0.0/0"), Target: model.TargetTransitGateway, TargetID: "tgw"})
	}
	if v == 0 || v%3 == 0 {
		w.TransitGatewayAttachments = append(w.TransitGatewayAttachments, model.TransitGatewayAttachment{ID: id("tgw-attach"),
			TransitGateway: "tgw", VPC: vpc, Subnets: subnets[:min(len(subnets), len(azs))]})
	}
	w.RouteTables = append(w.RouteTables, rt)
	w.TaskDefinitions = append(w.TaskDefinitions, model.TaskDefinition{ID: id("td"), Family: id("app"), NetworkMode: "awsvpc",
		ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec",
		Containers: []model.Container{{Name: "app", Image: "123456789012.dkr.ecr." + region + ".amazonaws.com/app:latest",
			LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "/ecs/app", "awslogs-region": region},
			Secrets: []model.Secret{
				{Name: "DB", ValueFrom: "arn:aws:secretsmanager:" + region + ":123456789012:secret:db-AbCdEf"},
				{Name: "KEY", ValueFrom: "arn:aws:ssm:" + region + ":123456789012:parameter/app/key"},
			}}}})
	for s := 0; s < size.ServicesPerVPC; s++ {
		placed := []string{subnets[s%len(subnets)], subnets[(s+1)%len(subnets)]}
		w.Services = append(w.Services, model.Service{ID: fmt.Sprintf("svc-%d-%d", v, s), Name: fmt.Sprintf("app-%d-%d", v, s),
			Cluster: "cluster", TaskDefinition: id("td"), LaunchType: "FARGATE", PlatformVersion: "1.4.0",
			Subnets: placed, SecurityGroups: []string{id("app")}})
	}
}

// addNAT gives a VPC a public subnet with an internet gateway and a NAT
// gateway; VPC 0 also routes the spokes' CIDRs back to the transit gateway.
func addNAT(w *model.World, v int, vpc string, subnets []string, rt *model.RouteTable) {
	id := func(kind string) string { return fmt.Sprintf("%s-%d", kind, v) }
	public := id("public")
	w.Subnets = append(w.Subnets, model.Subnet{ID: public, VPC: vpc, AZ: azs[0], CIDR: subnetCIDR(v, 15), RouteTable: id("public-rt")})
	w.InternetGateways = append(w.InternetGateways, model.InternetGateway{ID: id("igw"), VPC: vpc})
	w.NATGateways = append(w.NATGateways, model.NATGateway{ID: id("nat"), Subnet: public, ElasticIP: id("eip")})
	publicRT := model.RouteTable{ID: id("public-rt"), VPC: vpc, Routes: []model.Route{
		{Destination: prefix("0.0.0.0/0"), Target: model.TargetInternetGateway, TargetID: id("igw")},
	}}
	if v == 0 {
		publicRT.Routes = append(publicRT.Routes, model.Route{Destination: prefix("10.0.0.0/8"), Target: model.TargetTransitGateway, TargetID: "tgw"})
		// Spoke traffic enters VPC 0 in its attachment subnets, whose route
		// table sends it on to the NAT gateway.
	}
	w.RouteTables = append(w.RouteTables, publicRT)
	rt.Routes = append(rt.Routes, model.Route{Destination: prefix("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: id("nat")})
	if v == 0 {
		rt.Routes = append(rt.Routes, model.Route{Destination: prefix("10.0.0.0/8"), Target: model.TargetTransitGateway, TargetID: "tgw"})
	}
	_ = subnets
}
