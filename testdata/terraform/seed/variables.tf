variable "project" {
  description = "Project name, the first part of every Name tag."
  type        = string
  default     = "vpce"
}

variable "env" {
  description = "Environment name, the second part of every Name tag."
  type        = string
  default     = "verify"
}

# The article reads var.subnets.private.a.cidr_block.
variable "subnets" {
  description = "Subnet CIDRs by tier and AZ letter."
  type = object({
    private = object({
      a = object({
        cidr_block = string
      })
    })
  })
  default = {
    private = {
      a = {
        cidr_block = "10.0.1.0/24"
      }
    }
  }
}

# The article's experiment (aws-rules 3.2.5): false turns private DNS off on the
# secretsmanager endpoint only.
variable "secretsmanager_private_dns" {
  description = "private_dns_enabled of the secretsmanager interface endpoint."
  type        = bool
  default     = true
}

variable "account_id" {
  description = "AWS account ID (the article hides its own)."
  type        = string
  default     = "123456789012"
}
