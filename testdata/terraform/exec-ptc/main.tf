# ECS Exec with a customer KMS key and session logging, and an image pulled
# through an ECR pull through cache rule (aws-rules 1.2.11 to 1.2.16, 1.7.2
# to 1.7.8).
#
# One Fargate service in a private subnet whose default route leads to a NAT
# gateway, with interface endpoints for ecr.api, ecr.dkr, logs and
# ssmmessages and the S3 gateway endpoint, and no kms endpoint:
#
#   ecr-auth, ecr-image  the ECR interface endpoints; the image is
#                        ACCOUNT.dkr.ecr.../docker-hub/library/nginx, under
#                        the prefix of aws_ecr_pull_through_cache_rule.docker_hub
#   ecr-layers           the S3 gateway endpoint
#   ptc-upstream         registry-1.docker.io through the NAT gateway: read
#                        with this root alone the cache is unknown; read from
#                        the plan, which creates the rule, it is cold (1.2.14)
#   logs                 the logs endpoint
#   exec                 the ssmmessages endpoint (runtime)
#   exec-kms             kms.ap-northeast-1 through the NAT gateway: no kms
#                        endpoint (runtime, 1.7.4)
#   exec-logs            the logs endpoint, to the OVERRIDE group (1.7.5)
#   exec-s3              the S3 gateway endpoint, the bucket and its objects
#                        under exec/ (1.7.6)

terraform {
  required_version = ">= 1.3"

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

variable "account_id" {
  description = "The account that owns the registry (no aws_caller_identity: the root plans offline)."
  type        = string
  default     = "123456789012"
}

locals {
  region = "ap-northeast-1"
  ecr    = "${var.account_id}.dkr.ecr.${local.region}.amazonaws.com"
}
