# An interface endpoint whose service name comes from a data source:
# data "aws_vpc_endpoint_service" looked up by tag, as a shared-services
# team publishes it. vpctrace does not read data sources, so it cannot tell
# which service the endpoint is for. With private DNS on, it could be the
# endpoint of any AWS service of the region, and its private DNS zone would
# then answer that service's name inside the VPC (aws-rules 3.2.1, 3.3.1).
# vpctrace abstains where that could change the answer (aws-rules 3.2.9,
# proposed): never an error, never a guess.
#
# This root is valid Terraform (terraform validate); it does not plan
# offline, because the data source asks the EC2 API.
#
#   vpc main   10.60.0.0/16, DNS support and hostnames on
#   public-a   NAT gateway (0.0.0.0/0 -> internet gateway)
#   private-a  0.0.0.0/0 -> the NAT gateway; the S3 gateway endpoint on its
#              table; the "shared" interface endpoint (service unknown,
#              private DNS on)
#
# Service (Fargate 1.4.0) in private-a:
#
#   report  ECR API, registry and logs: their names could be answered by
#           the shared endpoint's zone, or resolve publicly and go out
#           through the NAT gateway: unknown, UNMODELED, naming the
#           endpoint and service_name. Layers: the S3 gateway endpoint's
#           route decides (4.3.2), and an S3 interface endpoint's zone
#           would be hidden from the VPC by the inbound-only default when
#           the VPC has an S3 gateway endpoint (3.2.4, 10.6): reachable via
#           gateway-endpoint.

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

resource "aws_vpc" "main" {
  cidr_block           = "10.60.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.60.0.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.60.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public_a" {
  subnet_id      = aws_subnet.public_a.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public_a.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

# The shared service, found by its tag: its name is known only when
# Terraform reads the data source.
data "aws_vpc_endpoint_service" "shared" {
  filter {
    name   = "tag:Team"
    values = ["platform"]
  }
}

resource "aws_security_group" "shared_endpoint" {
  name   = "shared-endpoint"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_vpc_endpoint" "shared" {
  vpc_id              = aws_vpc.main.id
  service_name        = data.aws_vpc_endpoint_service.shared.service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a.id]
  security_group_ids  = [aws_security_group.shared_endpoint.id]
}

resource "aws_security_group" "report" {
  name   = "report"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "report" {
  family                   = "report"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "report"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/report:7"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/report"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "report"
      }
    }
  }])
}

resource "aws_ecs_service" "report" {
  name             = "report"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.report.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.private_a.id]
    security_groups = [aws_security_group.report.id]
  }
}
