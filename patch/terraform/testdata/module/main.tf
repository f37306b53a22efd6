# vpctrace's own fixture for patch/terraform: the network comes from a
# local module called once, and the root refers to it through outputs.
# The module's endpoint group lets nothing in, and the module exposes no
# output for its route table.

provider "aws" {
  region = "ap-northeast-1"
}

module "net" {
  source = "./modules/net"

  cidr = "10.30.0.0/16"
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = module.net.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
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
    subnets         = module.net.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}

# A gateway endpoint in the root on the module's VPC: the module has no
# output for its route table, so no route table can be associated here.
resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = module.net.vpc_id
  service_name      = "com.amazonaws.ap-northeast-1.dynamodb"
  vpc_endpoint_type = "Gateway"

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem", "Resource": "*"}
      ]
    }
  EOT
}
