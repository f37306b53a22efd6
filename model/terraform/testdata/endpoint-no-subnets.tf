provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "v" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}
resource "aws_subnet" "s" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.v.id
  service_name        = "com.amazonaws.eu-west-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = []
}
resource "aws_ecs_cluster" "c" { name = "c" }
resource "aws_ecs_task_definition" "t" {
  family                   = "t"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "a", image = "nginx", logConfiguration = { logDriver = "awslogs", options = { awslogs-group = "g", awslogs-region = "eu-west-1" } } }])
}
resource "aws_ecs_service" "svc" {
  name            = "svc"
  cluster         = aws_ecs_cluster.c.id
  task_definition = aws_ecs_task_definition.t.arn
  launch_type     = "FARGATE"
  network_configuration { subnets = [aws_subnet.s.id] }
}
