# The pull through cache rule for Docker Hub: ECR reads the upstream
# credential itself (aws-rules 1.2.16).
resource "aws_secretsmanager_secret" "docker_hub" {
  name = "ecr-pullthroughcache/docker-hub"
}

resource "aws_ecr_pull_through_cache_rule" "docker_hub" {
  ecr_repository_prefix = "docker-hub"
  upstream_registry_url = "registry-1.docker.io"
  credential_arn        = aws_secretsmanager_secret.docker_hub.arn
}

# ECS Exec: the session key, by alias, and the session log destinations.
resource "aws_kms_key" "exec" {
  description = "ECS Exec sessions"
}

resource "aws_kms_alias" "exec" {
  name          = "alias/ecs-exec"
  target_key_id = aws_kms_key.exec.key_id
}

resource "aws_cloudwatch_log_group" "exec" {
  name = "/ecs/exec"
}

resource "aws_s3_bucket" "exec_logs" {
  bucket = "example-ecs-exec-logs"
}

resource "aws_ecs_cluster" "main" {
  name = "exec-ptc"

  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_alias.exec.name
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_log_group_name = aws_cloudwatch_log_group.exec.name
        s3_bucket_name             = aws_s3_bucket.exec_logs.bucket
        s3_key_prefix              = "exec"
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "web" {
  name = "/ecs/web"
}

resource "aws_iam_role" "execution" {
  name = "web-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role" "task" {
  name = "web-task"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([{
    name      = "web"
    image     = "${local.ecr}/${aws_ecr_pull_through_cache_rule.docker_hub.ecr_repository_prefix}/library/nginx:1.27"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.web.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "web"
      }
    }
  }])
}

resource "aws_ecs_service" "web" {
  name                   = "web"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.web.arn
  launch_type            = "FARGATE"
  desired_count          = 1
  enable_execute_command = true

  network_configuration {
    subnets         = [aws_subnet.private.id]
    security_groups = [aws_security_group.app.id]
  }
}
