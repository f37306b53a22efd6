# A large, realistic root for benchmarks: one VPC in three AZs with 20
# subnets, a NAT gateway per AZ, 12 interface endpoints and the S3 gateway
# endpoint, and 30 Fargate services, each with its own ECR repository, log
# group, security group and per-rule security group resources, task role,
# task definition and service -- over 300 resource instances in the plan.
#
# Every service starts (model/terraform/roots_test.go checks all 30):
#
#   - private ECR images, awslogs, Secrets Manager secrets and ECS Exec go
#     through interface endpoints with private DNS (aws-rules 3.2.1, 3.2.2);
#     the task groups allow 443 out and the endpoints' group admits each
#     task group by reference (5.1.3, 5.1.4, one rule resource per service);
#   - image layers take the S3 gateway endpoint (4.3.2), allowed by the
#     0.0.0.0/0 egress rule (5.1.3);
#   - the few services with a public image (Docker Hub, public.ecr.aws) pull
#     it through the NAT gateway of their AZ (1.2.6, 4.5.1).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.30"
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
  default = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
}

variable "cidr" {
  type    = string
  default = "10.100.0.0/16"
}

locals {
  name = "platform"

  # 20 subnets: tier, AZ index and /16-relative netnum of a /22.
  subnets = {
    "public-a"    = { tier = "public", az = 0, net = 0 }
    "public-c"    = { tier = "public", az = 1, net = 1 }
    "public-d"    = { tier = "public", az = 2, net = 2 }
    "app-1a"      = { tier = "app", az = 0, net = 4 }
    "app-1c"      = { tier = "app", az = 1, net = 5 }
    "app-1d"      = { tier = "app", az = 2, net = 6 }
    "app-2a"      = { tier = "app", az = 0, net = 7 }
    "app-2c"      = { tier = "app", az = 1, net = 8 }
    "app-2d"      = { tier = "app", az = 2, net = 9 }
    "batch-a"     = { tier = "batch", az = 0, net = 10 }
    "batch-c"     = { tier = "batch", az = 1, net = 11 }
    "batch-d"     = { tier = "batch", az = 2, net = 12 }
    "data-a"      = { tier = "data", az = 0, net = 16 }
    "data-c"      = { tier = "data", az = 1, net = 17 }
    "data-d"      = { tier = "data", az = 2, net = 18 }
    "endpoints-a" = { tier = "endpoints", az = 0, net = 20 }
    "endpoints-c" = { tier = "endpoints", az = 1, net = 21 }
    "endpoints-d" = { tier = "endpoints", az = 2, net = 22 }
    "mgmt-a"      = { tier = "mgmt", az = 0, net = 24 }
    "mgmt-c"      = { tier = "mgmt", az = 1, net = 25 }
  }

  # Tiers whose route table sends 0.0.0.0/0 to the NAT gateway of the AZ.
  nat_tiers = ["app", "batch", "mgmt"]

  interface_endpoints = [
    "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages",
    "kms", "sts", "monitoring", "ecs", "ecs-agent", "ecs-telemetry",
  ]
}

resource "aws_vpc" "main" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = local.name }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "this" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.main.id
  availability_zone       = var.azs[each.value.az]
  cidr_block              = cidrsubnet(var.cidr, 6, each.value.net)
  map_public_ip_on_launch = each.value.tier == "public"
  tags                    = { Name = "${local.name}-${each.key}", Tier = each.value.tier }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "public_default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_eip" "nat" {
  count  = length(var.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = length(var.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.this["public-${substr(var.azs[count.index], -1, 1)}"].id
}

resource "aws_route_table" "private" {
  count  = length(var.azs)
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${local.name}-private-${var.azs[count.index]}" }
}

resource "aws_route" "private_default" {
  count                  = length(var.azs)
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index].id
}

# Data and endpoint subnets: local routes only.
resource "aws_route_table" "isolated" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${local.name}-isolated" }
}

resource "aws_route_table_association" "this" {
  for_each = local.subnets

  subnet_id = aws_subnet.this[each.key].id
  route_table_id = (
    each.value.tier == "public" ? aws_route_table.public.id :
    contains(local.nat_tiers, each.value.tier) ? aws_route_table.private[each.value.az].id :
    aws_route_table.isolated.id
  )
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(aws_route_table.private[*].id, [aws_route_table.isolated.id])
}

resource "aws_security_group" "endpoints" {
  name        = "${local.name}-endpoints"
  description = "Interface endpoints"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(local.interface_endpoints)

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for k, s in aws_subnet.this : s.id if local.subnets[k].tier == "endpoints"]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Internal load balancer"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.cidr
}

resource "aws_vpc_security_group_egress_rule" "alb_to_vpc" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 1024
  to_port           = 65535
  cidr_ipv4         = var.cidr
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "Databases"
  vpc_id      = aws_vpc.main.id
}
