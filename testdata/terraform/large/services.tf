locals {
  # The 30 services. tier: the subnets the tasks run in; image: empty for
  # the service's own ECR repository; secrets: names of Secrets Manager
  # secrets; exec: ECS Exec on; db: the service talks to the databases.
  services = {
    accounts      = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = true, db = true }
    auth          = { port = 8080, tier = "app", image = "", secrets = ["db", "jwt"], exec = true, db = true }
    billing       = { port = 8080, tier = "app", image = "", secrets = ["db", "stripe"], exec = false, db = true }
    cart          = { port = 8080, tier = "app", image = "", secrets = ["redis"], exec = false, db = false }
    catalog       = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = false, db = true }
    checkout      = { port = 8080, tier = "app", image = "", secrets = ["db", "psp"], exec = true, db = true }
    coupons       = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = true }
    emails        = { port = 8080, tier = "app", image = "", secrets = ["smtp"], exec = false, db = false }
    events        = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = false }
    gateway       = { port = 8443, tier = "app", image = "", secrets = ["tls"], exec = true, db = false }
    inventory     = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = false, db = true }
    invoices      = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = false, db = true }
    loyalty       = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = true }
    media         = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = false }
    notifications = { port = 8080, tier = "app", image = "", secrets = ["fcm"], exec = false, db = false }
    orders        = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = true, db = true }
    payments      = { port = 8080, tier = "app", image = "", secrets = ["db", "psp"], exec = false, db = true }
    pricing       = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = true }
    profiles      = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = false, db = true }
    recommender   = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = false }
    reviews       = { port = 8080, tier = "app", image = "", secrets = ["db"], exec = false, db = true }
    search        = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = false }
    sessions      = { port = 8080, tier = "app", image = "", secrets = ["redis"], exec = false, db = false }
    shipping      = { port = 8080, tier = "app", image = "", secrets = ["carrier"], exec = false, db = true }
    webhooks      = { port = 8080, tier = "app", image = "", secrets = [], exec = false, db = false }
    exporter      = { port = 9100, tier = "mgmt", image = "public.ecr.aws/bitnami/node-exporter:1.8.2", secrets = [], exec = false, db = false }
    grafana-agent = { port = 12345, tier = "mgmt", image = "docker.io/grafana/agent:v0.43.3", secrets = [], exec = false, db = false }
    reindexer     = { port = 8080, tier = "batch", image = "", secrets = ["db"], exec = false, db = true }
    reports       = { port = 8080, tier = "batch", image = "", secrets = ["db"], exec = true, db = true }
    thumbnails    = { port = 8080, tier = "batch", image = "", secrets = [], exec = false, db = false }
  }

  # "billing/stripe" => { service = "billing", name = "stripe" }
  service_secrets = merge([
    for svc, s in local.services : {
      for name in s.secrets : "${svc}/${name}" => { service = svc, name = name }
    }
  ]...)

  db_services  = { for k, s in local.services : k => s if s.db }
  ecr_services = { for k, s in local.services : k => s if s.image == "" }
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_iam_role" "execution" {
  name = "${local.name}-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "task" {
  for_each = local.services

  name               = "${local.name}-${each.key}"
  assume_role_policy = aws_iam_role.execution.assume_role_policy
}

resource "aws_ecr_repository" "service" {
  for_each = local.ecr_services

  name                 = "${local.name}/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_cloudwatch_log_group" "service" {
  for_each = local.services

  name              = "/ecs/${local.name}/${each.key}"
  retention_in_days = 30
}

resource "aws_secretsmanager_secret" "service" {
  for_each = local.service_secrets

  name = "${local.name}/${each.key}"
}

# ---- security groups: one per service, rules as separate resources ----

resource "aws_security_group" "service" {
  for_each = local.services

  name        = "${local.name}-${each.key}"
  description = "${each.key} tasks"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  for_each = local.services

  security_group_id            = aws_security_group.service[each.key].id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  for_each = local.services

  security_group_id = aws_security_group.service[each.key].id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "service_to_db" {
  for_each = local.db_services

  security_group_id            = aws_security_group.service[each.key].id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_service" {
  for_each = local.db_services

  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.service[each.key].id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_service" {
  for_each = local.services

  security_group_id            = aws_security_group.endpoints.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.service[each.key].id
}

# ---- task definitions and services ----

resource "aws_ecs_task_definition" "service" {
  for_each = local.services

  family                   = "${local.name}-${each.key}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  container_definitions = jsonencode([{
    name         = each.key
    image        = each.value.image != "" ? each.value.image : "${aws_ecr_repository.service[each.key].repository_url}:release-2024.11"
    essential    = true
    portMappings = [{ containerPort = each.value.port, protocol = "tcp" }]
    environment = [
      { name = "SERVICE_NAME", value = each.key },
      { name = "AWS_REGION", value = var.region },
    ]
    secrets = [
      for name in each.value.secrets : {
        name      = upper("${name}_secret")
        valueFrom = aws_secretsmanager_secret.service["${each.key}/${name}"].arn
      }
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "service" {
  for_each = local.services

  name                   = each.key
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.service[each.key].arn
  desired_count          = 2
  launch_type            = "FARGATE"
  platform_version       = "1.4.0"
  enable_execute_command = each.value.exec

  network_configuration {
    subnets         = [for k, s in aws_subnet.this : s.id if local.subnets[k].tier == each.value.tier]
    security_groups = [aws_security_group.service[each.key].id]
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
