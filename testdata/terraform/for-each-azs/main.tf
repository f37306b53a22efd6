# Subnets, NAT gateways and route tables per Availability Zone with for_each
# and cidrsubnet: the layout most VPC modules generate.
#
#   public["ap-northeast-1a" | "...c" | "...d"]   10.20.0.0/24, .1, .2
#       route 0.0.0.0/0 -> internet gateway; one NAT gateway (with an EIP)
#       in each
#   private["..."]                                10.20.10.0/24, .11, .12
#       one route table per AZ, 0.0.0.0/0 -> the NAT gateway of the same AZ;
#       the S3 gateway endpoint is on all three tables
#
# Services (Fargate, platform_version left out = LATEST = 1.4.0, aws-rules 2.3):
#
#   web    tasks in all three private subnets. ECR API, registry, logs and
#          the secret go out through the NAT gateway of the task's AZ
#          (aws-rules 4.5.1): reachable via nat-gateway. The image layers take
#          the S3 gateway endpoint, whose prefix-list route beats 0.0.0.0/0
#          (4.3.2): via gateway-endpoint. The secretsmanager interface
#          endpoint below leaves private_dns_enabled out, so Terraform's
#          default false applies (3.2.1) and the secret's default name still
#          resolves publicly (3.2.5): the endpoint is unused, the secret goes
#          through NAT. Nothing fails -- it only costs NAT processing.
#   batch  the same task definition, but its security group has no egress
#          block: Terraform removes AWS's default allow-all egress rule
#          (aws-rules 5.1.6), so every call is SG_EGRESS_DENIED (5.1.2) and the
#          task never gets its registry auth (7.3.2).

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

# data "aws_availability_zones" would ask the EC2 API; a variable keeps the
# root plannable offline.
variable "azs" {
  type    = list(string)
  default = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

locals {
  name = "shop"

  # AZ -> index, so that each AZ keeps its CIDRs when the list grows.
  az_index = { for i, az in var.azs : az => i }
}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = local.name }
}

resource "aws_subnet" "public" {
  for_each = local.az_index

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, each.value)
  map_public_ip_on_launch = true

  tags = { Name = "${local.name}-public-${each.key}" }
}

resource "aws_subnet" "private" {
  for_each = local.az_index

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 10 + each.value)

  tags = { Name = "${local.name}-private-${each.key}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = { Name = "${local.name}-public" }
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  for_each = local.az_index

  domain = "vpc"
  tags   = { Name = "${local.name}-nat-${each.key}" }
}

# A public NAT gateway per AZ: its subnet routes 0.0.0.0/0 to the internet
# gateway (aws-rules 4.5.1).
resource "aws_nat_gateway" "this" {
  for_each = local.az_index

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id

  tags = { Name = "${local.name}-${each.key}" }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "private" {
  for_each = local.az_index

  vpc_id = aws_vpc.this.id
  tags   = { Name = "${local.name}-private-${each.key}" }
}

resource "aws_route" "private_default" {
  for_each = aws_route_table.private

  route_table_id         = each.value.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[each.key].id
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}

# Gateway endpoint on every private table (aws-rules 4.3.1): S3 traffic of the
# private subnets skips the NAT gateways (4.3.2).
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for rt in aws_route_table.private : rt.id]
}

resource "aws_security_group" "endpoints" {
  name   = "${local.name}-endpoints"
  vpc_id = aws_vpc.this.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
}

# private_dns_enabled is left out: the provider's default is false (aws-rules
# 3.2.1), unlike the console's and the API's. The endpoint's ENIs exist but
# secretsmanager.REGION.amazonaws.com does not point at them (3.2.5).
resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id             = aws_vpc.this.id
  service_name       = "com.amazonaws.${var.region}.secretsmanager"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [for s in aws_subnet.private : s.id]
  security_group_ids = [aws_security_group.endpoints.id]
}
