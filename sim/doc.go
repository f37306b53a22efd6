// Package sim is the vpctrace engine: it works out which control-plane calls
// each ECS workload of a model.World makes, traces each call hop by hop
// through DNS, routing, NAT, gateway and interface endpoints, security
// groups, network ACLs and endpoint policies, and explains the verdict.
//
// Rules cite docs/aws-rules.md by rule number ("aws-rules 3.3.2") in
// comments, tests and messages.
package sim
