# Bad input: an HCL syntax error. enable_dns_hostnames has no value, so the
# parser meets the end of the line where an expression must start.
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames =
}
