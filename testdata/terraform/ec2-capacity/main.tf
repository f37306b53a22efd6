# The EC2 launch type through capacity providers: launch templates whose
# user_data joins the cluster (ECS_CLUSTER=...), auto scaling groups,
# aws_ecs_capacity_provider, aws_ecs_cluster_capacity_providers and services
# with a capacity_provider_strategy.
#
# On EC2 the container instance makes the image pulls, the awslogs calls and
# the ECS agent's own control-plane calls (ecs-api, ecs-agent,
# ecs-telemetry), so the instance's subnet, route table, security groups and
# public IP decide them (aws-rules 1.8.1, 2.6). ECS Exec leaves from the task
# ENI (2.6).
#
# Network: public subnets a and c (0.0.0.0/0 -> internet gateway), private
# subnets a and c (0.0.0.0/0 -> one NAT gateway in public a; the S3 gateway
# endpoint), and interface endpoints with private DNS for ecs, ecs-agent and
# ecs-telemetry in the private subnets (1.8.2), open to the whole VPC.
#
#   api         capacity provider "private": instances in the private
#               subnets. ECR API, registry and logs via the NAT gateway
#               (4.5.1), layers via the S3 gateway endpoint (4.3.2), the
#               agent's calls via their interface endpoints; Exec from the
#               task ENI via NAT. Everything reachable.
#   edge-proxy  capacity provider "edge": instances in the public subnets,
#               bridge network mode. BROKEN ON PURPOSE: the public subnets
#               leave map_public_ip_on_launch out (default false) and the
#               launch template does not ask for a public IP, so the
#               instances have none (2.7): every call that takes the
#               internet gateway is NO_PUBLIC_IP (4.4.1). The agent's calls
#               resolve to the interface endpoints' private addresses and
#               stay in the VPC (local route, 4.1.3): reachable. The image
#               cannot be pulled, starting with the registry auth (7.5.2).

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

# The ECS-optimized AMI usually comes from the SSM parameter
# /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id,
# which needs the AWS API; a variable keeps the root plannable offline.
variable "ecs_ami_id" {
  type    = string
  default = "ami-0a1b2c3d4e5f60718"
}

locals {
  name   = "fleet"
  region = "ap-northeast-1"
  cidr   = "10.70.0.0/16"
  azs    = { a = 0, c = 1 }
}

resource "aws_vpc" "main" {
  cidr_block           = local.cidr
  enable_dns_hostnames = true
  tags                 = { Name = local.name }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

# map_public_ip_on_launch is left out: false (aws-rules 2.7).
resource "aws_subnet" "public" {
  for_each = local.azs

  vpc_id            = aws_vpc.main.id
  availability_zone = "${local.region}${each.key}"
  cidr_block        = cidrsubnet(local.cidr, 8, each.value)
  tags              = { Name = "${local.name}-public-${each.key}" }
}

resource "aws_subnet" "private" {
  for_each = local.azs

  vpc_id            = aws_vpc.main.id
  availability_zone = "${local.region}${each.key}"
  cidr_block        = cidrsubnet(local.cidr, 8, 100 + each.value)
  tags              = { Name = "${local.name}-private-${each.key}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public["a"].id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_security_group" "endpoints" {
  name   = "${local.name}-endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [local.cidr]
  }
}

# The agent's three endpoint services (aws-rules 1.8.2).
resource "aws_vpc_endpoint" "ecs" {
  for_each = toset(["ecs", "ecs-agent", "ecs-telemetry"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "instances" {
  name   = "${local.name}-instances"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "tasks" {
  name   = "${local.name}-tasks"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [local.cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
