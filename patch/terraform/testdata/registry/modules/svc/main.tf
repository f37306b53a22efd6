variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
}

output "security_group_id" {
  value = aws_security_group.this.id
}

# Inline rules: a rule added here would be added for every instance.
resource "aws_security_group" "admin" {
  name   = "${var.name}-admin"
  vpc_id = var.vpc_id

  egress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.70.0.0/16"]
  }
}
