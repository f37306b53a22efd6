package sim_test

import (
	"fmt"
	"net/netip"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// This example builds a small world in Go, as a table-driven test in your
// own repository would, and checks that a Fargate task in a private subnet
// reaches CloudWatch Logs through an interface endpoint, and what breaks
// when the endpoint's private DNS is turned off.
func Example() {
	world := func(privateDNS bool) *model.World {
		return &model.World{
			Region:  "ap-northeast-1",
			Account: "123456789012",
			VPCs: []model.VPC{{ID: "main", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
				EnableDNSSupport: true, EnableDNSHostnames: true}},
			Subnets: []model.Subnet{{ID: "private-a", VPC: "main", AZ: "ap-northeast-1a",
				CIDR: netip.MustParsePrefix("10.0.1.0/24")}},
			SecurityGroups: []model.SecurityGroup{
				{ID: "app", VPC: "main", Egress: []model.SGRule{{Protocol: model.ProtocolAll,
					CIDRs: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}}}},
				{ID: "vpce", VPC: "main", Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
					CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}},
			},
			Endpoints: []model.Endpoint{{ID: "logs", VPC: "main", Type: model.EndpointInterface,
				ServiceName: "com.amazonaws.ap-northeast-1.logs", Subnets: []string{"private-a"},
				SecurityGroups: []string{"vpce"}, PrivateDNS: privateDNS}},
			Clusters: []model.Cluster{{ID: "main", Name: "main"}},
			TaskDefinitions: []model.TaskDefinition{{ID: "app", Family: "app", NetworkMode: "awsvpc",
				Containers: []model.Container{{Name: "app", Image: "public.ecr.aws/nginx/nginx:latest",
					LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "/ecs/app", "awslogs-region": "ap-northeast-1"}}}}},
			Services: []model.Service{{ID: "app", Name: "app", Cluster: "main", TaskDefinition: "app", LaunchType: "FARGATE",
				PlatformVersion: "1.4.0", Subnets: []string{"private-a"}, SecurityGroups: []string{"app"}}},
		}
	}
	for _, privateDNS := range []bool{true, false} {
		w := world(privateDNS)
		if diags := w.Validate(); diags.HasErrors() {
			fmt.Println(diags)
			return
		}
		for _, c := range sim.Run(w).Workloads[0].Calls {
			if c.Kind == sim.CallLogs {
				fmt.Printf("private DNS %v: %s %s%s\n", privateDNS, c.Verdict, c.Via, c.Reason)
			}
		}
	}
	// Output:
	// private DNS true: reachable interface-endpoint
	// private DNS false: unreachable NO_ROUTE
}
