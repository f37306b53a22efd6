# vpctrace's own fixture for patch/terraform: a dual-stack VPC whose one
# interface endpoint sits in an IPv4-only subnet, which cannot give an
# endpoint IPv6 addresses (aws-rules 4.9.10).
#
#   app     Fargate in the IPv6-only subnets of two Availability Zones: an
#           endpoint for it goes in its own subnets, ipv6 with ipv6 records,
#           not in the IPv4-only subnet of the existing endpoint
#   mixed   Fargate in an IPv6-only subnet and a dual-stack one, with no
#           security group: an endpoint for it goes in the dual-stack
#           subnet, dualstack with dualstack records, and its new group
#           admits the VPC's IPv4 and IPv6 blocks (4.9.4, 5.1.4)

provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.80.0.0/16"
  ipv6_ipam_pool_id    = "ipam-pool-0123456789abcdef0"
  ipv6_cidr_block      = "2600:1f18:8000:ab00::/56"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  count = 2

  vpc_id                          = aws_vpc.main.id
  availability_zone               = count.index == 0 ? "ap-northeast-1a" : "ap-northeast-1c"
  ipv6_native                     = true
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index + 1)
  assign_ipv6_address_on_creation = true
}

resource "aws_subnet" "shared" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.80.10.0/24"
  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 10)
}

resource "aws_subnet" "legacy" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1c"
  cidr_block        = "10.80.20.0/24"
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.80.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.legacy.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id

  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "shared"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr-ecr.ap-northeast-1.on.aws/app:1"
    essential = true
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets         = aws_subnet.app[*].id
    security_groups = [aws_security_group.tasks.id]
  }
}

resource "aws_ecs_service" "mixed" {
  name            = "mixed"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets = [aws_subnet.app[0].id, aws_subnet.shared.id]
  }
}
