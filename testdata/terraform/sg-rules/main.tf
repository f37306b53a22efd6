# Security groups written two ways at once: inline ingress/egress blocks in
# aws_security_group, and separate aws_security_group_rule resources that add
# rules to a group. A group's effective rules are the union of both
# (aws-rules 5.1.1). A group with no egress *block* but with egress
# aws_security_group_rule resources has exactly those egress rules: 5.1.6's
# "no egress" applies only when nothing adds any.
#
# Network: one VPC, private subnets in AZ a and c, no internet gateway and no
# NAT gateway. ECR API, ECR registry and CloudWatch Logs through interface
# endpoints with private DNS, image layers through the S3 gateway endpoint.
#
#   api      egress by rule resources: 443 to the endpoints' group, 443 to
#            the S3 gateway endpoint's prefix list (aws-rules 5.1.3). Every call
#            reachable.
#   reports  egress by a rule resource: 443 to the VPC CIDR only. The
#            interface endpoints are in the VPC, so those calls pass; the S3
#            gateway path goes to S3's public addresses, which the VPC CIDR
#            does not cover (5.1.3): ecr-layers SG_EGRESS_DENIED, and the
#            image pull fails (7.3.9).
#
# The endpoints' group admits HTTPS from both task groups by reference
# (5.1.3, 5.1.4). The task groups' egress rules refer back to it: written as
# separate rule resources, the two-way reference is no dependency cycle (two
# groups with inline blocks naming each other would be one).
#
# The provider manages each direction of a group either inline or by rule
# resources, never both (it would fight itself); reports shows the usual mix:
# inline ingress, egress by rule resources.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

locals {
  region  = "ap-northeast-1"
  subnets = { a = "10.30.1.0/24", c = "10.30.2.0/24" }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  for_each = local.subnets

  vpc_id            = aws_vpc.main.id
  availability_zone = "${local.region}${each.key}"
  cidr_block        = each.value
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ecr.api", "ecr.dkr", "logs"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

# ---- security groups ----

# Inline ingress from both task groups. No egress block: the group has no
# egress rules (aws-rules 5.1.6), which an endpoint does not need (5.1.1).
resource "aws_security_group" "endpoints" {
  name        = "endpoints"
  description = "Interface endpoints"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "HTTPS from the tasks"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.api.id, aws_security_group.reports.id]
  }
}

# No inline rules: everything comes from aws_security_group_rule below.
resource "aws_security_group" "api" {
  name        = "api"
  description = "api tasks"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "api_to_endpoints" {
  type                     = "egress"
  security_group_id        = aws_security_group.api.id
  from_port                = 443
  to_port                  = 443
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.endpoints.id
}

# The S3 gateway path is allowed by the S3 prefix list (aws-rules 5.1.3).
resource "aws_security_group_rule" "api_to_s3" {
  type              = "egress"
  security_group_id = aws_security_group.api.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  prefix_list_ids   = [aws_vpc_endpoint.s3.prefix_list_id]
}

# Inline ingress from the VPC for the reports dashboard...
resource "aws_security_group" "reports" {
  name        = "reports"
  description = "reports tasks"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

# ...and egress by a rule resource. BROKEN ON PURPOSE: "443 to the VPC" lets
# the task reach the interface endpoints but not S3's public addresses behind
# the gateway endpoint (aws-rules 5.1.3): ecr-layers SG_EGRESS_DENIED.
resource "aws_security_group_rule" "reports_https_in_vpc" {
  type              = "egress"
  security_group_id = aws_security_group.reports.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = [aws_vpc.main.cidr_block]
}
