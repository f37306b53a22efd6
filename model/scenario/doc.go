// Package scenario reads vpctrace's native YAML scenario format into a
// model.World.
//
// A scenario file names the region and account and then lists objects in
// collections keyed by ID:
//
//	region: ap-northeast-1
//	vpcs:
//	  main:
//	    cidr: 10.0.0.0/16
//	subnets:
//	  private-a: {vpc: main, az: ap-northeast-1a, cidr: 10.0.1.0/24}
//
// docs/scenario.md is the reference of every collection and field. The
// decoder walks yaml.Node trees rather than Go structs so that every object,
// rule, route, record and container keeps the file, line and column it was
// read from, and every diagnostic points at the offending node.
//
// Defaults follow AWS (not Terraform): a VPC resolves DNS unless told
// otherwise, a security group without an egress key gets AWS's allow-all
// egress rule, and so on; each default cites the rule of docs/aws-rules.md it encodes.
//
// Encode is the inverse of Decode: it writes a model.World as a scenario.
package scenario

// Diagnostic codes produced by the decoder, besides the model's
// model.CodeInvalidValue, model.CodeMissingField, model.CodeDuplicateID and
// model.CodeUnknownReference.
const (
	// CodeSyntax marks input that is not well-formed YAML.
	CodeSyntax = "yaml-syntax"
	// CodeUnknownKey marks a mapping key the format does not define
	// (usually a typo).
	CodeUnknownKey = "unknown-key"
	// CodeDuplicateKey marks a field given twice in one mapping.
	CodeDuplicateKey = "duplicate-key"
	// CodeWrongType marks a node of the wrong kind: a list where a mapping
	// is expected, a mapping where a string is expected, and so on.
	CodeWrongType = "wrong-type"
	// CodeReadError marks a scenario file that could not be read.
	CodeReadError = "read-error"
	// CodeInternal marks a bug in the decoder, reported instead of a panic.
	CodeInternal = "internal-error"
	// CodeNoWorkloads marks a scenario with no service and no task
	// definition: nothing to trace, as when the file was cut short.
	CodeNoWorkloads = "no-ecs-workloads"
)
