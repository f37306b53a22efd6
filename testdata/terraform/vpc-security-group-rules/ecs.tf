resource "aws_ecs_cluster" "main" {
  name = "backoffice"
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(["api", "admin"])
  name     = "/ecs/backoffice/${each.key}"
}

resource "aws_secretsmanager_secret" "db" {
  name = "backoffice/db"
}

resource "aws_ssm_parameter" "feature_flags" {
  name  = "/backoffice/feature-flags"
  type  = "String"
  value = "{}"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "backoffice-api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/backoffice-execution"

  container_definitions = jsonencode([{
    name      = "api"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/backoffice/api:2.3.1"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["api"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "api"
      }
    }
    secrets = [
      { name = "DATABASE_URL", valueFrom = aws_secretsmanager_secret.db.arn },
      { name = "FEATURE_FLAGS", valueFrom = aws_ssm_parameter.feature_flags.arn },
    ]
  }])
}

resource "aws_ecs_task_definition" "admin" {
  family                   = "backoffice-admin"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/backoffice-execution"

  container_definitions = jsonencode([{
    name      = "admin"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/backoffice/admin:2.3.1"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["admin"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "admin"
      }
    }
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.api.id]
  }
}

resource "aws_ecs_service" "admin" {
  name            = "admin"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.admin.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.admin.id]
  }
}
