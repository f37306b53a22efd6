# Functions given values known only after apply (aws_instance.x's
# attributes): each returns an unknown value, or a known one where
# Terraform knows it, never an error. expected.json is what a real
# terraform plan gave (known values, and "<unknown>" where the plan says
# known after apply).

provider "aws" {
  region = "eu-west-1"
}

resource "aws_instance" "x" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

locals {
  id   = aws_instance.x.private_dns
  n    = aws_instance.x.cpu_threads_per_core
  part = { a = 1, b = aws_instance.x.private_dns }
  objs = {
    web = { port = 80, host = aws_instance.x.private_ip }
    api = { port = 443, host = aws_instance.x.private_ip }
  }
}

resource "terraform_data" "f" {
  input = {
    lookup_known_key   = lookup(local.part, "a", 0)
    lookup_unknown_key = lookup(local.part, "b", "none")
    lookup_default     = lookup(local.part, "c", "none")
    min                = min(1, local.n)
    max                = max(local.n, 3)
    coalesce           = coalesce(local.id, "x")
    coalesce_null      = coalesce(null, local.id)
    coalescelist       = coalescelist([], [local.id])
    try_unknown        = try(local.id, "fallback")
    try_missing        = try(local.objs.db.port, 5432)
    try_partial        = try(local.objs, {})
    try_partial_index  = try(local.objs["web"], {})
    try_partial_call   = try(merge(local.objs, {}), {})
    can                = can(local.objs.web.host)
    length_map         = length(local.objs)
    keys               = keys(local.objs)
    values_ports       = [for v in values(local.objs) : v.port]
    for_map            = { for k, v in local.objs : k => v.port }
    merge              = merge(local.part, { c = 3 })
    element            = element([local.id, "b"], 1)
    contains           = contains(["a", local.id], "a")
    format             = format("%s:%d", local.id, 80)
    join               = join(",", ["a", local.id])
    split              = split(",", local.id)
    cidrsubnet         = cidrsubnet("10.0.0.0/16", 8, local.n)
    tostring           = tostring(local.id)
    compact            = compact(["a", local.id, ""])
    conditional        = local.n > 1 ? "many" : "one"
    one                = one([local.id])
    flatten            = flatten([[local.id], ["b"]])
  }
}
