resource "aws_ecs_cluster" "this" {
  name = local.prefix
}

resource "aws_iam_role" "node" {
  name = "${local.prefix}-node"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_instance_profile" "node" {
  name = "${local.prefix}-node"
  role = aws_iam_role.node.name
}

resource "aws_iam_role" "execution" {
  name = "${local.prefix}-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_launch_template" "node" {
  name_prefix            = "${local.prefix}-"
  image_id               = var.ami_id
  instance_type          = "t3.large"
  vpc_security_group_ids = [aws_security_group.instances.id]
  user_data              = base64encode("#!/bin/bash\necho ECS_CLUSTER=${aws_ecs_cluster.this.name} >> /etc/ecs/ecs.config\n")

  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }
}

resource "aws_autoscaling_group" "node" {
  name                = "${local.prefix}-node"
  vpc_zone_identifier = [aws_subnet.app.id]
  min_size            = 1
  max_size            = 2

  launch_template {
    id      = aws_launch_template.node.id
    version = "$Latest"
  }
}

resource "aws_ecs_capacity_provider" "node" {
  name = "${local.prefix}-node"
  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.node.arn
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.node.name]
}

locals {
  # where each service's router reads its extra configuration
  router_configs = {
    orders = "${aws_s3_bucket.router_config.arn}/${aws_s3_object.orders_conf.key}"
    audit  = "arn:aws:s3:::${local.prefix}-shared-config/audit/extra.conf"
  }
}

resource "aws_ecs_task_definition" "svc" {
  for_each = local.router_configs

  family                   = "${local.prefix}-${each.key}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.execution.arn

  # The application first: the provider lists containers by name in a plan.
  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/${each.key}:1.4"
      essential = true
      logConfiguration = {
        logDriver = "awsfirelens"
        options = {
          Name              = "cloudwatch_logs"
          region            = "ap-northeast-1"
          log_group_name    = "/ecs/${local.prefix}/${each.key}"
          auto_create_group = "true"
        }
      }
    },
    {
      name      = "log_router"
      image     = local.fluent
      essential = true
      firelensConfiguration = {
        type = "fluentbit"
        options = {
          "config-file-type"  = "s3"
          "config-file-value" = each.value
        }
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = "/ecs/${local.prefix}/firelens"
          "awslogs-region"        = "ap-northeast-1"
          "awslogs-stream-prefix" = each.key
        }
      }
    },
  ])
}

resource "aws_ecs_service" "svc" {
  for_each = local.router_configs

  name            = each.key
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.svc[each.key].arn
  desired_count   = 1

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.node.name
    weight            = 1
  }

  network_configuration {
    subnets         = [aws_subnet.app.id]
    security_groups = [aws_security_group.tasks.id]
  }
}
