# One container definition, built the way registry modules build it: an
# object of every setting, then the null ones left out.

variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "essential" {
  type = bool
}

variable "port" {
  type = number
}

variable "environment" {
  type = list(object({ name = string, value = string }))
}

variable "secrets" {
  type = list(object({ name = string, valueFrom = string }))
}

variable "log_group" {
  type = string
}

data "aws_region" "current" {}

locals {
  definition = {
    name         = var.name
    image        = var.image
    essential    = var.essential
    portMappings = var.port == null ? null : [{ containerPort = var.port, protocol = "tcp" }]
    environment  = length(var.environment) > 0 ? var.environment : null
    secrets      = length(var.secrets) > 0 ? var.secrets : null
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = var.name
      }
    }
  }

  container_definition = { for k, v in local.definition : k => v if v != null }
}

output "container_definition" {
  value = local.container_definition
}
