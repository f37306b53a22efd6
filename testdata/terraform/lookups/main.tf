# A service module that finds its network by look-ups, as roots that
# deploy into an existing VPC do: data "aws_vpc" by tag, "aws_subnets" by
# EC2 filters, "aws_subnet" per subnet, "aws_security_group" by name,
# "aws_ecs_cluster" by name. Here the network is declared in the same
# root, so vpctrace answers each look-up from those resources (by their
# tags, including the provider's default_tags) instead of leaving the
# service with unknown subnets and groups.
#
# The network: private subnets with only the local route, interface
# endpoints with private DNS for ecr.api, ecr.dkr, logs and
# secretsmanager, the S3 gateway endpoint.
#
#   payments  every call through an endpoint (aws-rules 3.2.2, 4.3.1)

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      Project = "payments"
    }
  }
}

data "aws_region" "current" {}

data "aws_availability_zones" "available" {}

locals {
  azs    = slice(data.aws_availability_zones.available.names, 0, 2)
  region = data.aws_region.current.name
}

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "payments" }
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  tags              = { Tier = "private" }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "endpoints" {
  name   = "payments-endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["ecr.api", "ecr.dkr", "logs", "secretsmanager"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.${local.region}.s3"
  route_table_ids = [aws_route_table.private.id]
}

resource "aws_security_group" "tasks" {
  name   = "payments-tasks"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "payments"
}

resource "aws_secretsmanager_secret" "stripe" {
  name = "payments/stripe"
}

module "service" {
  source = "./modules/service"

  name          = "payments"
  cluster_name  = "payments"
  vpc_name      = "payments"
  group_name    = "payments-tasks"
  image         = "123456789012.dkr.ecr.${local.region}.amazonaws.com/payments:3.1"
  secret_arn    = aws_secretsmanager_secret.stripe.arn
  desired_count = 2
}
