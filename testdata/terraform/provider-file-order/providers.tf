provider "aws" {
  region = "eu-north-1"
}
