# The seed article's experiment as a variable file (terraform plan
# -var-file=secretsmanager-private-dns-off.tfvars): private DNS off on the
# secretsmanager endpoint only. The task stops with the article's
# ResourceInitializationError (aws-rules 3.2.5, 4.2.4, 7.3.3).
secretsmanager_private_dns = false
