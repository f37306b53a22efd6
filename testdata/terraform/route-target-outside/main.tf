# Routes to gateways this root does not create: the shared NAT gateway and
# transit gateway of a network account, passed in as IDs. vpctrace cannot
# see where they lead, so a path that takes such a route is unknown
# (UNMODELED, aws-rules 4.2.4) -- not NO_ROUTE, not a blackhole, not an error
# -- and a path that takes another route keeps its verdict (4.2.1).
#
#   app-a     10.40.1.0/24, 0.0.0.0/0 -> var.shared_nat_gateway_id (an
#             aws_route), 10.0.0.0/8 -> var.shared_transit_gateway_id
#   tools-a   10.40.2.0/24, 10.0.0.0/8 -> var.shared_transit_gateway_id
#             only, and interface endpoints with private DNS for ECR, logs
#             and an S3 gateway endpoint on its table
#
# Services (Fargate, platform 1.4.0), both with the interface endpoints'
# private DNS (ECR API, registry, logs) in their VPC (3.2.1):
#
#   app    in app-a: ECR API, registry and logs resolve to the endpoints'
#          ENIs and stay local: reachable. The layers go to a public S3
#          address (no S3 gateway endpoint on app-a's table) and take
#          0.0.0.0/0 to the NAT gateway created elsewhere: unknown,
#          UNMODELED (4.2.4). The task is not reported as starting.
#   tools  in tools-a: the same three calls reachable, and the layers take
#          the S3 gateway endpoint on tools' table (4.3.2). The transit
#          gateway route (10.0.0.0/8) is never selected (4.2.1): all four
#          calls reachable.

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

variable "shared_nat_gateway_id" {
  type        = string
  description = "NAT gateway of the network account's egress VPC"
  default     = "nat-0a1b2c3d4e5f67890"
}

variable "shared_transit_gateway_id" {
  type    = string
  default = "tgw-0a1b2c3d4e5f67890"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "app_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "tools_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.2.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = var.shared_transit_gateway_id
  }
}

resource "aws_route" "app_default" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = var.shared_nat_gateway_id
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table" "tools" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = var.shared_transit_gateway_id
  }
}

resource "aws_route_table_association" "tools_a" {
  subnet_id      = aws_subnet.tools_a.id
  route_table_id = aws_route_table.tools.id
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

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ecr.api", "ecr.dkr", "logs"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.tools_a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.tools.id]
}

resource "aws_security_group" "task" {
  name   = "task"
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

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:3"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/app"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name             = "app"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.app_a.id]
    security_groups = [aws_security_group.task.id]
  }
}

resource "aws_ecs_service" "tools" {
  name             = "tools"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.tools_a.id]
    security_groups = [aws_security_group.task.id]
  }
}
