locals {
  infra_fullname = "${var.project}-${var.env}"

  common_tags = {
    Project   = var.project
    Env       = var.env
    ManagedBy = "terraform"
  }
}

# The article builds the AZ name and the endpoint service names from the
# provider's region. No API call: it works offline.
data "aws_region" "current" {}
