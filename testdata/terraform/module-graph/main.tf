# Modules that reference each other in both directions, which Terraform
# accepts because module variables, module outputs, locals and resources
# are separate nodes of its graph (no module is one node):
#
#   * a three-module chain: module.subnets depends on module.vpc,
#     module.endpoints on module.subnets, and module.vpc on an output of
#     module.endpoints (common_tags) that does not depend on module.vpc;
#   * module.ecr takes the execution role ARN that module.service
#     outputs, and module.service takes the repository URL that
#     module.ecr outputs;
#   * module.env_bucket takes a bucket policy that the root builds from
#     the bucket's own ARN (module.env_bucket.arn), and also adds a
#     statement of its own on aws_s3_bucket.this.arn inside the module.
#
# The network: private subnets with no internet path, interface
# endpoints with private DNS for ecr.api, ecr.dkr and logs, and the S3
# gateway endpoint on the subnets' route table.
#
#   orders  every call through an endpoint: the image from ECR (aws-rules
#           1.2.2, 3.2.2), its layers and the environment file from S3
#           through the gateway endpoint's prefix-list route (1.5.2, 4.3.1),
#           logs through the logs endpoint (1.3.1).

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

module "vpc" {
  source = "./modules/vpc"

  cidr = "10.70.0.0/16"
  tags = module.endpoints.common_tags
}

module "subnets" {
  source = "./modules/subnets"

  vpc_id = module.vpc.vpc_id
  cidr   = module.vpc.cidr
  azs    = ["ap-northeast-1a", "ap-northeast-1c"]
}

module "endpoints" {
  source = "./modules/endpoints"

  project         = "orders"
  vpc_id          = module.vpc.vpc_id
  vpc_cidr        = module.vpc.cidr
  subnet_ids      = module.subnets.ids
  route_table_ids = [module.subnets.route_table_id]
}

module "ecr" {
  source = "./modules/ecr"

  name           = "orders"
  pull_role_arns = [module.service.execution_role_arn]
}

data "aws_iam_policy_document" "env_bucket" {
  statement {
    sid       = "TaskReadsEnvFiles"
    actions   = ["s3:GetObject"]
    resources = ["${module.env_bucket.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [module.service.execution_role_arn]
    }
  }
}

module "env_bucket" {
  source = "./modules/bucket"

  name   = "orders-env-files-123456789012"
  policy = data.aws_iam_policy_document.env_bucket.json
}

resource "aws_ecs_cluster" "main" {
  name = "orders"
}

resource "aws_security_group" "tasks" {
  name   = "orders-tasks"
  vpc_id = module.vpc.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "service" {
  source = "./modules/service"

  name            = "orders"
  cluster_id      = aws_ecs_cluster.main.id
  image           = "${module.ecr.repository_url}:2024.06"
  env_file_arn    = "${module.env_bucket.arn}/orders.env"
  subnet_ids      = module.subnets.ids
  security_groups = [aws_security_group.tasks.id]
}
