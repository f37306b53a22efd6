package tfjson

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	hcjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// planRegion returns the region of the root module's default aws provider
// configuration: a constant, or the value of the root variable it names.
func planRegion(f *decoded) string {
	if f.config == nil {
		return ""
	}
	var pc *hcjson.ProviderConfig
	for _, k := range sortedKeys(f.config.ProviderConfigs) {
		c := f.config.ProviderConfigs[k]
		if c != nil && c.Name == "aws" && c.Alias == "" && c.ModuleAddress == "" {
			pc = c
			break
		}
	}
	if pc == nil {
		return ""
	}
	e := pc.Expressions["region"]
	if e == nil || e.ExpressionData == nil {
		return ""
	}
	if s, ok := e.ConstantValue.(string); ok {
		return s
	}
	for _, ref := range e.References {
		name, ok := strings.CutPrefix(ref, "var.")
		if v := f.variables[name]; ok && v != nil {
			if s := v.Value.value(); s.Type() == cty.String && s.IsKnown() && !s.IsNull() {
				return s.AsString()
			}
		}
	}
	return ""
}

// regionFromValues sets the region to the one that every regional ARN,
// endpoint service name ("com.amazonaws.REGION.SERVICE") and Availability
// Zone name in the values names, or reports that there is none (or
// several).
func (d *reader) regionFromValues(values []string) {
	regions := valueRegions(values)
	if len(regions) != 1 {
		msg := "no region: pass --region"
		if len(regions) > 1 {
			msg = fmt.Sprintf("no region: the resources name regions %s; pass --region", strings.Join(regions, ", "))
		}
		d.diags = append(d.diags, d.errorAt(0, CodeNoRegion, "%s", msg))
		return
	}
	d.region = regions[0]
	d.diags = append(d.diags, model.Diagnostic{
		Severity: model.SeverityInfo,
		Code:     CodeRegionFromARNs,
		Message:  fmt.Sprintf("region %s taken from the resources' ARNs, service names and Availability Zones (the input does not say it; --region overrides)", d.region),
		Source:   model.Pos{File: d.file},
	})
}

// valueRegions returns, sorted, the regions that values name as regional
// ARNs, endpoint service names or Availability Zone names.
func valueRegions(values []string) []string {
	var regions []string
	for _, v := range values {
		if r := valueRegion(v); r != "" && !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	slices.Sort(regions)
	return regions
}

// valueRegion returns the region a value names: the region of an ARN,
// of an endpoint service name ("com.amazonaws.us-west-2.s3"), or of an
// Availability Zone or Local Zone name ("us-west-2a", "us-west-2-lax-1a");
// "" otherwise.
func valueRegion(s string) string {
	if r := arnRegion(s); r != "" {
		return r
	}
	if rest, ok := strings.CutPrefix(s, "com.amazonaws."); ok {
		if r, _, ok := strings.Cut(rest, "."); ok && regionPattern.MatchString(r) {
			return r
		}
		return ""
	}
	if m := zonePattern.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// zonePattern matches Availability Zone names ("ap-northeast-1a") and
// Local Zone names ("us-west-2-lax-1a"); the group is the region.
var zonePattern = regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-[0-9]+)(?:-[a-z]+-[0-9]+)?[a-z]$`)

// hasRegion reports whether s names a region (see valueRegion).
func hasRegion(s string) bool { return valueRegion(s) != "" }

// isARN reports whether s is an ARN: "arn:PARTITION:SERVICE:REGION:
// ACCOUNT:RESOURCE".
func isARN(s string) bool {
	parts := strings.SplitN(s, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && strings.HasPrefix(parts[1], "aws")
}

// arnRegion returns the region of an ARN ("arn:PARTITION:SERVICE:REGION:
// ACCOUNT:RESOURCE"), or "" when s is not an ARN or names no region.
func arnRegion(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if !isARN(s) || !regionPattern.MatchString(parts[3]) {
		return ""
	}
	return parts[3]
}

// regionPattern matches region names: "ap-northeast-1", "us-gov-west-1".
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// planProviderAccounts returns what the root module's aws provider
// configurations show of their account (aws-rules 6.1.6): constant
// allowed_account_ids and assume_role role_arn values, and those given by
// a root variable the plan knows.
func planProviderAccounts(f *decoded) []tfmap.ProviderAccount {
	if f.config == nil {
		return nil
	}
	var out []tfmap.ProviderAccount
	for _, k := range sortedKeys(f.config.ProviderConfigs) {
		c := f.config.ProviderConfigs[k]
		if c == nil || c.Name != "aws" || c.ModuleAddress != "" {
			continue
		}
		p := tfmap.ProviderAccount{Name: `provider "aws"`, Key: k}
		if c.Alias != "" {
			p.Name = fmt.Sprintf(`provider "aws" (alias %q)`, c.Alias)
		}
		if e := c.Expressions["allowed_account_ids"]; e != nil && e.ExpressionData != nil {
			p.Allowed = f.expressionStrings(e.ExpressionData)
		}
		if e := c.Expressions["assume_role"]; e != nil && e.ExpressionData != nil && len(e.NestedBlocks) == 1 {
			if r := e.NestedBlocks[0]["role_arn"]; r != nil && r.ExpressionData != nil {
				if arns := f.expressionStrings(r.ExpressionData); len(arns) == 1 {
					p.RoleARN = arns[0]
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// expressionStrings returns the strings of a configuration expression: its
// constant value (a string or a list of strings), or the value of the one
// root variable it names.
func (f *decoded) expressionStrings(e *hcjson.ExpressionData) []string {
	switch v := e.ConstantValue.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	// No constant (terraform-json then holds a marker of its own): the
	// root variable the expression names, when it names only that.
	if len(e.References) != 1 {
		return nil
	}
	name, ok := strings.CutPrefix(e.References[0], "var.")
	if vr := f.variables[name]; ok && vr != nil {
		return ctyStrings(vr.Value.value())
	}
	return nil
}

// ctyStrings returns a known string, or a known list or set of strings.
func ctyStrings(v cty.Value) []string {
	if !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	if !v.CanIterateElements() {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || e.Type() != cty.String {
			return nil
		}
		out = append(out, e.AsString())
	}
	return out
}

// workloadProviderKeys returns, sorted, the provider configuration keys of
// the plan's ECS services, task definitions and IAM roles, in every module
// (aws-rules 6.1.6).
func workloadProviderKeys(f *decoded) []string {
	if f.config == nil || f.config.RootModule == nil {
		return nil
	}
	var keys []string
	var walk func(m *hcjson.ConfigModule)
	walk = func(m *hcjson.ConfigModule) {
		for _, r := range m.Resources {
			switch r.Type {
			case "aws_ecs_service", "aws_ecs_task_definition", "aws_iam_role":
				if r.Mode == hcjson.ManagedResourceMode && r.ProviderConfigKey != "" && !slices.Contains(keys, r.ProviderConfigKey) {
					keys = append(keys, r.ProviderConfigKey)
				}
			}
		}
		for _, name := range sortedKeys(m.ModuleCalls) {
			if c := m.ModuleCalls[name]; c != nil && c.Module != nil {
				walk(c.Module)
			}
		}
	}
	walk(f.config.RootModule)
	slices.Sort(keys)
	return keys
}
