# A root that builds its network with a local module and uses the module's
# outputs: module "network" { source = "./modules/vpc" }. Resource addresses
# inside it carry the module path (module.network.aws_subnet.private[0]).
#
# The module makes a VPC with private subnets (count over var.azs), one
# route table with no internet path, the S3 gateway endpoint and one
# interface endpoint, private DNS on, per name in var.interface_endpoints.
# This root asks for ecr.api, ecr.dkr and logs -- and forgets
# secretsmanager.
#
#   cron    private ECR image and awslogs only: every call through an
#           endpoint (ecr-layers through the gateway endpoint, aws-rules 4.3).
#   billing also reads a Secrets Manager secret. No secretsmanager endpoint
#           and no NAT: the name resolves to the public address (3.5.1) and
#           the subnets have no route there (4.2.4): NO_ROUTE, and the task
#           stops with the error the seed article shows (7.3.3).

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

module "network" {
  source = "./modules/vpc"

  name = "billing"
  cidr = "10.60.0.0/16"
  azs  = ["ap-northeast-1a", "ap-northeast-1c"]

  # BROKEN ON PURPOSE: "secretsmanager" is missing.
  interface_endpoints = ["ecr.api", "ecr.dkr", "logs"]
}

resource "aws_security_group" "tasks" {
  name   = "billing-tasks"
  vpc_id = module.network.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# The module's endpoint group admits HTTPS from the tasks (aws-rules 5.1.4).
resource "aws_security_group_rule" "endpoints_from_tasks" {
  type                     = "ingress"
  security_group_id        = module.network.endpoint_security_group_id
  from_port                = 443
  to_port                  = 443
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.tasks.id
}

resource "aws_ecs_cluster" "main" {
  name = "billing"
}

resource "aws_secretsmanager_secret" "stripe" {
  name = "billing/stripe-key"
}

locals {
  registry = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"

  logging = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = "/ecs/billing"
      awslogs-region        = "ap-northeast-1"
      awslogs-stream-prefix = "ecs"
    }
  }
}

resource "aws_ecs_task_definition" "cron" {
  family                   = "billing-cron"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/billing-execution"

  container_definitions = jsonencode([{
    name             = "cron"
    image            = "${local.registry}/billing/cron:2024.06"
    essential        = true
    logConfiguration = local.logging
  }])
}

resource "aws_ecs_task_definition" "billing" {
  family                   = "billing-api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = "arn:aws:iam::123456789012:role/billing-execution"

  container_definitions = jsonencode([{
    name             = "api"
    image            = "${local.registry}/billing/api:2024.06"
    essential        = true
    logConfiguration = local.logging
    secrets          = [{ name = "STRIPE_KEY", valueFrom = aws_secretsmanager_secret.stripe.arn }]
  }])
}

resource "aws_ecs_service" "cron" {
  name            = "cron"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.cron.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = module.network.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}

resource "aws_ecs_service" "billing" {
  name            = "billing"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.billing.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = module.network.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}
