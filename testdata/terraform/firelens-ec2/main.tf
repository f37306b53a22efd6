# FireLens log routers on the EC2 launch type, with the account's default
# awslogs mode set by aws_ecs_account_setting_default (aws-rules 1.3.5,
# 1.3.6, 1.3.8, 1.3.9, 1.3.11, 7.5.1, 7.5.4).
#
# One private subnet: 0.0.0.0/0 -> a NAT gateway, an S3 gateway endpoint
# whose policy allows s3:GetObject on the ECR layer bucket and on the
# "router-config" bucket only, and a logs interface endpoint with private DNS
# whose security group admits HTTPS from the tasks' group only. The account
# sets defaultLogDriverMode to blocking in ap-northeast-1.
#
# Both services run a FireLens router (AWS for Fluent Bit, from AWS's own ECR
# account 906394416424, pulled via the NAT gateway: 1.3.11) whose config file
# is in S3, and an application container with the awsfirelens driver, which
# makes no logs call (1.3.8). The router's own awslogs configuration sets no
# mode, so the account's blocking applies (1.3.5).
#
#   orders  config file in router-config: firelens-config via the S3 gateway
#           endpoint (1.3.9). BROKEN ON PURPOSE: on EC2 the awslogs driver
#           runs on the container instance, whose group "instances" the logs
#           endpoint does not admit: logs SG_INGRESS_DENIED, and in blocking
#           mode the task stops (1.3.6, 7.5.1).
#   audit   config file in another bucket, which the S3 endpoint policy does
#           not allow: firelens-config ENDPOINT_POLICY_DENIED, met before the
#           log driver (1.3.12), so the stop reason is the agent's FireLens
#           error (7.5.4).

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

variable "ami_id" {
  description = "ECS-optimized AMI (a variable keeps the root plannable offline)"
  type        = string
  default     = "ami-0f1e2d3c4b5a69788"
}

locals {
  prefix = "logship"
  cidr   = "10.80.0.0/16"
  fluent = "906394416424.dkr.ecr.ap-northeast-1.amazonaws.com/aws-for-fluent-bit:stable"
}

resource "aws_ecs_account_setting_default" "log_mode" {
  name  = "defaultLogDriverMode"
  value = "blocking"
}

resource "aws_vpc" "this" {
  cidr_block           = local.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "edge" {
  vpc_id            = aws_vpc.this.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.80.0.0/24"
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.this.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.80.10.0/24"
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table_association" "edge" {
  subnet_id      = aws_subnet.edge.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.edge.id
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this.id
  }
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_s3_bucket" "router_config" {
  bucket = "${local.prefix}-router-config"
}

resource "aws_s3_object" "orders_conf" {
  bucket  = aws_s3_bucket.router_config.id
  key     = "orders/extra.conf"
  content = "[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.app.id]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LayersAndRouterConfig"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource = [
        "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*",
        "${aws_s3_bucket.router_config.arn}/*",
      ]
    }]
  })
}

resource "aws_security_group" "instances" {
  name   = "${local.prefix}-instances"
  vpc_id = aws_vpc.this.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "tasks" {
  name   = "${local.prefix}-tasks"
  vpc_id = aws_vpc.this.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Admits the tasks' group only: on EC2 the awslogs driver is not in the task.
resource "aws_security_group" "logs_endpoint" {
  name   = "${local.prefix}-logs-endpoint"
  vpc_id = aws_vpc.this.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.ap-northeast-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.app.id]
  security_group_ids  = [aws_security_group.logs_endpoint.id]
}
