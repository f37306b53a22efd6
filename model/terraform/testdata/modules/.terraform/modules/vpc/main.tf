variable "name" {
  type = string
}

variable "cidr" {
  type    = string
  default = "10.99.0.0/16"
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}

module "flow" {
  source = "./modules/flow"
  vpc_id = aws_vpc.this.id
}

output "vpc_id" {
  value = aws_vpc.this.id
}
