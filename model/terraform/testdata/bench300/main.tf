# A generated root of about 300 resource instances for BenchmarkEvaluate300:
# ten VPCs, each with subnets in three AZs, NAT gateways, route tables,
# security groups and VPC endpoints, and one ECS service.

provider "aws" {
  region = "ap-northeast-1"
}

data "aws_region" "current" {}

data "aws_availability_zones" "available" {}

locals {
  azs      = data.aws_availability_zones.available.names
  services = toset(["ecr.api", "ecr.dkr", "logs", "secretsmanager"])
}

resource "aws_vpc" "vpc_0" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-0" }
}

resource "aws_subnet" "private_0" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_0.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_0.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_0" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_0.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_0.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_0" {
  vpc_id = aws_vpc.vpc_0.id
}

resource "aws_eip" "nat_0" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_0" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_0[count.index].id
  subnet_id     = aws_subnet.public_0[count.index].id
}

resource "aws_route_table" "public_0" {
  vpc_id = aws_vpc.vpc_0.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_0.id
  }
}

resource "aws_route_table" "private_0" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_0.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_0[count.index].id
  }
}

resource "aws_route_table_association" "public_0" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_0[count.index].id
  route_table_id = aws_route_table.public_0.id
}

resource "aws_route_table_association" "private_0" {
  for_each       = aws_subnet.private_0
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_0[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_0" {
  name   = "endpoint-0"
  vpc_id = aws_vpc.vpc_0.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_0.id]
  }
}

resource "aws_security_group" "task_0" {
  name   = "task-0"
  vpc_id = aws_vpc.vpc_0.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_0" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_0.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_0 : s.id]
  security_group_ids  = [aws_security_group.endpoint_0.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_0" {
  vpc_id          = aws_vpc.vpc_0.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_0[*].id
}

resource "aws_vpc" "vpc_1" {
  cidr_block           = "10.1.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-1" }
}

resource "aws_subnet" "private_1" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_1.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_1.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_1" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_1.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_1.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_1" {
  vpc_id = aws_vpc.vpc_1.id
}

resource "aws_eip" "nat_1" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_1" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_1[count.index].id
  subnet_id     = aws_subnet.public_1[count.index].id
}

resource "aws_route_table" "public_1" {
  vpc_id = aws_vpc.vpc_1.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_1.id
  }
}

resource "aws_route_table" "private_1" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_1.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_1[count.index].id
  }
}

resource "aws_route_table_association" "public_1" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_1[count.index].id
  route_table_id = aws_route_table.public_1.id
}

resource "aws_route_table_association" "private_1" {
  for_each       = aws_subnet.private_1
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_1[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_1" {
  name   = "endpoint-1"
  vpc_id = aws_vpc.vpc_1.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_1.id]
  }
}

resource "aws_security_group" "task_1" {
  name   = "task-1"
  vpc_id = aws_vpc.vpc_1.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_1" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_1.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_1 : s.id]
  security_group_ids  = [aws_security_group.endpoint_1.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_1" {
  vpc_id          = aws_vpc.vpc_1.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_1[*].id
}

resource "aws_vpc" "vpc_2" {
  cidr_block           = "10.2.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-2" }
}

resource "aws_subnet" "private_2" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_2.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_2.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_2" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_2.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_2.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_2" {
  vpc_id = aws_vpc.vpc_2.id
}

resource "aws_eip" "nat_2" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_2" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_2[count.index].id
  subnet_id     = aws_subnet.public_2[count.index].id
}

resource "aws_route_table" "public_2" {
  vpc_id = aws_vpc.vpc_2.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_2.id
  }
}

resource "aws_route_table" "private_2" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_2.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_2[count.index].id
  }
}

resource "aws_route_table_association" "public_2" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_2[count.index].id
  route_table_id = aws_route_table.public_2.id
}

resource "aws_route_table_association" "private_2" {
  for_each       = aws_subnet.private_2
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_2[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_2" {
  name   = "endpoint-2"
  vpc_id = aws_vpc.vpc_2.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_2.id]
  }
}

resource "aws_security_group" "task_2" {
  name   = "task-2"
  vpc_id = aws_vpc.vpc_2.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_2" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_2.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_2 : s.id]
  security_group_ids  = [aws_security_group.endpoint_2.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_2" {
  vpc_id          = aws_vpc.vpc_2.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_2[*].id
}

resource "aws_vpc" "vpc_3" {
  cidr_block           = "10.3.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-3" }
}

resource "aws_subnet" "private_3" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_3.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_3.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_3" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_3.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_3.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_3" {
  vpc_id = aws_vpc.vpc_3.id
}

resource "aws_eip" "nat_3" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_3" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_3[count.index].id
  subnet_id     = aws_subnet.public_3[count.index].id
}

resource "aws_route_table" "public_3" {
  vpc_id = aws_vpc.vpc_3.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_3.id
  }
}

resource "aws_route_table" "private_3" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_3.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_3[count.index].id
  }
}

resource "aws_route_table_association" "public_3" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_3[count.index].id
  route_table_id = aws_route_table.public_3.id
}

resource "aws_route_table_association" "private_3" {
  for_each       = aws_subnet.private_3
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_3[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_3" {
  name   = "endpoint-3"
  vpc_id = aws_vpc.vpc_3.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_3.id]
  }
}

resource "aws_security_group" "task_3" {
  name   = "task-3"
  vpc_id = aws_vpc.vpc_3.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_3" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_3.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_3 : s.id]
  security_group_ids  = [aws_security_group.endpoint_3.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_3" {
  vpc_id          = aws_vpc.vpc_3.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_3[*].id
}

resource "aws_vpc" "vpc_4" {
  cidr_block           = "10.4.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-4" }
}

resource "aws_subnet" "private_4" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_4.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_4.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_4" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_4.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_4.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_4" {
  vpc_id = aws_vpc.vpc_4.id
}

resource "aws_eip" "nat_4" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_4" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_4[count.index].id
  subnet_id     = aws_subnet.public_4[count.index].id
}

resource "aws_route_table" "public_4" {
  vpc_id = aws_vpc.vpc_4.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_4.id
  }
}

resource "aws_route_table" "private_4" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_4.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_4[count.index].id
  }
}

resource "aws_route_table_association" "public_4" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_4[count.index].id
  route_table_id = aws_route_table.public_4.id
}

resource "aws_route_table_association" "private_4" {
  for_each       = aws_subnet.private_4
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_4[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_4" {
  name   = "endpoint-4"
  vpc_id = aws_vpc.vpc_4.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_4.id]
  }
}

resource "aws_security_group" "task_4" {
  name   = "task-4"
  vpc_id = aws_vpc.vpc_4.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_4" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_4.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_4 : s.id]
  security_group_ids  = [aws_security_group.endpoint_4.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_4" {
  vpc_id          = aws_vpc.vpc_4.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_4[*].id
}

resource "aws_vpc" "vpc_5" {
  cidr_block           = "10.5.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-5" }
}

resource "aws_subnet" "private_5" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_5.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_5.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_5" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_5.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_5.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_5" {
  vpc_id = aws_vpc.vpc_5.id
}

resource "aws_eip" "nat_5" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_5" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_5[count.index].id
  subnet_id     = aws_subnet.public_5[count.index].id
}

resource "aws_route_table" "public_5" {
  vpc_id = aws_vpc.vpc_5.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_5.id
  }
}

resource "aws_route_table" "private_5" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_5.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_5[count.index].id
  }
}

resource "aws_route_table_association" "public_5" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_5[count.index].id
  route_table_id = aws_route_table.public_5.id
}

resource "aws_route_table_association" "private_5" {
  for_each       = aws_subnet.private_5
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_5[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_5" {
  name   = "endpoint-5"
  vpc_id = aws_vpc.vpc_5.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_5.id]
  }
}

resource "aws_security_group" "task_5" {
  name   = "task-5"
  vpc_id = aws_vpc.vpc_5.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_5" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_5.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_5 : s.id]
  security_group_ids  = [aws_security_group.endpoint_5.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_5" {
  vpc_id          = aws_vpc.vpc_5.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_5[*].id
}

resource "aws_vpc" "vpc_6" {
  cidr_block           = "10.6.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-6" }
}

resource "aws_subnet" "private_6" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_6.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_6.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_6" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_6.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_6.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_6" {
  vpc_id = aws_vpc.vpc_6.id
}

resource "aws_eip" "nat_6" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_6" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_6[count.index].id
  subnet_id     = aws_subnet.public_6[count.index].id
}

resource "aws_route_table" "public_6" {
  vpc_id = aws_vpc.vpc_6.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_6.id
  }
}

resource "aws_route_table" "private_6" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_6.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_6[count.index].id
  }
}

resource "aws_route_table_association" "public_6" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_6[count.index].id
  route_table_id = aws_route_table.public_6.id
}

resource "aws_route_table_association" "private_6" {
  for_each       = aws_subnet.private_6
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_6[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_6" {
  name   = "endpoint-6"
  vpc_id = aws_vpc.vpc_6.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_6.id]
  }
}

resource "aws_security_group" "task_6" {
  name   = "task-6"
  vpc_id = aws_vpc.vpc_6.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_6" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_6.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_6 : s.id]
  security_group_ids  = [aws_security_group.endpoint_6.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_6" {
  vpc_id          = aws_vpc.vpc_6.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_6[*].id
}

resource "aws_vpc" "vpc_7" {
  cidr_block           = "10.7.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-7" }
}

resource "aws_subnet" "private_7" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_7.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_7.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_7" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_7.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_7.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_7" {
  vpc_id = aws_vpc.vpc_7.id
}

resource "aws_eip" "nat_7" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_7" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_7[count.index].id
  subnet_id     = aws_subnet.public_7[count.index].id
}

resource "aws_route_table" "public_7" {
  vpc_id = aws_vpc.vpc_7.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_7.id
  }
}

resource "aws_route_table" "private_7" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_7.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_7[count.index].id
  }
}

resource "aws_route_table_association" "public_7" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_7[count.index].id
  route_table_id = aws_route_table.public_7.id
}

resource "aws_route_table_association" "private_7" {
  for_each       = aws_subnet.private_7
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_7[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_7" {
  name   = "endpoint-7"
  vpc_id = aws_vpc.vpc_7.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_7.id]
  }
}

resource "aws_security_group" "task_7" {
  name   = "task-7"
  vpc_id = aws_vpc.vpc_7.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_7" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_7.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_7 : s.id]
  security_group_ids  = [aws_security_group.endpoint_7.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_7" {
  vpc_id          = aws_vpc.vpc_7.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_7[*].id
}

resource "aws_vpc" "vpc_8" {
  cidr_block           = "10.8.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-8" }
}

resource "aws_subnet" "private_8" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_8.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_8.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_8" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_8.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_8.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_8" {
  vpc_id = aws_vpc.vpc_8.id
}

resource "aws_eip" "nat_8" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_8" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_8[count.index].id
  subnet_id     = aws_subnet.public_8[count.index].id
}

resource "aws_route_table" "public_8" {
  vpc_id = aws_vpc.vpc_8.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_8.id
  }
}

resource "aws_route_table" "private_8" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_8.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_8[count.index].id
  }
}

resource "aws_route_table_association" "public_8" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_8[count.index].id
  route_table_id = aws_route_table.public_8.id
}

resource "aws_route_table_association" "private_8" {
  for_each       = aws_subnet.private_8
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_8[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_8" {
  name   = "endpoint-8"
  vpc_id = aws_vpc.vpc_8.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_8.id]
  }
}

resource "aws_security_group" "task_8" {
  name   = "task-8"
  vpc_id = aws_vpc.vpc_8.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_8" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_8.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_8 : s.id]
  security_group_ids  = [aws_security_group.endpoint_8.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_8" {
  vpc_id          = aws_vpc.vpc_8.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_8[*].id
}

resource "aws_vpc" "vpc_9" {
  cidr_block           = "10.9.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "vpc-9" }
}

resource "aws_subnet" "private_9" {
  for_each          = { for idx, az in local.azs : az => idx }
  vpc_id            = aws_vpc.vpc_9.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.vpc_9.cidr_block, 8, each.value)
}

resource "aws_subnet" "public_9" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.vpc_9.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.vpc_9.cidr_block, 8, count.index + 100)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw_9" {
  vpc_id = aws_vpc.vpc_9.id
}

resource "aws_eip" "nat_9" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "nat_9" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat_9[count.index].id
  subnet_id     = aws_subnet.public_9[count.index].id
}

resource "aws_route_table" "public_9" {
  vpc_id = aws_vpc.vpc_9.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw_9.id
  }
}

resource "aws_route_table" "private_9" {
  count  = length(local.azs)
  vpc_id = aws_vpc.vpc_9.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat_9[count.index].id
  }
}

resource "aws_route_table_association" "public_9" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public_9[count.index].id
  route_table_id = aws_route_table.public_9.id
}

resource "aws_route_table_association" "private_9" {
  for_each       = aws_subnet.private_9
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private_9[index(local.azs, each.key)].id
}

resource "aws_security_group" "endpoint_9" {
  name   = "endpoint-9"
  vpc_id = aws_vpc.vpc_9.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.task_9.id]
  }
}

resource "aws_security_group" "task_9" {
  name   = "task-9"
  vpc_id = aws_vpc.vpc_9.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "interface_9" {
  for_each            = local.services
  vpc_id              = aws_vpc.vpc_9.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.private_9 : s.id]
  security_group_ids  = [aws_security_group.endpoint_9.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3_9" {
  vpc_id          = aws_vpc.vpc_9.id
  service_name    = "com.amazonaws.${data.aws_region.current.name}.s3"
  route_table_ids = aws_route_table.private_9[*].id
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([{
    name  = "app"
    image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest"
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = [for s in aws_subnet.private_0 : s.id]
    security_groups = [aws_security_group.task_0.id]
  }
}
