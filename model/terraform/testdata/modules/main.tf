provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
  azs    = ["us-east-1a", "us-east-1b"]
}

module "endpoint" {
  source   = "./modules/endpoint"
  for_each = toset(["ecr.api", "logs"])
  vpc_id   = module.net.vpc_id
  subnets  = module.net.private_subnet_ids
  service  = each.key
}

module "west" {
  source    = "./modules/net"
  count     = 1
  cidr      = "10.${count.index + 1}.0.0/16"
  azs       = ["us-west-2a"]
  providers = { aws = aws.west }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  name    = "registry"
}

resource "aws_security_group" "app" {
  vpc_id = module.net.vpc_id
  egress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [for m in module.endpoint : m.security_group_id]
  }
}

output "endpoint_ids" {
  value = { for k, m in module.endpoint : k => m.id }
}
