// Package example holds vpctrace's built-in example scenario: the network
// of the seed article (shared/seeds/000_729dd853514e59f4.txt), a Fargate
// service in a private subnet with no internet gateway and no NAT gateway
// that reaches ECR, S3, CloudWatch Logs, Secrets Manager and SSM through
// VPC endpoints. `vpctrace trace` runs on it when given no path.
package example

import _ "embed" // for go:embed

// SeedFile is the file name to report positions in Seed against, e.g.
// scenario.Decode(example.SeedFile, example.Seed).
const SeedFile = "example/seed.yaml"

// Seed is the YAML scenario of the seed article's network (see SeedFile and
// docs/scenario.md).
//
//go:embed seed.yaml
var Seed []byte
