resource "aws_ecs_cluster" "main" {
  name = "ledger"
}

locals {
  execution_role_arn = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
}

resource "aws_ecs_task_definition" "this" {
  for_each = toset(["api", "batch"])

  family                   = "ledger-${each.key}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = local.execution_role_arn
  container_definitions = jsonencode([{
    name      = each.key
    image     = "123456789012.dkr.ecr.${local.region}.amazonaws.com/ledger/${each.key}:2.1.0"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/ledger/${each.key}"
        awslogs-region        = local.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  for_each = aws_ecs_task_definition.this

  name             = each.key
  cluster          = aws_ecs_cluster.main.arn
  task_definition  = each.value.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [for s in aws_subnet.private : s.id]
    security_groups = [each.key == "api" ? aws_security_group.api.id : aws_security_group.batch.id]
  }
}
