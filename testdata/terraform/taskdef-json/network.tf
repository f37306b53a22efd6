# Task definitions written with jsonencode() from locals, using what a task
# can ask ECS to fetch before it starts (aws-rules 1.1.1): a private ECR image
# for each of two containers, awslogs, a Secrets Manager secret with a JSON
# key, a Parameter Store parameter by name, an environment file in S3 and an
# EFS volume (transit encryption, access point, IAM).
#
# Network: app subnets in AZ a, c and d, data subnets in a and c, one route
# table with no internet path. Interface endpoints (private DNS) in the app
# subnets; the S3 gateway endpoint carries image layers and the environment
# file (aws-rules 4.3.2). The EFS file system has a mount target in each data
# subnet -- AZ a and c only -- admitting NFS from the tasks' group.
#
#   orders         tasks in app a and c. One call per distinct (kind,
#                  region, resource) (aws-rules 1.1.3): one ecr-auth (one
#                  registry), two ecr-image (two repositories), one
#                  ecr-layers (one layer bucket), one logs (one group), then
#                  secret, parameter, env-file and efs. Everything reachable;
#                  the EFS name resolves to the mount target in the task's
#                  own AZ (3.8.1) and is delivered in the VPC: via local
#                  (1.6.3).
#   orders-worker  the same task definition in app a, c and d. From AZ d the
#                  file system's name does not resolve: no mount target
#                  there (3.8.1): EFS_NO_MOUNT_TARGET_IN_AZ. A call's verdict
#                  is its worst placement's (architecture.md "The trace model", 9.4), so
#                  the task stops with the EFS utils error (7.3.11).

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
  region = "ap-northeast-1"

  app_subnets  = { "ap-northeast-1a" = "10.50.0.0/20", "ap-northeast-1c" = "10.50.16.0/20", "ap-northeast-1d" = "10.50.32.0/20" }
  data_subnets = { "ap-northeast-1a" = "10.50.100.0/24", "ap-northeast-1c" = "10.50.101.0/24" }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.50.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  for_each          = local.app_subnets
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value
  tags              = { Tier = "app" }
}

resource "aws_subnet" "data" {
  for_each          = local.data_subnets
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value
  tags              = { Tier = "data" }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "app" {
  for_each       = aws_subnet.app
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "data" {
  for_each       = aws_subnet.data
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
  for_each = toset(["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.app : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_security_group" "orders" {
  name   = "orders"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# NFS from the tasks' group (aws-rules 1.6.2).
resource "aws_security_group" "efs" {
  name   = "efs"
  vpc_id = aws_vpc.main.id

  ingress {
    description     = "NFS from orders tasks"
    from_port       = 2049
    to_port         = 2049
    protocol        = "tcp"
    security_groups = [aws_security_group.orders.id]
  }
}

resource "aws_efs_file_system" "shared" {
  creation_token = "orders-shared"
  encrypted      = true
}

# One mount target per data subnet: AZ a and c, none in d (aws-rules 3.8.1).
resource "aws_efs_mount_target" "shared" {
  for_each = aws_subnet.data

  file_system_id  = aws_efs_file_system.shared.id
  subnet_id       = each.value.id
  security_groups = [aws_security_group.efs.id]
}

resource "aws_efs_access_point" "shared" {
  file_system_id = aws_efs_file_system.shared.id

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/orders"
  }
}
