# Route 53 Resolver rules and DNS Firewall in front of two Fargate services.
# Both VPCs reach the internet through a NAT gateway, so what differs is
# how their names resolve (aws-rules 3.3.5, 3.9).
#
#   hybrid    10.50.0.0/16: a FORWARD rule for amazonaws.com sends AWS names
#             through an outbound Resolver endpoint to on-premises servers
#             (192.168.10.53, 192.168.11.53); a logs interface endpoint has
#             private DNS.
#   filtered  10.51.0.0/16: a DNS Firewall rule group at association
#             priority 101 with three rules: 100 ALLOW
#             logs.ap-northeast-1.amazonaws.com, 200 BLOCK NXDOMAIN
#             *.dkr.ecr.ap-northeast-1.amazonaws.com, 300 BLOCK an
#             AWS-managed domain list passed in by ID.
#
# Services (Fargate, platform 1.4.0), same task definition (ECR image,
# awslogs):
#
#   hybrid    logs: the endpoint's private DNS zone is more specific than
#             amazonaws.com, so its autodefined rule wins and logs reaches
#             the endpoint (3.3.5, 3.3.6). ECR API, registry and layers:
#             the forwarding rule is the most specific match, the answers
#             come from servers outside the input: unknown,
#             DNS_RESOLVER_UNKNOWN (3.3.5).
#   filtered  logs: ALLOW at 100 decides first, reachable via the NAT
#             gateway (3.9.1). Registry: BLOCK NXDOMAIN at 200 matches the
#             wildcard, DNS_FIREWALL_BLOCKED (3.9.2, 3.9.3); the task stops
#             with "lookup ...: no such host". ECR API and layers: no rule
#             of the root matches, but the AWS-managed list at 300 may:
#             unknown, UNMODELED (3.9.5).

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

variable "managed_domain_list_id" {
  type        = string
  description = "ID of AWSManagedDomainsMalwareDomainList in this Region"
  default     = "rslvr-fdl-2c46f2ecfb3b4d88"
}

variable "on_prem_resolvers" {
  type    = list(string)
  default = ["192.168.10.53", "192.168.11.53"]
}

locals {
  vpcs = {
    hybrid   = "10.50.0.0/16"
    filtered = "10.51.0.0/16"
  }
}

resource "aws_vpc" "this" {
  for_each             = local.vpcs
  cidr_block           = each.value
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "this" {
  for_each = local.vpcs
  vpc_id   = aws_vpc.this[each.key].id
}

resource "aws_subnet" "public" {
  for_each          = local.vpcs
  vpc_id            = aws_vpc.this[each.key].id
  cidr_block        = cidrsubnet(each.value, 8, 0)
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "private_a" {
  for_each          = local.vpcs
  vpc_id            = aws_vpc.this[each.key].id
  cidr_block        = cidrsubnet(each.value, 8, 10)
  availability_zone = "ap-northeast-1a"
}

resource "aws_subnet" "private_c" {
  for_each          = local.vpcs
  vpc_id            = aws_vpc.this[each.key].id
  cidr_block        = cidrsubnet(each.value, 8, 11)
  availability_zone = "ap-northeast-1c"
}

resource "aws_eip" "nat" {
  for_each = local.vpcs
  domain   = "vpc"
}

resource "aws_nat_gateway" "this" {
  for_each      = local.vpcs
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id
}

resource "aws_route_table" "public" {
  for_each = local.vpcs
  vpc_id   = aws_vpc.this[each.key].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[each.key].id
  }
}

resource "aws_route_table_association" "public" {
  for_each       = local.vpcs
  subnet_id      = aws_subnet.public[each.key].id
  route_table_id = aws_route_table.public[each.key].id
}

resource "aws_route_table" "private" {
  for_each = local.vpcs
  vpc_id   = aws_vpc.this[each.key].id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[each.key].id
  }
}

resource "aws_route_table_association" "private_a" {
  for_each       = local.vpcs
  subnet_id      = aws_subnet.private_a[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_route_table_association" "private_c" {
  for_each       = local.vpcs
  subnet_id      = aws_subnet.private_c[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_security_group" "task" {
  for_each = local.vpcs
  name     = "${each.key}-task"
  vpc_id   = aws_vpc.this[each.key].id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ---- hybrid: forward amazonaws.com on premises ----

resource "aws_security_group" "hybrid_endpoints" {
  name   = "hybrid-endpoints"
  vpc_id = aws_vpc.this["hybrid"].id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this["hybrid"].cidr_block]
  }

  egress {
    from_port   = 53
    to_port     = 53
    protocol    = "udp"
    cidr_blocks = ["192.168.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "hybrid_logs" {
  vpc_id              = aws_vpc.this["hybrid"].id
  service_name        = "com.amazonaws.ap-northeast-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a["hybrid"].id, aws_subnet.private_c["hybrid"].id]
  security_group_ids  = [aws_security_group.hybrid_endpoints.id]
}

resource "aws_route53_resolver_endpoint" "outbound" {
  name               = "to-on-prem"
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.hybrid_endpoints.id]

  ip_address {
    subnet_id = aws_subnet.private_a["hybrid"].id
  }

  ip_address {
    subnet_id = aws_subnet.private_c["hybrid"].id
  }
}

resource "aws_route53_resolver_rule" "aws_on_prem" {
  domain_name          = "amazonaws.com"
  name                 = "aws-on-prem"
  rule_type            = "FORWARD"
  resolver_endpoint_id = aws_route53_resolver_endpoint.outbound.id

  dynamic "target_ip" {
    for_each = var.on_prem_resolvers
    content {
      ip = target_ip.value
    }
  }
}

resource "aws_route53_resolver_rule_association" "aws_on_prem" {
  resolver_rule_id = aws_route53_resolver_rule.aws_on_prem.id
  vpc_id           = aws_vpc.this["hybrid"].id
}

# ---- filtered: DNS Firewall ----

resource "aws_route53_resolver_firewall_domain_list" "logs" {
  name    = "logs"
  domains = ["logs.ap-northeast-1.amazonaws.com"]
}

resource "aws_route53_resolver_firewall_domain_list" "registries" {
  name    = "registries"
  domains = ["*.dkr.ecr.ap-northeast-1.amazonaws.com"]
}

resource "aws_route53_resolver_firewall_rule_group" "egress" {
  name = "egress"
}

resource "aws_route53_resolver_firewall_rule" "allow_logs" {
  name                    = "allow-logs"
  action                  = "ALLOW"
  firewall_domain_list_id = aws_route53_resolver_firewall_domain_list.logs.id
  firewall_rule_group_id  = aws_route53_resolver_firewall_rule_group.egress.id
  priority                = 100
}

resource "aws_route53_resolver_firewall_rule" "block_registries" {
  name                    = "block-registries"
  action                  = "BLOCK"
  block_response          = "NXDOMAIN"
  firewall_domain_list_id = aws_route53_resolver_firewall_domain_list.registries.id
  firewall_rule_group_id  = aws_route53_resolver_firewall_rule_group.egress.id
  priority                = 200
}

resource "aws_route53_resolver_firewall_rule" "block_malware" {
  name                    = "block-malware"
  action                  = "BLOCK"
  block_response          = "NODATA"
  firewall_domain_list_id = var.managed_domain_list_id
  firewall_rule_group_id  = aws_route53_resolver_firewall_rule_group.egress.id
  priority                = 300
}

resource "aws_route53_resolver_firewall_rule_group_association" "filtered" {
  name                   = "filtered"
  firewall_rule_group_id = aws_route53_resolver_firewall_rule_group.egress.id
  priority               = 101
  vpc_id                 = aws_vpc.this["filtered"].id
}

resource "aws_route53_resolver_firewall_config" "filtered" {
  resource_id        = aws_vpc.this["filtered"].id
  firewall_fail_open = "DISABLED"
}

# ---- ECS ----

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([{
    name      = "app"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:7"
    essential = true
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
  for_each         = local.vpcs
  name             = each.key
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"

  network_configuration {
    subnets         = [aws_subnet.private_a[each.key].id]
    security_groups = [aws_security_group.task[each.key].id]
  }
}
