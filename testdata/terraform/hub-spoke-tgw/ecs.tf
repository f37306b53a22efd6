resource "aws_ecs_cluster" "spoke" {
  for_each = local.spokes
  name     = each.key
}

resource "aws_secretsmanager_secret" "orders_db" {
  name = "orders/db"
}

resource "aws_ssm_parameter" "payments_psp" {
  name  = "/payments/psp-endpoint"
  type  = "String"
  value = "https://psp.example.com"
}

locals {
  task_secrets = {
    orders   = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.orders_db.arn }]
    payments = [{ name = "PSP_ENDPOINT", valueFrom = aws_ssm_parameter.payments_psp.arn }]
  }
}

resource "aws_ecs_task_definition" "spoke" {
  for_each = local.spokes

  family                   = each.key
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = each.key
    image     = "123456789012.dkr.ecr.${var.region}.amazonaws.com/${each.key}:1.0"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/${each.key}"
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
    secrets = local.task_secrets[each.key]
  }])
}

resource "aws_ecs_service" "spoke" {
  for_each = local.spokes

  name             = each.key
  cluster          = aws_ecs_cluster.spoke[each.key].id
  task_definition  = aws_ecs_task_definition.spoke[each.key].arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [for k, s in local.spoke_subnets : aws_subnet.spoke[k].id if s.spoke == each.key]
    security_groups = [aws_security_group.tasks[each.key].id]
  }
}
