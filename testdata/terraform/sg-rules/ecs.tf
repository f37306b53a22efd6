resource "aws_ecs_cluster" "main" {
  name = "analytics"
}

locals {
  execution_role_arn = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  # One container definition per service, built by a small function-like
  # local: the same shape with a different name.
  containers = {
    for name in ["api", "reports"] : name => [{
      name      = name
      image     = "123456789012.dkr.ecr.${local.region}.amazonaws.com/analytics/${name}:1.0.0"
      essential = true
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/analytics/${name}"
          awslogs-region        = local.region
          awslogs-stream-prefix = name
        }
      }
    }]
  }
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.containers

  family                   = "analytics-${each.key}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = local.execution_role_arn
  container_definitions    = jsonencode(each.value)
}

resource "aws_ecs_service" "api" {
  name             = "api"
  cluster          = aws_ecs_cluster.main.arn
  task_definition  = aws_ecs_task_definition.this["api"].arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.private["a"].id, aws_subnet.private["c"].id]
    security_groups = [aws_security_group.api.id]
  }
}

resource "aws_ecs_service" "reports" {
  name             = "reports"
  cluster          = aws_ecs_cluster.main.arn
  task_definition  = aws_ecs_task_definition.this["reports"].arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.private["a"].id]
    security_groups = [aws_security_group.reports.id]
  }
}
