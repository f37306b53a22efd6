resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_iam_role" "instance" {
  name = "${local.name}-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "instance" {
  role       = aws_iam_role.instance.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "instance" {
  name = "${local.name}-instance"
  role = aws_iam_role.instance.name
}

# The agent reads the cluster name from /etc/ecs/ecs.config (aws-rules 1.8.1).
locals {
  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo "ECS_CLUSTER=${aws_ecs_cluster.main.name}" >> /etc/ecs/ecs.config
    echo "ECS_ENABLE_TASK_IAM_ROLE=true" >> /etc/ecs/ecs.config
  EOT
  )

  # capacity provider -> subnets of its instances
  fleets = {
    private = [for s in aws_subnet.private : s.id]
    edge    = [for s in aws_subnet.public : s.id]
  }
}

resource "aws_launch_template" "ecs" {
  for_each = local.fleets

  name_prefix            = "${local.name}-${each.key}-"
  image_id               = var.ecs_ami_id
  instance_type          = "t3.medium"
  user_data              = local.user_data
  vpc_security_group_ids = [aws_security_group.instances.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_autoscaling_group" "ecs" {
  for_each = local.fleets

  name                  = "${local.name}-${each.key}"
  vpc_zone_identifier   = each.value
  min_size              = 1
  max_size              = 4
  protect_from_scale_in = false

  launch_template {
    id      = aws_launch_template.ecs[each.key].id
    version = "$Latest"
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = true
    propagate_at_launch = true
  }
}

resource "aws_ecs_capacity_provider" "this" {
  for_each = local.fleets

  name = "${local.name}-${each.key}"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.ecs[each.key].arn
    managed_termination_protection = "DISABLED"

    managed_scaling {
      status          = "ENABLED"
      target_capacity = 100
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [for cp in aws_ecs_capacity_provider.this : cp.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this["private"].name
    base              = 1
    weight            = 100
  }
}
