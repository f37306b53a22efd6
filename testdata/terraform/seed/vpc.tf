# The VPC the article's subnet and endpoints live in. Endpoint private DNS
# needs both DNS attributes (aws-rules 3.1.3, 3.2.1): enable_dns_support
# defaults to true, enable_dns_hostnames to false in the provider, so the
# article's network needs it set.
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(
    local.common_tags,
    {
      Name = local.infra_fullname
    }
  )
}
