variable "name" {
  type = string
}

variable "cluster_name" {
  type = string
}

variable "vpc_name" {
  type = string
}

variable "group_name" {
  type = string
}

variable "image" {
  type = string
}

variable "secret_arn" {
  type = string
}

variable "desired_count" {
  type = number
}

data "aws_region" "current" {}

data "aws_vpc" "this" {
  tags = {
    Name    = var.vpc_name
    Project = "payments"
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.this.id]
  }

  filter {
    name   = "tag:Tier"
    values = ["private"]
  }
}

data "aws_subnet" "private" {
  for_each = toset(data.aws_subnets.private.ids)
  id       = each.value
}

data "aws_security_group" "tasks" {
  name   = var.group_name
  vpc_id = data.aws_vpc.this.id
}

data "aws_ecs_cluster" "this" {
  cluster_name = var.cluster_name
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/${var.name}-execution"

  container_definitions = jsonencode([{
    name      = var.name
    image     = var.image
    essential = true
    secrets   = [{ name = "STRIPE_KEY", valueFrom = var.secret_arn }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/${var.name}"
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "ecs"
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = data.aws_ecs_cluster.this.arn
  task_definition = aws_ecs_task_definition.this.arn
  launch_type     = "FARGATE"
  desired_count   = var.desired_count

  network_configuration {
    subnets         = [for s in data.aws_subnet.private : s.id]
    security_groups = [data.aws_security_group.tasks.id]
  }
}

output "availability_zones" {
  value = sort([for s in data.aws_subnet.private : s.availability_zone])
}
