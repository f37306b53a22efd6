package main

import (
	"flag"
	"fmt"
	"regexp"
)

// inputFlagsUsage documents the flags that say how to read a Terraform
// input, for the usage of trace, diagram and tui.
const inputFlagsUsage = `  --var NAME=VALUE  Terraform: set a root variable (repeatable); TF_VAR_NAME
                    environment variables are read too, with Terraform's precedence
  --var-file FILE   Terraform: read variables from a .tfvars file (repeatable)
  --region REGION   the region, overriding the aws provider's: its region argument,
                    else AWS_REGION, else AWS_DEFAULT_REGION (a plan or state: the
                    region its configuration or ARNs give)
  --account ID      the 12-digit account ID (default 123456789012)
`

// addInputFlags registers the flags of inputFlagsUsage.
func (o *traceOptions) addInputFlags(fs *flag.FlagSet) {
	fs.Var(&o.vars, "var", "a Terraform variable, NAME=VALUE")
	fs.Var(&o.varFiles, "var-file", "a Terraform .tfvars file")
	fs.StringVar(&o.region, "region", "", "the region, overriding the aws provider's")
	fs.StringVar(&o.account, "account", "", "the 12-digit account ID")
}

// Well-formed region names (us-east-1, ap-northeast-1, us-gov-west-1,
// us-iso-east-1) and account IDs.
var (
	regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
)

// checkInputFlags rejects a malformed --region or --account.
func (o traceOptions) checkInputFlags() error {
	if o.region != "" && !regionName.MatchString(o.region) {
		return fmt.Errorf("--region %q is not a region name (like us-east-1 or ap-northeast-1)", o.region)
	}
	if o.account != "" && !accountID.MatchString(o.account) {
		return fmt.Errorf("--account %q is not an AWS account ID (12 digits)", o.account)
	}
	return nil
}
