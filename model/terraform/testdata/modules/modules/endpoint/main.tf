variable "vpc_id" {
  type = string
}

variable "subnets" {
  type = list(string)
}

variable "service" {
  type = string
}

data "aws_region" "here" {}

resource "aws_security_group" "this" {
  vpc_id = var.vpc_id
  name   = "endpoint-${replace(var.service, ".", "-")}"
}

resource "aws_vpc_endpoint" "this" {
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.here.name}.${var.service}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnets
  security_group_ids  = [aws_security_group.this.id]
  private_dns_enabled = true
  policy              = templatefile("${path.module}/policy.json.tftpl", { vpc_id = var.vpc_id })
}

output "id" {
  value = aws_vpc_endpoint.this.id
}

output "security_group_id" {
  value = aws_security_group.this.id
}
