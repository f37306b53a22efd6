resource "aws_ecs_cluster" "main" {
  name = "orders"
}

resource "aws_ecr_repository" "orders" {
  name = "orders/app"
}

resource "aws_ecr_repository" "envoy" {
  name = "mirror/envoy"
}

resource "aws_cloudwatch_log_group" "orders" {
  name = "/ecs/orders"
}

resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}

resource "aws_ssm_parameter" "flags" {
  name  = "/orders/feature-flags"
  type  = "String"
  value = "checkout-v2=off"
}

resource "aws_s3_bucket" "config" {
  bucket = "acme-orders-config-123456789012"
}

# The environment file's S3 object; the task reads it with GET through the
# gateway endpoint (aws-rules 1.5.1).
resource "aws_s3_object" "env" {
  bucket  = aws_s3_bucket.config.id
  key     = "orders.env"
  content = "LOG_LEVEL=info\n"
}

resource "aws_iam_role" "execution" {
  name = "orders-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role" "task" {
  name               = "orders-task"
  assume_role_policy = aws_iam_role.execution.assume_role_policy
}

locals {
  log_options = {
    awslogs-group         = aws_cloudwatch_log_group.orders.name
    awslogs-region        = local.region
    awslogs-stream-prefix = "orders"
  }

  app_container = {
    name         = "app"
    image        = "${aws_ecr_repository.orders.repository_url}:1.4.2"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
    environment = [
      { name = "PORT", value = "8080" },
    ]
    # "ARN:json-key:version-stage:version-id" selects the key "password" of
    # the secret's JSON (aws-rules 1.4.1; needs platform 1.4.0, 1.4.5). A bare
    # parameter name is a parameter in the task's region (1.4.1).
    secrets = [
      { name = "DB_PASSWORD", valueFrom = "${aws_secretsmanager_secret.db.arn}:password::" },
      { name = "FEATURE_FLAGS", valueFrom = aws_ssm_parameter.flags.name },
    ]
    environmentFiles = [
      { value = "${aws_s3_bucket.config.arn}/${aws_s3_object.env.key}", type = "s3" },
    ]
    mountPoints = [
      { sourceVolume = "shared", containerPath = "/mnt/shared", readOnly = false },
    ]
    logConfiguration = { logDriver = "awslogs", options = local.log_options }
  }

  envoy_container = {
    name             = "envoy"
    image            = "${aws_ecr_repository.envoy.repository_url}:v1.29.1"
    essential        = true
    logConfiguration = { logDriver = "awslogs", options = local.log_options }
  }
}

resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.app_container, local.envoy_container])

  volume {
    name = "shared"

    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.shared.id
      transit_encryption = "ENABLED"

      authorization_config {
        access_point_id = aws_efs_access_point.shared.id
        iam             = "ENABLED"
      }
    }
  }
}

resource "aws_ecs_service" "orders" {
  name             = "orders"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.orders.arn
  desired_count    = 2
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.app["ap-northeast-1a"].id, aws_subnet.app["ap-northeast-1c"].id]
    security_groups = [aws_security_group.orders.id]
  }
}

# BROKEN ON PURPOSE: placed in all three app subnets, but the file system
# has no mount target in AZ d (aws-rules 3.8.1, 9.4).
resource "aws_ecs_service" "worker" {
  name             = "orders-worker"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.orders.arn
  desired_count    = 3
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  network_configuration {
    subnets         = values(aws_subnet.app)[*].id
    security_groups = [aws_security_group.orders.id]
  }
}
