variable "name" {
  type = string
}

# Roles that may pull; the service module's execution role.
variable "pull_role_arns" {
  type = list(string)
}

resource "aws_ecr_repository" "this" {
  name = var.name
}

data "aws_iam_policy_document" "pull" {
  statement {
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

    principals {
      type        = "AWS"
      identifiers = var.pull_role_arns
    }
  }
}

resource "aws_ecr_repository_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy     = data.aws_iam_policy_document.pull.json
}

output "repository_url" {
  value = aws_ecr_repository.this.repository_url
}
