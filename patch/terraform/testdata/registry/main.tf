# vpctrace's own fixture for patch/terraform: the network comes from a
# registry module that terraform init installed under .terraform/modules
# (vpctrace never edits it), and each service's group from a local module
# called with for_each (its files serve every instance).

provider "aws" {
  region = "ap-northeast-1"
}

module "vpc" {
  source  = "example/vpc/aws"
  version = "1.0.0"
}

module "svc" {
  source   = "./modules/svc"
  for_each = toset(["app"])

  name   = each.key
  vpc_id = module.vpc.vpc_id
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1"
    essential = true
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets         = module.vpc.private_subnets
    security_groups = [module.svc["app"].security_group_id]
  }
}
