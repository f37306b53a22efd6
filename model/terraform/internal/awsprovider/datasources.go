package awsprovider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/zclconf/go-cty/cty"
)

// dataSources are the data sources the provider answers offline.
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

// ReadDataSource answers a data source instance: aws_default_tags from
// the provider configuration, a look-up (see lookups) from the root's
// resources, the data sources of dataSources offline. Any other is not
// modelled: its unset attributes stay unknown.
func (p *Provider) ReadDataSource(in providers.Instance) providers.Answer {
	addr, obj := in.Address, in.Values
	if in.Type == "aws_default_tags" {
		return providers.Answer{Values: withAttr(obj, "tags", in.DefaultTags), Modelled: true}
	}
	if lk, ok := lookups[in.Type]; ok && obj.Type().IsObjectType() {
		s := p.newSynth(addr, obj, in.Region)
		if why, ok := p.answerLookup(lk, s); !ok {
			return providers.Answer{Values: obj, Note: info(fmt.Sprintf(
				"%s is not answered from the root's resources (%s): vpctrace does not read AWS, so its attributes are unknown", addr, why))}
		}
		return providers.Answer{Values: cty.ObjectVal(s.vals), Modelled: true, Note: info(addr + " is " + s.note)}
	}
	f, ok := dataSources[in.Type]
	if !ok || !obj.Type().IsObjectType() {
		return providers.Answer{Values: obj, Note: info(fmt.Sprintf(
			"data source %s is not modelled: vpctrace does not read existing infrastructure, so its attributes are unknown", in.Type))}
	}
	s := p.newSynth(addr, obj, in.Region)
	f(s)
	a := providers.Answer{Values: cty.ObjectVal(s.vals), Modelled: true}
	switch {
	case s.err != "":
		a.Note = providers.Note{Severity: model.SeverityError, Message: fmt.Sprintf("%s: %s", addr, s.err)}
	case s.note != "":
		a.Note = info(fmt.Sprintf("%s: %s; its attributes are unknown", addr, s.note))
	}
	return a
}

// info is an informational note.
func info(msg string) providers.Note {
	return providers.Note{Severity: model.SeverityInfo, Message: msg}
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
	acct := s.p.account
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
