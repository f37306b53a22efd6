variable "name" {
  type = string
}

# A policy document from the caller; it may name this bucket's ARN.
variable "policy" {
  type    = string
  default = null
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

data "aws_iam_policy_document" "combined" {
  source_policy_documents = var.policy == null ? [] : [var.policy]

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.combined.json
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
