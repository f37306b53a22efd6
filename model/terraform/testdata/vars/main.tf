variable "only_default" {
  default = "default"
}

variable "from_tfvars" {
  default = "default"
}

variable "from_auto" {
  default = "default"
}

variable "from_file" {
  default = "default"
}

variable "from_var" {
  default = "default"
}

variable "from_env" {
  default = "default"
}

variable "env_list" {
  type    = list(string)
  default = []
}

variable "ports" {
  type    = list(number)
  default = []
}

variable "size" {
  type    = number
  default = 1
}

variable "cfg" {
  type = object({
    name = string
    size = optional(number, 2)
    tags = optional(map(string), {})
  })
}

variable "not_null" {
  type     = string
  default  = "fallback"
  nullable = false
}

variable "untyped" {
  default = null
}

# The bare type keywords of Terraform 0.11, which Terraform still accepts:
# list(any) and map(any).
variable "legacy_list" {
  type    = list
  default = ["a", "b"]
}

variable "legacy_map" {
  type    = map
  default = { k = "v" }
}

resource "terraform_data" "vars" {
  input = {
    only_default = var.only_default
    from_tfvars  = var.from_tfvars
    from_auto    = var.from_auto
    from_file    = var.from_file
    from_var     = var.from_var
    from_env     = var.from_env
    env_list     = var.env_list
    ports        = var.ports
    size         = var.size
    cfg          = var.cfg
    not_null     = var.not_null
    untyped      = var.untyped
    legacy_list  = var.legacy_list
    legacy_map   = var.legacy_map
  }
}
