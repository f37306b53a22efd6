locals {
  image_registry = "123456789012.dkr.ecr.${local.region}.amazonaws.com"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  task_role_arn            = "arn:aws:iam::123456789012:role/api-task"

  container_definitions = jsonencode([{
    name      = "api"
    image     = "${local.image_registry}/fleet/api:3.1.0"
    essential = true
    memory    = 512
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/fleet/api"
        awslogs-region        = local.region
        awslogs-stream-prefix = "api"
      }
    }
  }])
}

resource "aws_ecs_task_definition" "edge_proxy" {
  family                   = "edge-proxy"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "${local.image_registry}/fleet/edge-proxy:1.25"
    essential    = true
    memory       = 256
    portMappings = [{ containerPort = 80, hostPort = 80 }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/fleet/edge-proxy"
        awslogs-region        = local.region
        awslogs-stream-prefix = "proxy"
      }
    }
  }])
}

resource "aws_ecs_service" "api" {
  name                   = "api"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.api.arn
  desired_count          = 2
  enable_execute_command = true

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this["private"].name
    weight            = 1
  }

  network_configuration {
    subnets         = [for s in aws_subnet.private : s.id]
    security_groups = [aws_security_group.tasks.id]
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}

resource "aws_ecs_service" "edge_proxy" {
  name            = "edge-proxy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.edge_proxy.arn
  desired_count   = 2

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this["edge"].name
    weight            = 1
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}
