# The seed article's verification environment, rebuilt as a complete root
# module: "ECS FargateでVPCエンドポイントを使用する"
# (shared/seeds/000_729dd853514e59f4.txt). vpctrace's built-in example,
# example/seed.yaml, describes the same network as a YAML scenario, and the
# two must give the same verdicts (model/terraform/roots_test.go).
#
# A Fargate service (platform 1.4.0) runs in one private subnet that has
# neither an internet gateway nor a NAT gateway. Every call ECS makes for its
# task therefore has to go through a VPC endpoint (aws-rules 2.2, 4.2.4):
#
#   ecr-auth    api.ecr...           -> ecr.api interface endpoint
#   ecr-image   ACCOUNT.dkr.ecr...   -> ecr.dkr interface endpoint
#   ecr-layers  prod-...-starport... -> s3 gateway endpoint (aws-rules 1.2.2, 4.3)
#   logs        logs...              -> logs interface endpoint (1.3.1)
#   secret      secretsmanager...    -> secretsmanager interface endpoint (1.4.1)
#   parameter   ssm...               -> ssm interface endpoint (1.4.1)
#
# Files:
#   subnet.tf         the article's subnet, route table and association, as written
#   vpc_endpoints.tf  the article's six endpoints, as written (one attribute
#                     made a variable for the article's experiment, see there)
#   variables.tf, locals.tf, vpc.tf, security_groups.tf, ecs.tf
#                     what the article's code refers to but does not show
#
# The article's experiment: with private DNS off on the secretsmanager
# endpoint the task stops with ResourceInitializationError. Reproduce it with
#
#   terraform plan -var secretsmanager_private_dns=false
#
# (vpctrace: Options.Vars "secretsmanager_private_dns=false"): the secret's
# name then resolves to the public address (aws-rules 3.2.5), the subnet has no
# route there (4.2.4: NO_ROUTE) and ECS reports 7.3.3.

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
