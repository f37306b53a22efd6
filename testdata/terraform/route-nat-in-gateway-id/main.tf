# A NAT gateway written in gateway_id, as many hand-written roots do. AWS
# takes a NAT gateway ID in CreateRoute's GatewayId and stores the route as
# a NAT gateway route (it shows up as nat_gateway_id on refresh, the
# provider's "permanent diff" note); vpctrace reads it the same way
# (aws-rules 4.2.5, proposed: AWS files a route under the kind of gateway its
# ID names).
#
#   public   10.30.0.0/24, 0.0.0.0/0 -> internet gateway; the NAT gateway
#   app-a    10.30.10.0/24, inline route 0.0.0.0/0 with gateway_id = the
#            NAT gateway
#   app-c    10.30.11.0/24, aws_route 0.0.0.0/0 with gateway_id = the NAT
#            gateway
#
# Service:
#
#   api   Fargate (LATEST = 1.4.0, aws-rules 2.3) in app-a and app-c: ECR auth,
#         registry, layers and logs all leave through the NAT gateway and
#         its subnet's internet gateway (4.5.1): reachable via nat-gateway
#         from both placements (from app-c with a note that the NAT gateway
#         is in another AZ, 4.5.2). Nothing is undetermined.

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

resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.0.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "app_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.10.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "app_c" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.11.0/24"
  availability_zone = "ap-northeast-1c"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
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

# The NAT gateway in gateway_id, in an inline route block.
resource "aws_route_table" "app_a" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.app_a.id
}

# The same in an aws_route resource.
resource "aws_route_table" "app_c" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "app_c_default" {
  route_table_id         = aws_route_table.app_c.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_nat_gateway.main.id
}

resource "aws_route_table_association" "app_c" {
  subnet_id      = aws_subnet.app_c.id
  route_table_id = aws_route_table.app_c.id
}

resource "aws_security_group" "api" {
  name   = "api"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
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
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.0"
    essential = true
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
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.app_a.id, aws_subnet.app_c.id]
    security_groups = [aws_security_group.api.id]
  }
}
