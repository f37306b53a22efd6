provider "aws" {
  region = "eu-west-1"
}

variable "subnets" {
  type = map(object({
    cidr   = string
    public = optional(bool, false)
  }))
  default = {
    a = { cidr = "10.1.0.0/24", public = true }
    b = { cidr = "10.1.1.0/24" }
  }
}

variable "ports" {
  type    = list(number)
  default = [443, 2049]
}

locals {
  public_keys = [for k, s in var.subnets : k if s.public]
  rules = flatten([
    for p in var.ports : [
      { port = p, cidr = "10.0.0.0/8" },
      { port = p, cidr = "172.16.0.0/12" },
    ]
  ])
  names = { for k in keys(var.subnets) : k => upper(k) }
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "this" {
  for_each                = var.subnets
  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value.cidr
  map_public_ip_on_launch = each.value.public
  tags = {
    Name = "subnet-${each.key}-${local.names[each.key]}"
  }
}

resource "aws_eip" "nat" {
  count  = length(local.public_keys)
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = length(local.public_keys)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.this[local.public_keys[count.index]].id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  dynamic "route" {
    for_each = aws_nat_gateway.this
    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = route.value.id
    }
  }
}

resource "aws_security_group" "app" {
  name_prefix = "app-"
  vpc_id      = aws_vpc.main.id

  dynamic "egress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
      description = "rule ${rule.key}"
    }
  }

  ingress {
    from_port       = 0
    to_port         = 0
    protocol        = "-1"
    self            = true
  }
}

resource "aws_network_acl" "none" {
  count  = 0
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "all" {
  for_each       = toset(keys(aws_subnet.this))
  subnet_id      = aws_subnet.this[each.value].id
  route_table_id = var.ports[0] == 443 ? aws_route_table.private.id : null
}

output "subnet_ids" {
  value = [for s in aws_subnet.this : s.id]
}

output "nat_ids" {
  value = aws_nat_gateway.this[*].id
}

output "acl_count" {
  value = length(aws_network_acl.none)
}
