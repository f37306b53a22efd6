package tfmap

import (
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
)

// ProviderAccount is what an aws provider configuration shows of the
// account it works in (aws-rules 6.1.6).
type ProviderAccount struct {
	Name string // the configuration, e.g. `provider "aws"` or `provider "aws" (alias "west")`
	// Key is the configuration's key in a plan ("aws", "aws.west"), which
	// resources name as their provider_config_key; "" when not known.
	Key string
	// Allowed is allowed_account_ids, as far as it is known.
	Allowed []string
	// RoleARN is assume_role's role_arn, when known.
	RoleARN string
}

// account returns the account the configuration shows, and how: a single
// allowed_account_ids entry, else the account of the assumed role.
func (p ProviderAccount) account() (string, string) {
	if len(p.Allowed) == 1 && model.IsAccountID(p.Allowed[0]) {
		return p.Allowed[0], "allowed_account_ids of " + p.Name
	}
	if a := model.ARNAccount(p.RoleARN); a != "" {
		return a, "assume_role.role_arn of " + p.Name
	}
	return "", ""
}

// AccountEvidence is what a Terraform input shows of the caller's account.
type AccountEvidence struct {
	// Flag is --account.
	Flag string
	// Identities are data.aws_caller_identity instances that Terraform
	// read (a plan's data sources), not ones emulated offline.
	Identities []Resource
	// Providers are the aws provider configurations of the root module.
	Providers []ProviderAccount
	// WorkloadProviders are the keys of the provider configurations that
	// the ECS services, task definitions and IAM roles use (a plan's
	// provider_config_key); nil when not known.
	WorkloadProviders []string
	// Resources are the instances whose ARNs and ECR image URIs may show
	// the account.
	Resources []Resource
	// Placeholder is an account ID that stands for no account in
	// Resources (the one the offline emulation wrote); it is ignored.
	Placeholder string
}

// Resolve returns the caller's account and where the input shows it, in
// the order of aws-rules 6.1.6: --account; a caller identity Terraform
// read; the one account the provider configurations show (none when they
// show different ones: vpctrace does not guess which resource uses which);
// the account every literal ARN and ECR registry host in the resources
// names (none when they disagree). It returns "" when nothing shows it.
func (e AccountEvidence) Resolve() (account, from string) {
	if e.Flag != "" {
		return e.Flag, "--account"
	}
	for _, r := range e.Identities {
		if a, ok := str(attr(r.Values, "account_id")); ok == known && model.IsAccountID(a) {
			return a, r.Address
		}
	}
	var shown, how []string
	for _, p := range e.Providers {
		if a, h := p.account(); a != "" {
			shown, how = append(shown, a), append(how, h)
		}
	}
	if len(shown) > 0 {
		if slices.ContainsFunc(shown, func(a string) bool { return a != shown[0] }) {
			return e.workloadProviderAccount()
		}
		return shown[0], how[0]
	}
	if a := e.literalAccount(); a != "" {
		return a, "the ARNs in the input, which all name it"
	}
	return "", ""
}

// workloadProviderAccount returns, when the provider configurations show
// different accounts, the one account of the configurations the workloads
// use (a plan names each resource's configuration), or "" when they use
// several, or one that shows none: vpctrace does not guess (aws-rules
// 6.1.6, 10.38).
func (e AccountEvidence) workloadProviderAccount() (string, string) {
	account, from := "", ""
	for _, key := range e.WorkloadProviders {
		i := slices.IndexFunc(e.Providers, func(p ProviderAccount) bool { return p.Key == key })
		if i < 0 {
			return "", ""
		}
		a, h := e.Providers[i].account()
		if a == "" || account != "" && a != account {
			return "", ""
		}
		account, from = a, h+", the configuration of the ECS resources and roles"
	}
	return account, from
}

// literalAccount returns the account every ARN and ECR registry host in
// the resources' values names, or "" when there is none or they disagree.
func (e AccountEvidence) literalAccount() string {
	found := ""
	agree := true
	for _, r := range e.Resources {
		walkStrings(r.Values, func(s string) {
			a := model.ARNAccount(s)
			if a == "" {
				a = model.RegistryAccount(s)
			}
			switch {
			case a == "" || a == e.Placeholder:
			case found == "":
				found = a
			case a != found:
				agree = false
			}
		})
	}
	if !agree {
		return ""
	}
	return found
}

// walkStrings calls f for every known string in v.
func walkStrings(v cty.Value, f func(string)) {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		f(v.AsString())
	case ty.IsObjectType() || ty.IsMapType() || ty.IsTupleType() || ty.IsListType() || ty.IsSetType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			walkStrings(e, f)
		}
	}
}
