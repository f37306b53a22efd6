package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// dataSources are the data sources the evaluator answers offline.
var dataSources = map[string]func(*synth){
	"aws_region":                  dataRegion,
	"aws_caller_identity":         dataCallerIdentity,
	"aws_partition":               dataPartition,
	"aws_availability_zones":      dataAvailabilityZones,
	"aws_availability_zone":       dataAvailabilityZone,
	"aws_ec2_managed_prefix_list": dataPrefixList,
	"aws_prefix_list":             dataPrefixList,
	"aws_vpc_endpoint_service":    dataEndpointService,
	"aws_iam_policy_document":     dataPolicyDocument,
	"aws_arn":                     dataARN,
}

// dataSource adds the attributes of a data source instance. modelled is
// false for a data source the evaluator cannot answer: it is reported and
// its unset attributes stay unknown.
func (ev *evaluator) dataSource(n *node, addr string, obj cty.Value, region string) (cty.Value, bool) {
	if lk, ok := lookups[n.typ]; ok && obj.Type().IsObjectType() {
		s := ev.newSynth(addr, obj, region)
		if why, ok := ev.answerLookup(lk, s); !ok {
			ev.noteLookup(n, fmt.Sprintf("%s is not answered from the root's resources (%s): vpctrace does not read AWS, so its attributes are unknown", addr, why))
			return obj, false
		}
		ev.noteLookup(n, addr+" is "+s.note)
		return cty.ObjectVal(s.vals), true
	}
	if n.typ == "template_file" {
		return ev.templateFile(n, addr, obj)
	}
	f, ok := dataSources[n.typ]
	if !ok || !obj.Type().IsObjectType() {
		ev.diags.add(model.SeverityInfo, codeDataNotModelled, n.decl, fmt.Sprintf(
			"data source %s is not modelled: vpctrace does not read existing infrastructure, so its attributes are unknown", n.typ))
		return obj, false
	}
	s := ev.newSynth(addr, obj, region)
	f(s)
	if s.err != "" {
		ev.diags.add(model.SeverityError, codeInvalidValue, n.decl, fmt.Sprintf("%s: %s", addr, s.err))
	}
	if s.note != "" {
		ev.diags.add(model.SeverityInfo, codeDataNotModelled, n.decl, fmt.Sprintf("%s: %s; its attributes are unknown", addr, s.note))
	}
	return cty.ObjectVal(s.vals), true
}

func dataRegion(s *synth) {
	region := s.regionVal()
	for _, a := range []string{"region", "name"} {
		if s.configured(a) {
			region = s.stringValue(a)
		}
	}
	s.set("name", region)
	s.set("region", region)
	s.set("id", region)
	s.set("endpoint", join("ec2.", region, ".amazonaws.com"))
}

func dataCallerIdentity(s *synth) {
	acct := s.ev.account
	s.setString("account_id", acct)
	s.setString("id", acct)
	s.setString("arn", "arn:aws:iam::"+acct+":user/vpctrace")
	s.setString("user_id", "AIDA"+alphabetHash(acct, 17, upperAlnum))
}

func dataPartition(s *synth) {
	s.setString("partition", "aws")
	s.setString("id", "aws")
	s.setString("dns_suffix", "amazonaws.com")
	s.setString("reverse_dns_prefix", "com.amazonaws")
}

// dataAvailabilityZones lists three zones (a, b, c; a, c, d in
// ap-northeast-1) less exclude_names and exclude_zone_ids.
func dataAvailabilityZones(s *synth) {
	if s.region == "" {
		for _, a := range []string{"names", "zone_ids", "group_names"} {
			s.set(a, cty.UnknownVal(cty.List(cty.String)))
		}
		s.set("id", cty.UnknownVal(cty.String))
		return
	}
	excludeNames, _ := s.stringList("exclude_names")
	excludeIDs, _ := s.stringList("exclude_zone_ids")
	var names, ids []string
	for _, az := range azNames(s.region) {
		id := azID(s.region, az)
		if slices.Contains(excludeNames, az) || slices.Contains(excludeIDs, id) {
			continue
		}
		names = append(names, az)
		ids = append(ids, id)
	}
	s.set("names", stringsVal(names))
	s.set("zone_ids", stringsVal(ids))
	s.set("group_names", stringsVal([]string{s.region}))
	s.setString("id", s.region)
}

func dataAvailabilityZone(s *synth) {
	name := s.str("name")
	if name == "" && s.region != "" {
		for _, az := range azNames(s.region) {
			if id := s.str("zone_id"); id != "" && azID(s.region, az) == id {
				name = az
			}
		}
	}
	if name == "" || s.region == "" {
		s.set("name", cty.UnknownVal(cty.String))
		s.set("zone_id", cty.UnknownVal(cty.String))
		return
	}
	s.setString("name", name)
	s.setString("zone_id", azID(s.region, name))
	s.setString("region", s.region)
	s.setString("name_suffix", strings.TrimPrefix(name, s.region))
	s.setString("id", name)
}

// dataPrefixList answers AWS-managed prefix lists by name (the name
// argument, or a filter on "prefix-list-name").
func dataPrefixList(s *synth) {
	name := s.str("name")
	for _, f := range elements(s.get("filter")) {
		if name == "" && knownString(attrOf(f, "name")) == "prefix-list-name" {
			if vals := elements(attrOf(f, "values")); len(vals) == 1 {
				name = knownString(vals[0])
			}
		}
	}
	if !strings.HasPrefix(name, "com.amazonaws.") {
		s.note = "only AWS-managed prefix lists (com.amazonaws.REGION.SERVICE), found by name or a prefix-list-name filter, are modelled"
		for _, a := range []string{"id", "name", "arn"} {
			s.set(a, cty.UnknownVal(cty.String))
		}
		return
	}
	id := managedPrefixListID(name)
	s.setString("id", id)
	s.setString("name", name)
	s.set("arn", join("arn:aws:ec2:", cty.StringVal(serviceRegion(name)), ":aws:prefix-list/"+id))
	s.setString("owner_id", "AWS")
	s.setString("address_family", "IPv4")
}

// dataEndpointService answers an AWS service by service or service_name.
func dataEndpointService(s *synth) {
	name := s.str("service_name")
	if name == "" {
		svc := s.str("service")
		if svc == "" || s.region == "" {
			s.set("service_name", cty.UnknownVal(cty.String))
			s.set("id", cty.UnknownVal(cty.String))
			return
		}
		name = "com.amazonaws." + s.region + "." + svc
	}
	region := serviceRegion(name)
	short := serviceShortName(name, region)
	typ := s.str("service_type")
	if typ == "" {
		typ = "Interface"
		if short == "s3" || short == "dynamodb" {
			typ = "Gateway"
		}
	}
	s.setString("service_name", name)
	s.setString("service_type", typ)
	id := "vpce-svc-" + hexHash(name+"#"+typ, 17)
	s.setString("id", id)
	s.setString("service_id", id)
	s.setString("owner", "amazon")
	s.set("acceptance_required", cty.False)
	s.set("manages_vpc_endpoints", cty.False)
	s.set("vpc_endpoint_policy_supported", cty.True)
	s.set("availability_zones", stringsVal(azNames(region)))
	s.set("base_endpoint_dns_names", stringsVal([]string{short + "." + region + ".vpce.amazonaws.com"}))
	if typ == "Interface" {
		s.setString("private_dns_name", privateDNSName(short, region))
		s.set("private_dns_names", stringsVal([]string{privateDNSName(short, region)}))
	}
}

func dataPolicyDocument(s *synth) {
	obj := cty.ObjectVal(s.vals)
	if !obj.IsWhollyKnown() {
		for _, a := range []string{"json", "minified_json", "id"} {
			s.set(a, cty.UnknownVal(cty.String))
		}
		return
	}
	doc, err := policyDocument(obj)
	if err != nil {
		s.err = err.Error()
		for _, a := range []string{"json", "minified_json", "id"} {
			s.set(a, cty.UnknownVal(cty.String))
		}
		return
	}
	s.setString("json", doc.json)
	s.setString("minified_json", doc.minified)
	s.setString("id", doc.id)
}

// dataARN splits an ARN into its parts, as data "aws_arn" does.
func dataARN(s *synth) {
	v := s.stringValue("arn")
	if !v.IsKnown() || v.IsNull() {
		for _, a := range []string{"partition", "service", "region", "account", "resource", "id"} {
			s.set(a, cty.UnknownVal(cty.String))
		}
		return
	}
	parts := strings.SplitN(v.AsString(), ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		s.err = fmt.Sprintf("%q is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)", v.AsString())
		return
	}
	for i, a := range []string{"partition", "service", "region", "account", "resource"} {
		s.setString(a, parts[i+1])
	}
	s.set("id", v)
}

// templateFile renders data "template_file" (the template provider) as
// templatefile renders a file: the template with vars.
func (ev *evaluator) templateFile(n *node, addr string, obj cty.Value) (cty.Value, bool) {
	s := ev.newSynth(addr, obj, "")
	tmpl, vars := s.stringValue("template"), s.get("vars")
	if vars.IsNull() {
		vars = cty.EmptyObjectVal
	}
	switch {
	case !tmpl.IsKnown() || !vars.IsKnown():
		s.set("rendered", cty.UnknownVal(cty.String))
	case tmpl.IsNull():
		s.err = "template is required"
	default:
		out, err := ev.renderPartial([]byte(tmpl.AsString()), addr+".template", vars, ev.funcs)
		if err != nil {
			s.err = "template: " + err.Error()
			out = cty.UnknownVal(cty.String)
		}
		s.set("rendered", out)
		if out.IsWhollyKnown() {
			s.setString("id", hexHash(out.AsString(), 64))
		}
	}
	if s.err != "" {
		ev.diags.add(model.SeverityError, codeInvalidValue, n.decl, fmt.Sprintf("%s: %s", addr, s.err))
	}
	return cty.ObjectVal(s.vals), true
}
