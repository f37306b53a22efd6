# The per-rule security group resources of provider 5.x:
# aws_vpc_security_group_ingress_rule and aws_vpc_security_group_egress_rule
# (one rule, one CIDR or peer each), with groups that have no inline rules.
# Subnets by count; endpoints by for_each over a map of settings.
#
# Network: private subnets in AZ a and c, no internet path. Interface
# endpoints for ecr.api, ecr.dkr, logs, secretsmanager and ssm; S3 gateway
# endpoint for the image layers.
#
#   api    egress 443 to 0.0.0.0/0; the endpoints' group admits it by
#          reference. Every endpoint call is reachable except the parameter:
#          the ssm endpoint below leaves private_dns_enabled out, so the
#          provider's default false applies (aws-rules 3.2.1), ssm.REGION...
#          resolves to the public address (3.2.5) and the subnets have no
#          route to it (4.2.4): NO_ROUTE, and the task stops with 7.3.5.
#   admin  same egress, but its group is not among the endpoints' ingress
#          peers (5.1.4): every interface-endpoint call is SG_INGRESS_DENIED
#          (5.1.2). The layers use the gateway endpoint, which has no
#          security group (4.3.1), and pass.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.30"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

variable "azs" {
  type    = list(string)
  default = ["ap-northeast-1a", "ap-northeast-1c"]
}

locals {
  region = "ap-northeast-1"
  cidr   = "10.40.0.0/16"

  # service -> private DNS. ssm is BROKEN ON PURPOSE: its entry has no
  # private_dns key, and the lookup() below passes null, which leaves the
  # provider's default (false) in place (aws-rules 3.2.1).
  interface_endpoints = {
    "ecr.api"        = { private_dns = true }
    "ecr.dkr"        = { private_dns = true }
    "logs"           = { private_dns = true }
    "secretsmanager" = { private_dns = true }
    "ssm"            = {}
  }
}

resource "aws_vpc" "main" {
  cidr_block           = local.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count = length(var.azs)

  vpc_id            = aws_vpc.main.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(local.cidr, 4, count.index)
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count = length(var.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "this" {
  for_each = local.interface_endpoints

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = lookup(each.value, "private_dns", null)
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}

# ---- security groups: no inline rules anywhere ----

resource "aws_security_group" "endpoints" {
  name        = "endpoints"
  description = "Interface endpoints"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "api tasks"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "admin tasks"
  vpc_id      = aws_vpc.main.id
}

# HTTPS into the endpoints from the api group only (aws-rules 5.1.3, 5.1.4).
resource "aws_vpc_security_group_ingress_rule" "endpoints_from_api" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from api tasks"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.api.id
}

resource "aws_vpc_security_group_egress_rule" "api_https" {
  security_group_id = aws_security_group.api.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "admin_ui" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "tcp"
  from_port         = 8443
  to_port           = 8443
  cidr_ipv4         = local.cidr
}

# All protocols out ("-1" takes no ports).
resource "aws_vpc_security_group_egress_rule" "admin_all" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
