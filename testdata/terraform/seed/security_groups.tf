# The endpoints' group: HTTPS in from the whole VPC (aws-rules 5.1.4). It has no
# egress blocks, so Terraform leaves it without egress rules (5.1.6); an
# endpoint ENI only answers connections, and answers to an allowed
# connection always pass (5.1.1).
resource "aws_security_group" "vpc-endpoint" {
  name        = "${local.infra_fullname}-vpc-endpoint"
  description = "HTTPS from the VPC to the interface endpoints"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  tags = merge(local.common_tags, { Name = "${local.infra_fullname}-vpc-endpoint" })
}

# The task's group. Unlike the console, Terraform removes AWS's default
# allow-all egress rule from a group it creates (aws-rules 5.1.6), so it is
# written out: without it every call would be SG_EGRESS_DENIED.
resource "aws_security_group" "app" {
  name        = "${local.infra_fullname}-app"
  description = "The ECS task"
  vpc_id      = aws_vpc.main.id

  egress {
    description = "All traffic out"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = "${local.infra_fullname}-app" })
}
