# The way registry modules are called (terraform-aws-modules/ecs and alb
# style, written here from scratch): a service module that takes its
# containers as a map of objects with optional(T, default) attributes and
# builds each container definition in a container submodule, an ALB
# module that outputs whole resources (target_groups, listener_rules),
# service discovery, and values Terraform knows only after apply:
#
#   * DB_HOST = aws_db_instance.main.address, an environment value no call
#     reads: every call of api keeps its verdict;
#   * the worker's secret is the RDS-managed master password,
#     aws_db_instance.main.master_user_secret[0].secret_arn: only that
#     call is unknown (it could be Secrets Manager in any region).
#
# Network: private subnets whose default route goes to a NAT gateway, the
# S3 gateway endpoint, no interface endpoints.
#
#   api     ecr-auth, ecr-image, logs, secret through the NAT gateway
#           (aws-rules 4.5.1), ecr-layers through the gateway endpoint (4.3.2),
#           the collector sidecar from public.ecr.aws through the NAT
#           gateway (1.2.6)
#   worker  the same, and the master password secret: unknown

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name
  azs    = ["${local.region}a", "${local.region}c"]
}

resource "aws_vpc" "main" {
  cidr_block           = "10.80.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "public" {
  for_each          = toset(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, index(local.azs, each.key))
}

resource "aws_subnet" "private" {
  for_each          = toset(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, 10 + index(local.azs, each.key))
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[local.azs[0]].id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.${local.region}.s3"
  route_table_ids = [aws_route_table.private.id]
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "orders"
  manage_master_user_password = true
  skip_final_snapshot         = true
}

resource "aws_ecr_repository" "api" {
  name = "api"
}

resource "aws_secretsmanager_secret" "api_key" {
  name = "api/key"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

module "alb" {
  source = "./modules/alb"

  name       = "main"
  vpc_id     = aws_vpc.main.id
  subnet_ids = [for s in aws_subnet.public : s.id]
  target_groups = {
    api = { port = 8080, path = "/health" }
  }
}

resource "aws_service_discovery_private_dns_namespace" "main" {
  name = "internal"
  vpc  = aws_vpc.main.id
}

resource "aws_service_discovery_service" "api" {
  name = "api"

  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.main.id

    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}

module "api" {
  source = "./modules/service"

  name            = "api"
  cluster_arn     = aws_ecs_cluster.main.arn
  subnet_ids      = [for s in aws_subnet.private : s.id]
  security_groups = [aws_security_group.tasks.id]

  containers = {
    api = {
      image = "${aws_ecr_repository.api.repository_url}:1.4.2"
      port  = 8080
      environment = [
        { name = "DB_HOST", value = aws_db_instance.main.address },
      ]
      secrets = [
        { name = "API_KEY", valueFrom = aws_secretsmanager_secret.api_key.arn },
      ]
    }
    otel = {
      image     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
      essential = false
    }
  }

  load_balancer = {
    target_group_arn = module.alb.target_groups["api"].arn
    container        = "api"
    port             = 8080
  }
  registry_arn = aws_service_discovery_service.api.arn
}

module "worker" {
  source = "./modules/service"

  name            = "worker"
  cluster_arn     = aws_ecs_cluster.main.arn
  subnet_ids      = [for s in aws_subnet.private : s.id]
  security_groups = [aws_security_group.tasks.id]

  containers = {
    worker = {
      image = "${aws_ecr_repository.api.repository_url}:1.4.2"
      environment = [
        { name = "DB_HOST", value = aws_db_instance.main.address },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "${aws_db_instance.main.master_user_secret[0].secret_arn}:password::" },
      ]
    }
  }
}

# A listener rule's ARN read through the module's whole-resource output.
output "api_rule_arn" {
  value = module.alb.listener_rules["api"].arn
}
