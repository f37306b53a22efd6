# vpctrace's own fixture for patch/terraform: a root that writes its rules
# as standalone resources (aws_vpc_security_group_*_rule, aws_route,
# aws_network_acl_rule, aws_vpc_endpoint_route_table_association), subnets
# by count, interface endpoints by for_each with private DNS per entry, and
# endpoint policies from a policy document and from a variable.

provider "aws" {
  region = "ap-northeast-1"
}

variable "azs" {
  type    = list(string)
  default = ["ap-northeast-1a", "ap-northeast-1c"]
}

variable "ssm_policy" {
  type    = string
  default = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ssm:GetParameters\",\"Resource\":\"*\"}]}"
}

locals {
  endpoints = {
    "ecr.dkr" = { private_dns = false }
    "logs"    = { private_dns = true }
  }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count = length(var.azs)

  vpc_id            = aws_vpc.main.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet("10.20.0.0/16", 8, count.index)
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.20.100.0/24"
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

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "spare" {
  vpc_id = aws_vpc.main.id
}

# A mistake: the private table's default route goes to the internet
# gateway.
resource "aws_route" "private_default" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_route_table_association" "private" {
  count = length(var.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_network_acl_rule" "https_out" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "tasks_dns" {
  security_group_id = aws_security_group.tasks.id
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "10.20.0.0/16"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.ap-northeast-1.s3"
  vpc_endpoint_type = "Gateway"
}

resource "aws_vpc_endpoint_route_table_association" "s3_private" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "this" {
  for_each = local.endpoints

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = each.value.private_dns
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoints.json
}

data "aws_iam_policy_document" "endpoints" {
  statement {
    effect    = "Allow"
    actions   = ["logs:CreateLogStream"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = var.ssm_policy
}

resource "aws_efs_file_system" "data" {
  creation_token = "data"
}

resource "aws_efs_mount_target" "data" {
  file_system_id  = aws_efs_file_system.data.id
  subnet_id       = aws_subnet.private[0].id
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
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.tasks.id]
  }
}

# Private DNS per instance from a variable: a value vpctrace cannot change
# in the files (a .tfvars or -var may set it).
variable "queue_private_dns" {
  type    = map(bool)
  default = { sqs = false }
}

resource "aws_vpc_endpoint" "queue" {
  for_each = var.queue_private_dns

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.ap-northeast-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = each.value
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}
