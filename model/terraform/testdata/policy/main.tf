# expected.json holds the outputs of a real terraform plan of this file
# (hashicorp/aws 5.100.0).

data "aws_iam_policy_document" "p" {
  statement {
    sid = "A"
    actions = ["s3:GetObject", "ecr:BatchGetImage", "s3:PutObject"]
    resources = ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"]
    principals {
      type = "AWS"
      identifiers = ["*"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:SourceVpc"
      values = ["vpc-1"]
    }
    condition {
      test = "StringEquals"
      variable = "aws:PrincipalAccount"
      values = ["1", "2"]
    }
  }
  statement {
    effect = "Deny"
    not_actions = ["iam:*"]
    not_resources = ["*"]
    principals {
      type = "Service"
      identifiers = ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"]
    }
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::1:root"]
    }
    not_principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::2:root", "arn:aws:iam::3:root"]
    }
  }
  statement {
    actions = ["*"]
    resources = ["*"]
  }
  statement {
    actions = ["s3:*"]
    principals {
      type = "*"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "q" {
  policy_id = "X"
  version = "2008-10-17"
  source_policy_documents = [data.aws_iam_policy_document.p.json]
  statement {
    sid = "A"
    actions = ["sts:AssumeRole"]
  }
}
data "aws_iam_policy_document" "e" {
}
output "p" { value = data.aws_iam_policy_document.p.json }
output "pm" { value = data.aws_iam_policy_document.p.minified_json }
output "pid" { value = data.aws_iam_policy_document.p.id }
output "q" { value = data.aws_iam_policy_document.q.json }
output "e" { value = data.aws_iam_policy_document.e.json }

data "aws_iam_policy_document" "o" {
  statement {
    sid       = "Home"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::bucket/home/&{aws:username}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/", "", "home/&{aws:username}/"]
    }
  }
  override_policy_documents = [jsonencode({
    Statement = [{
      Sid       = "DenyInsecure"
      Effect    = "Deny"
      Action    = "s3:*"
      Principal = { AWS = ["arn:aws:iam::2:root", "arn:aws:iam::1:root"] }
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })]
}

output "o" { value = data.aws_iam_policy_document.o.json }

locals {
  grants = {
    Pull = { actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], principals = ["arn:aws:iam::1:root"] }
    Logs = { actions = ["logs:CreateLogStream", "logs:PutLogEvents"], principals = [] }
  }
}

data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = local.grants
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = ["*"]
      dynamic "principals" {
        for_each = length(statement.value.principals) > 0 ? [statement.value.principals] : []
        iterator = p
        content {
          type        = "AWS"
          identifiers = p.value
        }
      }
    }
  }
}

output "d" { value = data.aws_iam_policy_document.d.json }
