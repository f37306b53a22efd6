# Stands for a registry module as terraform init installs it.

variable "enable_dns_hostnames" {
  type    = bool
  default = false
}

variable "logs_private_dns" {
  type    = bool
  default = false
}

resource "aws_vpc" "this" {
  cidr_block           = "10.70.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = var.enable_dns_hostnames
}

resource "aws_subnet" "private" {
  count = 2

  vpc_id            = aws_vpc.this.id
  availability_zone = ["ap-northeast-1a", "ap-northeast-1c"][count.index]
  cidr_block        = cidrsubnet("10.70.0.0/16", 8, count.index)
}

resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.ap-northeast-1.ecr.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = aws_subnet.private[*].id
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.ap-northeast-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = var.logs_private_dns
  subnet_ids          = aws_subnet.private[*].id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnets" {
  value = aws_subnet.private[*].id
}
