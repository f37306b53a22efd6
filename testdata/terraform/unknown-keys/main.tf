# count and for_each over values vpctrace cannot know. Terraform refuses
# to plan only when such a value is known only after apply; here it comes
# from a data source that reads AWS (aws_ip_ranges), which Terraform reads
# at plan time and vpctrace does not. So these are warnings, not errors,
# and only what the unknown instances would change is undetermined:
#
#   * certificate validation records keyed by domain_validation_options,
#     whose keys Terraform (and vpctrace) know at plan time: three records;
#   * listener rules and autoscaling policies per IP range: not part of
#     the network model, a warning each;
#   * egress rules of the edge tasks' security group per CloudFront range:
#     how many there are is unknown, so the group is undetermined.
#
#   api   its own group allows HTTPS anywhere: every call reachable through
#         the NAT gateway (aws-rules 4.5.1), layers through the S3 gateway
#         endpoint (4.3.2)
#   edge  every call leaves through the undetermined group: unknown
#         (UNMODELED), whatever the rest of the path (5.1.2)

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_ip_ranges" "cloudfront" {
  services = ["cloudfront"]
}

resource "aws_vpc" "main" {
  cidr_block           = "10.90.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.90.0.0/24"
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.90.10.0/24"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.us-east-1.s3"
  route_table_ids = [aws_route_table.private.id]
}

resource "aws_route53_zone" "main" {
  name = "example.com"
}

resource "aws_acm_certificate" "main" {
  domain_name               = "example.com"
  subject_alternative_names = ["*.example.com", "api.example.com"]
  validation_method         = "DNS"
}

resource "aws_route53_record" "validation" {
  for_each = {
    for dvo in aws_acm_certificate.main.domain_validation_options : dvo.domain_name => {
      name   = dvo.resource_record_name
      record = dvo.resource_record_value
      type   = dvo.resource_record_type
    }
  }

  zone_id         = aws_route53_zone.main.zone_id
  name            = each.value.name
  type            = each.value.type
  records         = [each.value.record]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_lb" "main" {
  name    = "main"
  subnets = [aws_subnet.public.id]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.main.arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "403"
    }
  }
}

resource "aws_lb_listener_rule" "from_cloudfront" {
  count        = length(data.aws_ip_ranges.cloudfront.cidr_blocks)
  listener_arn = aws_lb_listener.https.arn
  priority     = 100 + count.index

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }

  condition {
    source_ip {
      values = [data.aws_ip_ranges.cloudfront.cidr_blocks[count.index]]
    }
  }
}

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

# No inline rules: the egress rules below are all it has.
resource "aws_security_group" "edge" {
  name   = "edge"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "edge_to_cloudfront" {
  for_each = toset(data.aws_ip_ranges.cloudfront.cidr_blocks)

  security_group_id = aws_security_group.edge.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  for_each                 = toset(["api", "edge"])
  family                   = each.key
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecs-execution"

  container_definitions = jsonencode([{
    name      = each.key
    image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/${each.key}:1.0"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/${each.key}"
        awslogs-region        = "us-east-1"
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  for_each        = aws_ecs_task_definition.app
  name            = each.key
  cluster         = aws_ecs_cluster.main.id
  task_definition = each.value.arn
  launch_type     = "FARGATE"
  desired_count   = 1

  network_configuration {
    subnets         = [aws_subnet.private.id]
    security_groups = [each.key == "api" ? aws_security_group.api.id : aws_security_group.edge.id]
  }
}

resource "aws_appautoscaling_target" "app" {
  for_each           = aws_ecs_service.app
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${each.value.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 1
  max_capacity       = 4
}

resource "aws_appautoscaling_policy" "per_range" {
  count              = length(data.aws_ip_ranges.cloudfront.cidr_blocks) > 10 ? 1 : 0
  name               = "cpu"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.app["edge"].resource_id
  scalable_dimension = aws_appautoscaling_target.app["edge"].scalable_dimension
  service_namespace  = aws_appautoscaling_target.app["edge"].service_namespace

  target_tracking_scaling_policy_configuration {
    target_value = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
