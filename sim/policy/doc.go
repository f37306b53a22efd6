// Package policy parses VPC endpoint policy documents and evaluates them, as
// IAM does, for the requests that ECS makes through an endpoint.
//
// Parse accepts the shapes of the IAM policy language that endpoint policies
// use and reports mistakes by line and column within the document. Evaluate
// applies the rules of aws-rules section 6: an explicit Deny wins, otherwise
// every action needs a matching Allow (6.1.2); a statement matches when its
// principal, action, resource and condition all match (6.1.3).
//
// Conditions are decided from what the request says about each condition
// key: a value, known absence, or nothing. A key the request says nothing
// about is undecidable; when the outcome depends on it, the decision is
// Unknown and names the key (6.1.5). Requests that AWS makes on the
// customer's behalf, such as ECR layer downloads from the starport bucket,
// carry no principal of the customer's account (6.3.1).
package policy
