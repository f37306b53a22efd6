package sim

// Requirement is one row of the endpoint requirements table: a use case,
// the calls it makes and the endpoint services those calls need on a given
// launch type and platform version.
type Requirement struct {
	Use       string     // e.g. "Pull an image from ECR"
	Calls     []CallKind // the call kinds behind the use case
	Endpoints []string   // endpoint services needed, e.g. "ecr.dkr", "s3 (Gateway)"; empty when none
	Origin    Origin     // which interface makes the calls
	// Note explains the row, e.g. why the seed article's table differs.
	Note string
}
