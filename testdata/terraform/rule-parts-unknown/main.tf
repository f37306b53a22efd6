# Filter rules whose peer is known only after apply: DNS egress to a DNS
# forwarder's address, database egress to a database's address, a network
# ACL rule for the forwarder (AWS assigns both addresses). Terraform knows
# each rule's protocol, ports, number and action at plan time, not its CIDR.
# A rule that cannot match the call (another protocol or port range, a later
# number than the rule that decides) leaves the verdict to the known rules
# (aws-rules 5.1.3, 5.2.1): one unknown CIDR must not make every call unknown.
#
# Network: one VPC, private subnets in AZ a and c, no internet gateway and no
# NAT gateway. ECR API, ECR registry and CloudWatch Logs through interface
# endpoints with private DNS, image layers through the S3 gateway endpoint.
# The subnets' network ACL allows everything by rule 100; rule 200 denies
# the forwarder's address, after it.
#
#   api    egress 443 to anywhere, and UDP/TCP 53 to the forwarder (unknown
#          CIDRs). Every call reachable: the DNS rules cannot match TCP 443,
#          and the ACL's rule 200 comes after rule 100, which allows.
#   batch  egress 443 to the VPC CIDR, and TCP 5432 to the database
#          (unknown CIDR). The interface endpoints are in the VPC; the S3
#          gateway path goes to S3's public addresses, which 443-to-the-VPC
#          does not cover, and the database rule cannot allow TCP 443:
#          ecr-layers SG_EGRESS_DENIED, definite, and the image pull fails.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

locals {
  region  = "ap-northeast-1"
  subnets = { a = "10.40.1.0/24", c = "10.40.2.0/24" }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  for_each = local.subnets

  vpc_id            = aws_vpc.main.id
  availability_zone = "${local.region}${each.key}"
  cidr_block        = each.value
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [for s in aws_subnet.private : s.id]

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

# Rule 200 comes after rule 100, which allows everything: whatever the
# forwarder's address, it decides nothing (aws-rules 5.2.1).
resource "aws_network_acl_rule" "resolver_deny" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 200
  egress         = true
  protocol       = "-1"
  rule_action    = "deny"
  cidr_block     = "${aws_network_interface.dns.private_ip}/32"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ecr.api", "ecr.dkr", "logs"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

# A DNS forwarder appliance's interface: AWS assigns its address.
resource "aws_network_interface" "dns" {
  subnet_id = aws_subnet.private["c"].id
}

# The database's address is known only after apply.
resource "aws_network_interface" "db" {
  subnet_id = aws_subnet.private["a"].id
}

resource "aws_security_group" "api" {
  name   = "api"
  vpc_id = aws_vpc.main.id

  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    protocol    = "udp"
    from_port   = 53
    to_port     = 53
    cidr_blocks = ["${aws_network_interface.dns.private_ip}/32"]
  }

  egress {
    protocol    = "tcp"
    from_port   = 53
    to_port     = 53
    cidr_blocks = ["${aws_network_interface.dns.private_ip}/32"]
  }
}

resource "aws_security_group" "batch" {
  name   = "batch"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "batch_https_in_vpc" {
  security_group_id = aws_security_group.batch.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.main.cidr_block
}

resource "aws_vpc_security_group_egress_rule" "batch_db" {
  security_group_id = aws_security_group.batch.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "${aws_network_interface.db.private_ip}/32"
}
