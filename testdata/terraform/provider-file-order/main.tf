# The provider block in a file that sorts after the module call that
# needs it (providers.tf after main.tf), as in most repositories, and a
# module that takes nothing from the root's resources. A child module's
# resources use the root's default aws provider wherever its block is, so
# the region its data "aws_region" reads, and the endpoint service names
# built from it, are the root provider's (eu-north-1), not unknown.
#
#   jobs   every call through an endpoint of module.network (aws-rules 3.2.2,
#          4.3.1)

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

module "network" {
  source = "./modules/network"

  name = "jobs"
  cidr = "10.20.0.0/16"
}

resource "aws_ecs_cluster" "main" {
  name = "jobs"
}

resource "aws_ecs_task_definition" "jobs" {
  family                   = "jobs"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/jobs-execution"

  container_definitions = jsonencode([{
    name      = "jobs"
    image     = "123456789012.dkr.ecr.${module.network.region}.amazonaws.com/jobs:7"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/jobs"
        awslogs-region        = module.network.region
        awslogs-stream-prefix = "jobs"
      }
    }
  }])
}

resource "aws_ecs_service" "jobs" {
  name            = "jobs"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.jobs.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = module.network.private_subnet_ids
    security_groups = [module.network.task_security_group_id]
  }
}
