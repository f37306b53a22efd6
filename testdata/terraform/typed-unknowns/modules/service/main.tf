variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_groups" {
  type = list(string)
}

variable "containers" {
  type = map(object({
    image       = string
    essential   = optional(bool, true)
    port        = optional(number)
    environment = optional(list(object({ name = string, value = string })), [])
    secrets     = optional(list(object({ name = string, valueFrom = string })), [])
  }))
}

variable "load_balancer" {
  type = object({
    target_group_arn = string
    container        = string
    port             = number
  })
  default = null
}

variable "registry_arn" {
  type    = string
  default = null
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = var.containers
  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = max(7, lookup({ api = 30 }, each.key, 14))
}

module "container" {
  source   = "../container"
  for_each = var.containers

  name        = each.key
  image       = each.value.image
  essential   = each.value.essential
  port        = each.value.port
  environment = each.value.environment
  secrets     = each.value.secrets
  log_group   = aws_cloudwatch_log_group.this[each.key].name
}

resource "aws_iam_role" "execution" {
  name = "${var.name}-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([for k, c in module.container : c.container_definition])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = var.subnet_ids
    security_groups = var.security_groups
  }

  dynamic "load_balancer" {
    for_each = var.load_balancer == null ? [] : [var.load_balancer]
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = load_balancer.value.container
      container_port   = load_balancer.value.port
    }
  }

  dynamic "service_registries" {
    for_each = var.registry_arn == null ? [] : [var.registry_arn]
    content {
      registry_arn = service_registries.value
    }
  }
}
