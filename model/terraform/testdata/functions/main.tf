# Every value here is compared with what Terraform itself computes
# (expected.json holds `terraform show -json` of a real plan's input).

locals {
  azs    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  base   = { a = 1, b = 2 }
  nested = [["x", "y"], ["z"], []]
  policy = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:GetAuthorizationToken", "logs:PutLogEvents"]
      Resource  = "*"
    }]
  }
}

resource "terraform_data" "f" {
  input = {
    jsonencode   = jsonencode(local.policy)
    jsondecode   = jsondecode("{\"a\": [1, \"two\", true, null]}")
    merge        = merge(local.base, { b = 3, c = 4 })
    concat       = concat(local.azs, ["x"])
    format       = format("%s-%03d-%.2f-%q", "a", 7, 1.5, "q")
    formatlist   = formatlist("%s:%d", ["a", "b"], [1, 2])
    lookup       = lookup(local.base, "b", 0)
    lookup_def   = lookup(local.base, "z", 9)
    element      = element(local.azs, 4)
    length_list  = length(local.azs)
    length_str   = length("héllo")
    length_map   = length(local.base)
    keys         = keys({ z = 1, a = 2 })
    values       = values({ z = 1, a = 2 })
    toset        = toset(["b", "a", "b"])
    tolist       = tolist(toset(["b", "a"]))
    tomap        = tomap({ a = "1", b = "2" })
    tostring     = tostring(5)
    tonumber     = tonumber("42")
    tobool       = tobool("true")
    flatten      = flatten(local.nested)
    distinct     = distinct(["a", "b", "a", "c"])
    cidrsubnet   = cidrsubnet("10.0.0.0/16", 8, 2)
    cidrsubnets  = cidrsubnets("10.0.0.0/16", 4, 4, 8)
    cidrhost     = cidrhost("10.0.1.0/24", 5)
    cidrnetmask  = cidrnetmask("10.0.0.0/20")
    subnets      = { for i, az in local.azs : az => cidrsubnet("10.0.0.0/16", 8, i) }
    replace      = replace("a.b.c", ".", "-")
    replace_re   = replace("ecr.api", "/^(\\w+)\\.(\\w+)$/", "$2-$1")
    join         = join(",", local.azs)
    split        = split(",", "a,b,,c")
    coalesce     = coalesce("", null, "x")
    coalescelist = coalescelist([], ["y"])
    try_ok       = try(local.base.a, "fallback")
    try_fallback = try(local.base.missing, "fallback")
    can_ok       = can(regex("^vpc-", "vpc-123"))
    can_bad      = can(regex("^vpc-", "subnet-1"))
    file         = file("${path.module}/templates/plain.txt")
    templatefile = templatefile("${path.module}/templates/user_data.tftpl", { name = "web", ports = [80, 443] })
    template_obj = templatefile("${path.module}/templates/value.tftpl", { v = { k = "v" } })
    yamldecode   = yamldecode("a: 1\nb: [x, y]\n")
    yamlencode   = yamlencode({ a = 1, b = ["x"] })
    sum          = sum([1, 2, 3.5])
    one_empty    = one([])
    one          = one(["only"])
    alltrue      = alltrue([true, true])
    anytrue      = anytrue([false, true])
    startswith   = startswith("com.amazonaws.s3", "com.amazonaws")
    endswith     = endswith("x.tf", ".tf")
    strcontains  = strcontains("abc", "b")
    range        = range(1, 10, 3)
    zipmap       = zipmap(["a", "b"], [1, 2])
    setproduct   = setproduct(["a", "b"], [1, 2])
    transpose    = transpose({ a = ["1", "2"], b = ["2", "3"] })
    base64encode = base64encode("hello")
    base64decode = base64decode("aGVsbG8=")
    md5          = md5("hello")
    sha256       = sha256("hello")
    sha1         = sha1("hello")
    base64sha256 = base64sha256("hello")
    filemd5      = filemd5("${path.module}/templates/plain.txt")
    basename     = basename("/a/b/c.txt")
    dirname      = dirname("/a/b/c.txt")
    upper        = upper("abc")
    lower        = lower("ABC")
    title        = title("hello world")
    trimspace    = trimspace("  x  ")
    trimprefix   = trimprefix("arn:aws:x", "arn:")
    trimsuffix   = trimsuffix("x.json", ".json")
    trim         = trim("--x--", "-")
    substr       = substr("hello", 1, 3)
    regex        = regex("^arn:aws:([a-z]+):", "arn:aws:ecr:x")
    regexall     = regexall("[0-9]+", "a1b22c333")
    index        = index(local.azs, "eu-west-1b")
    contains     = contains(local.azs, "eu-west-1c")
    slice        = slice(local.azs, 1, 3)
    reverse      = reverse(local.azs)
    sort         = sort(["b", "a", "c"])
    compact      = compact(["a", "", "b"])
    chunklist    = chunklist(["a", "b", "c"], 2)
    min          = min(3, 1, 2)
    max          = max(3, 1, 2)
    abs          = abs(-3)
    ceil         = ceil(1.2)
    floor        = floor(1.8)
    pow          = pow(2, 10)
    parseint     = parseint("ff", 16)
    signum       = signum(-5)
    log          = log(8, 2)
    matchkeys    = matchkeys(["i-1", "i-2", "i-3"], ["a", "b", "a"], ["a"])
    setunion     = setunion(["a"], ["b"])
    setsubtract  = setsubtract(["a", "b"], ["a"])
    setintersect = setintersection(["a", "b"], ["b", "c"])
    contains_set = contains(toset(["a"]), "a")
    urlencode    = urlencode("a b&c")
    indent       = indent(2, "a\nb")
    chomp        = chomp("x\n")
    strrev       = strrev("abc")
    formatdate   = formatdate("YYYY-MM-DD", "2024-05-06T07:08:09Z")
    timeadd      = timeadd("2024-01-01T00:00:00Z", "36h")
    uuidv5       = uuidv5("dns", "example.com")
    conditional  = length(local.azs) > 2 ? "many" : "few"
    splat        = [for s in [{ id = "a" }, { id = "b" }] : s.id]
    splat2       = [{ id = "a" }, { id = "b" }][*].id
    heredoc      = <<-EOT
      line ${local.base.a}
      %{for az in local.azs~}
      ${az}
      %{endfor~}
    EOT
    nonsensitive = nonsensitive(sensitive("s"))
    csvdecode    = csvdecode("a,b\n1,2\n")
    abspath_rel  = startswith(abspath("."), "/")
    fileexists   = fileexists("${path.module}/templates/plain.txt")
    fileset      = fileset(path.module, "templates/*.txt")
    path_module  = path.module
    path_root    = path.root
    workspace    = terraform.workspace
  }
}
