# vpctrace's own fixture for patch/terraform: ECS on EC2 in IPv6-only
# subnets of two Availability Zones (aws-rules 4.9.4), with no interface
# endpoint. ::/0 goes to an egress-only internet gateway and DNS64 is off,
# so the agent's dual-stack calls work (4.9.6, 4.9.7) but Secrets Manager,
# which it calls by its IPv4 name, is NO_ROUTE (4.9.5). The endpoint that
# fixes it must be ipv6 with ipv6 records: AWS takes no other IP address
# type in IPv6-only subnets (4.9.10). A dual-stack subnet holds nothing
# but can take an endpoint.

provider "aws" {
  region = "ap-northeast-1"
}

variable "ipv6_pool" {
  description = "IPAM pool the VPC's IPv6 block comes from"
  type        = string
  default     = "ipam-pool-0123456789abcdef0"
}

variable "ecs_ami_id" {
  description = "ECS-optimized AMI of the container instances"
  type        = string
  default     = "ami-0123456789abcdef0"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.70.0.0/16"
  ipv6_ipam_pool_id    = var.ipv6_pool
  ipv6_cidr_block      = "2600:1f18:7000:ab00::/56"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_egress_only_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "app" {
  for_each = {
    a = { az = "ap-northeast-1a", index = 1 }
    c = { az = "ap-northeast-1c", index = 2 }
  }

  vpc_id                          = aws_vpc.main.id
  availability_zone               = each.value.az
  ipv6_native                     = true
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, each.value.index)
  assign_ipv6_address_on_creation = true
}

resource "aws_subnet" "shared" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "ap-northeast-1a"
  cidr_block        = "10.70.10.0/24"
  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 10)
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id

  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "app" {
  for_each = aws_subnet.app

  subnet_id      = each.value.id
  route_table_id = aws_route_table.app.id
}

resource "aws_security_group" "ecs" {
  name   = "ecs"
  vpc_id = aws_vpc.main.id

  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "v6"
}

resource "aws_iam_role" "instance" {
  name = "v6-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_instance_profile" "instance" {
  name = "v6-instance"
  role = aws_iam_role.instance.name
}

resource "aws_launch_template" "ecs" {
  name_prefix            = "v6-"
  image_id               = var.ecs_ami_id
  instance_type          = "t3.medium"
  vpc_security_group_ids = [aws_security_group.ecs.id]
  user_data              = base64encode("#!/bin/bash\necho ECS_CLUSTER=v6 >> /etc/ecs/ecs.config\n")

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }
}

resource "aws_autoscaling_group" "ecs" {
  name                = "v6"
  vpc_zone_identifier = [for s in aws_subnet.app : s.id]
  min_size            = 1
  max_size            = 2

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_capacity_provider" "ecs" {
  name = "v6"

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.ecs.arn
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.ecs.name]
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr-ecr.ap-northeast-1.on.aws/app:1.0"
    essential = true
    memory    = 512
    secrets = [{
      name      = "DB_PASSWORD"
      valueFrom = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"
    }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/app"
        awslogs-region        = "ap-northeast-1"
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ecs.name
    weight            = 1
  }

  network_configuration {
    subnets         = [for s in aws_subnet.app : s.id]
    security_groups = [aws_security_group.ecs.id]
  }
}
