package scenario_test

import (
	"fmt"

	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// This example loads a scenario, as a test in your own repository would
// with LoadFile, and checks which calls of its service are reachable: the
// private subnet has an S3 gateway endpoint but no NAT gateway, so the
// image layers arrive and the ECR API calls do not.
func ExampleDecode() {
	const doc = `
region: eu-west-1
vpcs:
  main: {cidr: 10.0.0.0/16, dns_hostnames: true}
subnets:
  private-a: {vpc: main, az: eu-west-1a, cidr: 10.0.1.0/24, route_table: private}
route_tables:
  private: {vpc: main}
security_groups:
  app: {vpc: main}
endpoints:
  s3: {vpc: main, service: s3, type: gateway, route_tables: [private]}
clusters:
  main: {}
task_definitions:
  app:
    containers:
      - {name: app, image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0}
services:
  app: {cluster: main, task_definition: app, subnets: [private-a], security_groups: [app]}
`
	w, diags := scenario.Decode("app.yaml", []byte(doc))
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	for _, c := range sim.Run(w).Workloads[0].Calls {
		fmt.Println(c.Kind, c.Verdict, c.Via+sim.Via(c.Reason))
	}
	// Output:
	// ecr-auth unreachable NO_ROUTE
	// ecr-image unreachable NO_ROUTE
	// ecr-layers reachable gateway-endpoint
}
