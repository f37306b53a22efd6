# Security groups whose vpc_id comes from a data source: a common module
# pattern ("look the VPC up by its Name tag"). vpctrace cannot answer this
# look-up (see data "aws_vpc" "main"), so vpc_id itself is not known; but
# AWS lets an interface carry only security groups of its own VPC
# ("Security group ... and subnet ... belong to different networks"), so a
# group carried by ENIs in one VPC is in that VPC (aws-rules 5.1.8, proposed). vpctrace places each group there,
# with an info diagnostic, instead of leaving it undetermined.
#
# This root is valid Terraform (terraform validate); it does not plan
# offline, because the data source asks the EC2 API.
#
#   vpc main  10.50.0.0/16, DNS support and hostnames on
#   private-a 10.50.1.0/24, private-c 10.50.2.0/24: no internet route;
#             interface endpoints for ECR API, registry and logs with
#             private DNS, and an S3 gateway endpoint on their table
#   groups    "task" (egress 443 anywhere) and "endpoints" (ingress 443 from
#             the VPC), both with vpc_id = data.aws_vpc.main.id
#
# Service (Fargate 1.4.0) in private-a and private-c:
#
#   worker  ECR API, registry and logs via the interface endpoints (3.2.1),
#           layers via the S3 gateway endpoint (4.3.2): reachable from both
#           placements. Both groups are placed in aws_vpc.main from the
#           task ENIs and the endpoint ENIs that carry them (5.1.8).

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
  cidr_block           = "10.50.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "worker" }
}

# Read back by tag and association state, as a shared security-group
# module would. vpctrace answers look-ups of the root's own resources by
# tags and the filters it knows, but it does not hold the state of CIDR
# block associations, so this look-up stays unknown.
data "aws_vpc" "main" {
  tags = { Name = "worker" }

  filter {
    name   = "cidr-block-association.state"
    values = ["associated"]
  }

  depends_on = [aws_vpc.main]
}

resource "aws_subnet" "private" {
  for_each = { a = "10.50.1.0/24", c = "10.50.2.0/24" }

  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = "ap-northeast-1${each.key}"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "task" {
  name   = "worker-task"
  vpc_id = data.aws_vpc.main.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "endpoints" {
  name   = "worker-endpoints"
  vpc_id = data.aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.50.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ecr.api", "ecr.dkr", "logs"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_ecs_cluster" "main" {
  name = "worker"
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "worker"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "worker"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/worker:2"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/worker"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "worker"
      }
    }
  }])
}

resource "aws_ecs_service" "worker" {
  name             = "worker"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.worker.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [for s in aws_subnet.private : s.id]
    security_groups = [aws_security_group.task.id]
  }
}
