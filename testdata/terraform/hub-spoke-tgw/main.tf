# Hub and spoke through a transit gateway, with the interface endpoints
# centralized in the hub (the AWS whitepaper "Centralized access to VPC
# private endpoints", aws-rules 3.2.6).
#
#   hub       10.0.0.0/16: interface endpoints for ecr.api, ecr.dkr, logs
#             and secretsmanager, private DNS OFF; their managed zone would
#             be visible in the hub only (3.2.6). Instead, one Route 53
#             private hosted zone per service name, associated with the hub
#             and every spoke, holds an alias record to the endpoint's
#             regional DNS name (dns_entry[0]) (3.3.4); ecr.dkr's zone needs
#             a wildcard, registry hosts carry the account ID (3.3.3).
#   spokes    orders 10.1.0.0/16, payments 10.2.0.0/16 (for_each): subnets in
#             AZ a and c, both DNS attributes on (3.1.3), 0.0.0.0/0 -> the
#             transit gateway, and an S3 gateway endpoint of their own: the
#             hub's would not carry spoke traffic (4.8.7: NOT_TRANSITIVE).
#   transit   default route table association and propagation on (4.8.3):
#             every attachment propagates its VPC CIDR into the default
#             table, which therefore knows 10.0/16, 10.1/16 and 10.2/16 and
#             nothing else. Each spoke is attached in both of its AZs
#             (4.8.1); the hub's endpoint subnets route the spokes back to
#             the transit gateway (4.8.4). The endpoints' group admits the
#             spokes by CIDR: group references do not cross a transit
#             gateway without its referencing option (5.1.7).
#
#   orders    ECR image, awslogs and a secret: ECR, logs and secret calls
#             resolve through the private zones to the hub's endpoint ENIs
#             and cross the transit gateway: via interface-endpoint (the
#             transit gateway is a hop, not a via); the layers take the
#             spoke's own S3 gateway endpoint. Everything reachable.
#   payments  also reads an SSM parameter. ssm is not centralized: its name
#             resolves to the public address (3.5.1), the spoke sends it to
#             the transit gateway, whose route table has no 0.0.0.0/0
#             (4.8.2): TGW_NO_ROUTE, and the task stops with 7.3.5.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "azs" {
  type    = list(string)
  default = ["ap-northeast-1a", "ap-northeast-1c"]
}

locals {
  hub_cidr = "10.0.0.0/16"

  spokes = {
    orders   = { cidr = "10.1.0.0/16" }
    payments = { cidr = "10.2.0.0/16" }
  }

  # "orders-ap-northeast-1a" => { spoke, az, cidr }
  spoke_subnets = merge([
    for name, spoke in local.spokes : {
      for i, az in var.azs : "${name}-${az}" => {
        spoke = name
        az    = az
        cidr  = cidrsubnet(spoke.cidr, 8, i)
      }
    }
  ]...)

  # Centralized endpoint -> the private zone that stands in for its private
  # DNS, and the record name in it (aws-rules 3.2.2, 3.3.3).
  centralized = {
    "ecr.api" = {
      zone   = "api.ecr.${var.region}.amazonaws.com"
      record = "api.ecr.${var.region}.amazonaws.com"
    }
    "ecr.dkr" = {
      zone   = "dkr.ecr.${var.region}.amazonaws.com"
      record = "*.dkr.ecr.${var.region}.amazonaws.com"
    }
    "logs" = {
      zone   = "logs.${var.region}.amazonaws.com"
      record = "logs.${var.region}.amazonaws.com"
    }
    "secretsmanager" = {
      zone   = "secretsmanager.${var.region}.amazonaws.com"
      record = "secretsmanager.${var.region}.amazonaws.com"
    }
  }
}

# ---------------------------------------------------------------- hub

resource "aws_vpc" "hub" {
  cidr_block           = local.hub_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "hub" }
}

resource "aws_subnet" "hub_endpoints" {
  count = length(var.azs)

  vpc_id            = aws_vpc.hub.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(local.hub_cidr, 8, count.index + 1)
  tags              = { Name = "hub-endpoints-${var.azs[count.index]}" }
}

resource "aws_subnet" "hub_tgw" {
  count = length(var.azs)

  vpc_id            = aws_vpc.hub.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(local.hub_cidr, 12, 4000 + count.index)
  tags              = { Name = "hub-tgw-${var.azs[count.index]}" }
}

resource "aws_route_table" "hub_endpoints" {
  vpc_id = aws_vpc.hub.id
  tags   = { Name = "hub-endpoints" }
}

# The way back to each spoke (aws-rules 4.8.4).
resource "aws_route" "hub_to_spokes" {
  for_each = local.spokes

  route_table_id         = aws_route_table.hub_endpoints.id
  destination_cidr_block = each.value.cidr
  transit_gateway_id     = aws_ec2_transit_gateway.main.id
}

resource "aws_route_table_association" "hub_endpoints" {
  count = length(var.azs)

  subnet_id      = aws_subnet.hub_endpoints[count.index].id
  route_table_id = aws_route_table.hub_endpoints.id
}

# The attachment subnets use the main route table (aws-rules 4.1.1): local only.

resource "aws_security_group" "hub_endpoints" {
  name        = "hub-endpoints"
  description = "Centralized interface endpoints"
  vpc_id      = aws_vpc.hub.id

  ingress {
    description = "HTTPS from the spokes"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [for s in local.spokes : s.cidr]
  }
}

resource "aws_vpc_endpoint" "hub" {
  for_each = local.centralized

  vpc_id              = aws_vpc.hub.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = aws_subnet.hub_endpoints[*].id
  security_group_ids  = [aws_security_group.hub_endpoints.id]
  tags                = { Name = "hub-${each.key}" }
}

resource "aws_route53_zone" "endpoint" {
  for_each = local.centralized

  name    = each.value.zone
  comment = "Centralized ${each.key} endpoint"

  vpc {
    vpc_id = aws_vpc.hub.id
  }

  dynamic "vpc" {
    for_each = aws_vpc.spoke
    content {
      vpc_id = vpc.value.id
    }
  }
}

resource "aws_route53_record" "endpoint" {
  for_each = local.centralized

  zone_id = aws_route53_zone.endpoint[each.key].zone_id
  name    = each.value.record
  type    = "A"

  alias {
    name                   = aws_vpc_endpoint.hub[each.key].dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.hub[each.key].dns_entry[0].hosted_zone_id
    evaluate_target_health = true
  }
}

# ------------------------------------------------------------- transit

resource "aws_ec2_transit_gateway" "main" {
  description                     = "hub and spoke"
  default_route_table_association = "enable"
  default_route_table_propagation = "enable"
  dns_support                     = "enable"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = aws_ec2_transit_gateway.main.id
  vpc_id             = aws_vpc.hub.id
  subnet_ids         = aws_subnet.hub_tgw[*].id
  tags               = { Name = "hub" }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke" {
  for_each = local.spokes

  transit_gateway_id = aws_ec2_transit_gateway.main.id
  vpc_id             = aws_vpc.spoke[each.key].id
  subnet_ids         = [for k, s in local.spoke_subnets : aws_subnet.spoke[k].id if s.spoke == each.key]
  tags               = { Name = each.key }
}

# -------------------------------------------------------------- spokes

resource "aws_vpc" "spoke" {
  for_each = local.spokes

  cidr_block           = each.value.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = each.key }
}

resource "aws_subnet" "spoke" {
  for_each = local.spoke_subnets

  vpc_id            = aws_vpc.spoke[each.value.spoke].id
  availability_zone = each.value.az
  cidr_block        = each.value.cidr
  tags              = { Name = each.key }
}

resource "aws_route_table" "spoke" {
  for_each = local.spokes

  vpc_id = aws_vpc.spoke[each.key].id

  route {
    cidr_block         = "0.0.0.0/0"
    transit_gateway_id = aws_ec2_transit_gateway.main.id
  }

  tags = { Name = each.key }

  depends_on = [aws_ec2_transit_gateway_vpc_attachment.spoke]
}

resource "aws_route_table_association" "spoke" {
  for_each = local.spoke_subnets

  subnet_id      = aws_subnet.spoke[each.key].id
  route_table_id = aws_route_table.spoke[each.value.spoke].id
}

resource "aws_vpc_endpoint" "spoke_s3" {
  for_each = local.spokes

  vpc_id            = aws_vpc.spoke[each.key].id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.spoke[each.key].id]
}

resource "aws_security_group" "tasks" {
  for_each = local.spokes

  name   = "${each.key}-tasks"
  vpc_id = aws_vpc.spoke[each.key].id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
