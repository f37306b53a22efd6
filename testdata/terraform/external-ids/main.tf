# Services of an application root whose network and cluster live in another
# Terraform state: the platform team's root owns the VPC, the subnets, the
# security groups and the cluster, and hands their IDs over as variables.
# The input describes none of them, so no path can be traced; vpctrace lists
# every workload and every call it makes, each unknown, naming what is
# missing, and never leaves one out (issue 9, point 7; aws-rules 1.1.1, 9.4).
#
#   reports  Fargate, task definition in this root (private ECR image,
#            awslogs, a Parameter Store secret by name): its four calls are
#            listed (1.2.2, 1.3.1, 1.4.1), each unknown because the subnets
#            are not in the input. Cannot be told.
#   billing  runs a task definition of another state, by ARN: its calls
#            cannot be listed at all. Not traced.
#   migrate  a task definition no service runs (CI starts it with
#            run-task): its calls are listed, each unknown. Cannot be told.
#
# Exit status 1: billing could not be traced.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

variable "cluster_arn" {
  type    = string
  default = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/platform"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
}

variable "service_security_group_ids" {
  type    = list(string)
  default = ["sg-0123456789abcdef0"]
}

variable "billing_task_definition_arn" {
  type    = string
  default = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/billing:42"
}

variable "account_id" {
  type    = string
  default = "123456789012"
}

locals {
  registry = "${var.account_id}.dkr.ecr.ap-northeast-1.amazonaws.com"
}

resource "aws_ecs_task_definition" "reports" {
  family                   = "reports"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::${var.account_id}:role/reports-execution"

  container_definitions = jsonencode([{
    name      = "reports"
    image     = "${local.registry}/reports:2024.06"
    essential = true
    secrets = [{
      name      = "API_TOKEN"
      valueFrom = "/reports/api-token"
    }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/reports"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "reports"
      }
    }
  }])
}

resource "aws_ecs_service" "reports" {
  name            = "reports"
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.reports.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = var.service_security_group_ids
  }
}

resource "aws_ecs_service" "billing" {
  name            = "billing"
  cluster         = var.cluster_arn
  task_definition = var.billing_task_definition_arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = var.service_security_group_ids
  }
}

resource "aws_ecs_task_definition" "migrate" {
  family                   = "migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::${var.account_id}:role/reports-execution"

  container_definitions = jsonencode([{
    name      = "migrate"
    image     = "${local.registry}/reports:2024.06"
    essential = true
    command   = ["migrate"]
  }])
}
