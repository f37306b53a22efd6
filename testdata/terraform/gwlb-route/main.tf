# Inspection through a Gateway Load Balancer endpoint (aws-rules 4.2.4, 1.1.4).
#
# The task subnet sends 0.0.0.0/0 to a Gateway Load Balancer endpoint, whose
# appliances vpctrace does not model; the VPC has interface endpoints for
# ECR's API and CloudWatch Logs, but none for the registry, and no S3
# gateway endpoint.
#
#   app: ecr-auth and logs reach their interface endpoints through the local
#     route, which the appliance route cannot take (4.1.3); ecr-image and
#     ecr-layers take 0.0.0.0/0 to the GWLB endpoint: unknown (UNMODELED),
#     naming the route's vpc_endpoint_id, never NO_ROUTE.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

variable "account_id" {
  type    = string
  default = "111122223333"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "inspection" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_lb" "appliances" {
  name               = "appliances"
  load_balancer_type = "gateway"
  subnets            = [aws_subnet.inspection.id]
}

resource "aws_vpc_endpoint_service" "inspection" {
  acceptance_required        = false
  gateway_load_balancer_arns = [aws_lb.appliances.arn]
}

resource "aws_vpc_endpoint" "inspection" {
  vpc_id            = aws_vpc.main.id
  service_name      = aws_vpc_endpoint_service.inspection.service_name
  vpc_endpoint_type = "GatewayLoadBalancer"
  subnet_ids        = [aws_subnet.inspection.id]
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "inspected" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "0.0.0.0/0"
  vpc_endpoint_id        = aws_vpc_endpoint.inspection.id
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
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

resource "aws_security_group" "task" {
  name   = "task"
  vpc_id = aws_vpc.main.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["ecr.api", "logs"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.app.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::${var.account_id}:role/ecsTaskExecutionRole"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "${var.account_id}.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0"
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
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 1
  network_configuration {
    subnets         = [aws_subnet.app.id]
    security_groups = [aws_security_group.task.id]
  }
}
