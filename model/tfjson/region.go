package tfjson

import (
	"fmt"
	"regexp"
	"strings"

	hcjson "github.com/hashicorp/terraform-json"

	"github.com/vpctrace/vpctrace/model"
)

// planRegion returns the region of the root module's default aws provider
// configuration: a constant, or the value of the root variable it names.
func planRegion(p *hcjson.Plan) string {
	if p.Config == nil {
		return ""
	}
	var pc *hcjson.ProviderConfig
	for _, k := range sortedKeys(p.Config.ProviderConfigs) {
		c := p.Config.ProviderConfigs[k]
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
		if v := p.Variables[name]; ok && v != nil {
			if s, ok := v.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}

// regionFromARNs sets the region to the one every regional ARN names, or
// reports that there is no region.
func (d *reader) regionFromARNs(arns []string) {
	regions := map[string]bool{}
	var region string
	for _, a := range arns {
		if r := arnRegion(a); r != "" {
			region = r
			regions[r] = true
		}
	}
	if len(regions) != 1 {
		d.diags = append(d.diags, d.errorAt(0, CodeNoRegion, "no region: pass --region"))
		return
	}
	d.region = region
	d.diags = append(d.diags, model.Diagnostic{
		Severity: model.SeverityInfo,
		Code:     CodeRegionFromARNs,
		Message:  fmt.Sprintf("region %s taken from the resources' ARNs (the input does not say it; --region overrides)", region),
		Source:   model.Pos{File: d.file},
	})
}

// arnAccount returns the account every ARN with an account ID names, or
// "" when they do not agree or there is none.
func arnAccount(arns []string) string {
	var account string
	for _, a := range arns {
		parts := strings.SplitN(a, ":", 6)
		if len(parts) < 6 || !accountPattern.MatchString(parts[4]) {
			continue
		}
		if account != "" && parts[4] != account {
			return ""
		}
		account = parts[4]
	}
	return account
}

// accountPattern matches account IDs (not "aws", as in AWS-managed policy
// ARNs).
var accountPattern = regexp.MustCompile(`^[0-9]{12}$`)

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
