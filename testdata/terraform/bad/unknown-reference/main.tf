# Bad input: a reference to a resource that is not declared (aws_vpc.mian,
# a typo for aws_vpc.main).
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.mian.id
  cidr_block = "10.0.1.0/24"
}
