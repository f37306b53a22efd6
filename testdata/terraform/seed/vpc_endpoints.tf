# The article's six endpoints, as written. One change: secretsmanager's
# private_dns_enabled reads var.secretsmanager_private_dns (default true, as
# in the article) so that the article's experiment -- private DNS off on
# that endpoint -- is a variable away.
#
# The s3 gateway endpoint serves the ECR image layers (aws-rules 1.2.2, 4.3.1);
# the interface endpoints need private DNS so that the services' default
# names resolve to their ENIs (3.2.1, 3.2.3; the provider defaults
# private_dns_enabled to false).

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [ aws_route_table.private-a.id ]
}

resource "aws_vpc_endpoint" "ecr-dkr" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.ecr.dkr"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [ aws_subnet.private-a.id ]
  security_group_ids  = [ aws_security_group.vpc-endpoint.id ]
}

resource "aws_vpc_endpoint" "ecr-api" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.ecr.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [ aws_subnet.private-a.id ]
  security_group_ids  = [ aws_security_group.vpc-endpoint.id ]
}

resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.secretsmanager"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = var.secretsmanager_private_dns
  subnet_ids          = [ aws_subnet.private-a.id ]
  security_group_ids  = [ aws_security_group.vpc-endpoint.id ]
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [ aws_subnet.private-a.id ]
  security_group_ids  = [ aws_security_group.vpc-endpoint.id ]
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [ aws_subnet.private-a.id ]
  security_group_ids  = [ aws_security_group.vpc-endpoint.id ]
}
