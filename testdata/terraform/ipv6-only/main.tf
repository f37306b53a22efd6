# ECS tasks in IPv6-only subnets (aws-rules 4.9.4-4.9.9). The VPC's IPv6
# block comes from an IPAM pool, so the subnets' blocks are known at plan
# time.
#
#   public   10.40.0.0/24 and an IPv6 /64; 0.0.0.0/0 and ::/0 -> internet
#            gateway; the NAT gateway
#   app-a    IPv6-only (ipv6_native), DNS64 on; ::/0 -> egress-only internet
#            gateway, 64:ff9b::/96 -> the NAT gateway (NAT64, 4.9.5)
#   edge-a   IPv6-only, DNS64 off; ::/0 -> egress-only internet gateway only
#
# Services (Fargate, LATEST = 1.4.0):
#
#   api    in app-a, dual-stack image URI (4.9.9): the image is reachable
#          via the egress-only gateway; ecr-auth, logs and secret reach
#          both their dual-stack and their IPv4 names (through NAT64), so
#          Fargate's unknown choice of name does not matter (10.41): all
#          reachable; the layers too (10.42). Starts.
#   edge   in edge-a: the image is reachable; ecr-auth, logs and secret are
#          unknown, reachable only if Fargate uses the dual-stack names
#          (10.41), and the layers unknown (10.42).

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

variable "ipv6_pool" {
  description = "IPAM pool the VPC's IPv6 block comes from"
  type        = string
  default     = "ipam-pool-0123456789abcdef0"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  ipv6_ipam_pool_id    = var.ipv6_pool
  ipv6_cidr_block      = "2600:1f18:4000:ab00::/56"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_egress_only_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.0.0/24"
  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 0)
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "app_a" {
  vpc_id                          = aws_vpc.main.id
  ipv6_native                     = true
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation = true
  enable_dns64                    = true
  availability_zone               = "ap-northeast-1a"
}

resource "aws_subnet" "edge_a" {
  vpc_id                          = aws_vpc.main.id
  ipv6_native                     = true
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 2)
  assign_ipv6_address_on_creation = true
  availability_zone               = "ap-northeast-1a"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  depends_on    = [aws_internet_gateway.main]
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "app_ipv6" {
  route_table_id              = aws_route_table.app.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id
}

resource "aws_route" "app_nat64" {
  route_table_id              = aws_route_table.app.id
  destination_ipv6_cidr_block = "64:ff9b::/96"
  nat_gateway_id              = aws_nat_gateway.main.id
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.main.id

  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "edge_a" {
  subnet_id      = aws_subnet.edge_a.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id

  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "api"
    image     = "123456789012.dkr-ecr.ap-northeast-1.on.aws/api:1.0"
    essential = true
    secrets = [{
      name      = "DB_PASSWORD"
      valueFrom = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"
    }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/api"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "api"
      }
    }
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.app_a.id]
    security_groups = [aws_security_group.tasks.id]
  }
}

resource "aws_ecs_service" "edge" {
  name            = "edge"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.edge_a.id]
    security_groups = [aws_security_group.tasks.id]
  }
}
