# vpctrace's own fixture for patch/terraform: a root that keeps its rules
# inline (security group ingress/egress blocks, route blocks, network ACL
# blocks), a literal route_table_ids list and a jsonencode endpoint policy.

provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.10.0.0/16" # DNS left at the provider's defaults
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.10.1.0/24"
}

resource "aws_subnet" "c" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1c"
  cidr_block        = "10.10.2.0/24"
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.10.100.0/24"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  subnet_id     = aws_subnet.public.id
  allocation_id = aws_eip.nat.id
}

# The private table: a route to the office only, written inline.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "192.168.0.0/16"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "c" {
  subnet_id      = aws_subnet.c.id
  route_table_id = aws_route_table.other.id
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.a.id, aws_subnet.c.id]

  egress {
    protocol   = "-1"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  # Only HTTPS comes back in: the return traffic is refused.
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "10.10.0.0/16"
    from_port  = 443
    to_port    = 443
  }
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 53
    to_port     = 53
    protocol    = "udp"
    cidr_blocks = ["10.10.0.0/16"]
  }
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.10.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids = [
    aws_route_table.private.id, # the tasks' table
  ]
}

resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.ecr.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = [aws_subnet.a.id, aws_subnet.c.id]
  security_group_ids  = [aws_security_group.endpoints.id]

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "ecr:GetAuthorizationToken"
      Resource  = "*"
    }]
  })
}

resource "aws_efs_file_system" "data" {
  creation_token = "data"
}

resource "aws_efs_mount_target" "data_a" {
  file_system_id  = aws_efs_file_system.data.id
  subnet_id       = aws_subnet.a.id
  security_groups = [aws_security_group.endpoints.id]
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1"
    essential = true
  }])
}

resource "aws_ecs_service" "app" {
  name             = "app"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  launch_type      = "FARGATE"
  platform_version = "1.3.0"
  desired_count    = 1

  network_configuration {
    subnets         = [aws_subnet.a.id, aws_subnet.c.id]
    security_groups = [aws_security_group.tasks.id]
  }
}

# Inline ingress, and egress by aws_security_group_rule: the provider
# manages only the directions the block writes, so egress stays standalone.
resource "aws_security_group" "worker" {
  name   = "worker"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["10.10.0.0/16"]
  }
}

resource "aws_security_group_rule" "worker_dns" {
  type              = "egress"
  security_group_id = aws_security_group.worker.id
  from_port         = 53
  to_port           = 53
  protocol          = "udp"
  cidr_blocks       = ["10.10.0.0/16"]
}

# Groups and ACLs made by for_each and count with inline rules: a rule for
# one instance must not reach the others.
resource "aws_security_group" "batch" {
  for_each = toset(["hourly", "nightly"])

  name   = "batch-${each.key}"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 53
    to_port     = 53
    protocol    = "udp"
    cidr_blocks = ["10.10.0.0/16"]
  }
}

resource "aws_network_acl" "edge" {
  count = 2

  vpc_id = aws_vpc.main.id

  egress {
    protocol   = "-1"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

resource "aws_route_table" "zones" {
  count = 2

  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "192.168.0.0/16"
    gateway_id = aws_internet_gateway.main.id
  }
}

# Private DNS off for every instance, written once.
resource "aws_vpc_endpoint" "shared" {
  for_each = toset(["kms", "sts"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = [aws_subnet.a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}
