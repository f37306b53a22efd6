variable "cidr" {
  type = string
}

variable "azs" {
  type = list(string)
}

data "aws_region" "here" {}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Region = data.aws_region.here.name }
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 4, count.index)
  availability_zone = var.azs[count.index]
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}
