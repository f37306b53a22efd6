# An inspection VPC: the task subnet sends everything to an AWS Network
# Firewall endpoint, the firewall subnet to a NAT gateway, the NAT gateway's
# subnet to the internet gateway, and the NAT gateway's subnet routes the
# replies for the task subnet back to the same firewall endpoint
# (aws-rules 4.11.1, 4.11.7). The account also turns on VPC Block Public
# Access in bidirectional mode and excludes the NAT gateway's subnet
# (allow-egress), so the NAT gateway path stays open (4.10.2, 4.10.4).
#
#   public    10.40.0.0/24: 0.0.0.0/0 -> internet gateway; 10.40.10.0/24 ->
#             the firewall endpoint; the NAT gateway
#   firewall  10.40.1.0/24: the firewall's subnet; 0.0.0.0/0 -> NAT gateway
#   app       10.40.10.0/24: 0.0.0.0/0 -> the firewall endpoint
#
# The routes name the endpoint as the firewall's status gives it, which a
# plan knows only after apply (aws-rules 10.35).
#
# The policy (strict order, default action aws:drop_established) has one
# stateful rule group, a TLS SNI allowlist of ECR and S3 names in the Region
# (4.11.3, 4.11.5). It lacks logs.ap-northeast-1.amazonaws.com.
#
# Service:
#
#   api   Fargate in app: ecr-auth, ecr-image and ecr-layers reachable via
#         nat-gateway; logs NETWORK_FIREWALL_DENIED (the allowlist), so the
#         task does not start (7.3).

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
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.0.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "firewall" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.10.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  depends_on    = [aws_internet_gateway.main]
}

# --- the firewall ---

resource "aws_networkfirewall_rule_group" "allow_aws" {
  name     = "allow-aws"
  type     = "STATEFUL"
  capacity = 100

  rule_group {
    rules_source {
      rules_source_list {
        generated_rules_type = "ALLOWLIST"
        target_types         = ["TLS_SNI"]
        targets              = [".ecr.ap-northeast-1.amazonaws.com", ".s3.ap-northeast-1.amazonaws.com"]
      }
    }
    stateful_rule_options {
      rule_order = "STRICT_ORDER"
    }
  }
}

resource "aws_networkfirewall_firewall_policy" "egress" {
  name = "egress"

  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]
    stateful_default_actions           = ["aws:drop_established"]

    stateful_engine_options {
      rule_order = "STRICT_ORDER"
    }

    stateful_rule_group_reference {
      priority     = 10
      resource_arn = aws_networkfirewall_rule_group.allow_aws.arn
    }
  }
}

resource "aws_networkfirewall_firewall" "egress" {
  name                = "egress"
  vpc_id              = aws_vpc.main.id
  firewall_policy_arn = aws_networkfirewall_firewall_policy.egress.arn

  subnet_mapping {
    subnet_id = aws_subnet.firewall.id
  }
}

# --- routes ---

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

# Replies to the task subnet go back through the firewall endpoint.
resource "aws_route" "public_return" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = aws_subnet.app.cidr_block
  vpc_endpoint_id        = tolist(aws_networkfirewall_firewall.egress.firewall_status[0].sync_states)[0].attachment[0].endpoint_id
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "firewall" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "firewall" {
  subnet_id      = aws_subnet.firewall.id
  route_table_id = aws_route_table.firewall.id
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "app_default" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "0.0.0.0/0"
  vpc_endpoint_id        = tolist(aws_networkfirewall_firewall.egress.firewall_status[0].sync_states)[0].attachment[0].endpoint_id
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

# --- VPC Block Public Access ---

resource "aws_vpc_block_public_access_options" "account" {
  internet_gateway_block_mode = "block-bidirectional"
}

resource "aws_vpc_block_public_access_exclusion" "nat" {
  subnet_id                       = aws_subnet.public.id
  internet_gateway_exclusion_mode = "allow-egress"
}

# --- ECS ---

resource "aws_security_group" "api" {
  name   = "api"
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

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "api"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.0"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/api"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "api"
      }
    }
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.app.id]
    security_groups = [aws_security_group.api.id]
  }
}
