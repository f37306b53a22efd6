package awsprovider

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Look-up data sources (data "aws_vpc", "aws_subnets", ...) read existing
// infrastructure. When what they look for is declared in the root itself
// (a network applied earlier, or a module that reads back what another
// creates), vpctrace answers them from those resources: by id, name, tags
// or EC2 filters. Anything it cannot decide (an unknown value, a filter
// it does not know, no match or several for a single result, resources
// of unknown number) leaves the data source unknown, with an info line.

// lookup is a data source answered from the root's resources.
type lookup struct {
	types  []string // the resource types it reads
	plural bool     // a list of IDs (aws_subnets) rather than one object
	// args maps the data source's arguments to the resource attribute
	// each must equal; tags and filter are handled for every look-up.
	args map[string]string
	// filters maps EC2 filter names to resource attributes.
	filters map[string]string
	// answer sets the data source's attributes from what matched.
	answer func(s *synth, found []tfmap.Resource)
}

var lookups = map[string]lookup{
	"aws_vpc": {
		types: []string{"aws_vpc", "aws_default_vpc"},
		args:  map[string]string{"id": "id", "cidr_block": "cidr_block", "default": "default", "dhcp_options_id": "dhcp_options_id", "state": "state"},
		filters: map[string]string{"vpc-id": "id", "cidr": "cidr_block", "cidr-block": "cidr_block",
			"cidr-block-association.cidr-block": "cidr_block", "isDefault": "default", "is-default": "default",
			"dhcp-options-id": "dhcp_options_id", "state": "state", "owner-id": "owner_id"},
		answer: copyResource,
	},
	"aws_subnet": {
		types: []string{"aws_subnet", "aws_default_subnet"},
		args: map[string]string{"id": "id", "vpc_id": "vpc_id", "cidr_block": "cidr_block", "availability_zone": "availability_zone",
			"availability_zone_id": "availability_zone_id", "default_for_az": "default_for_az", "state": "state"},
		filters: subnetFilters,
		answer:  copyResource,
	},
	"aws_subnets": {
		types: []string{"aws_subnet", "aws_default_subnet"}, plural: true,
		filters: subnetFilters,
		answer:  listIDs,
	},
	"aws_subnet_ids": {
		types: []string{"aws_subnet", "aws_default_subnet"}, plural: true,
		args:    map[string]string{"vpc_id": "vpc_id"},
		filters: subnetFilters,
		answer:  listIDs,
	},
	"aws_security_group": {
		types: []string{"aws_security_group", "aws_default_security_group"},
		args:  map[string]string{"id": "id", "name": "name", "vpc_id": "vpc_id"},
		filters: map[string]string{"group-id": "id", "group-name": "name", "vpc-id": "vpc_id", "description": "description",
			"owner-id": "owner_id"},
		answer: copyResource,
	},
	"aws_security_groups": {
		types: []string{"aws_security_group", "aws_default_security_group"}, plural: true,
		filters: map[string]string{"group-id": "id", "group-name": "name", "vpc-id": "vpc_id", "description": "description"},
		answer:  listGroups,
	},
	"aws_route_table": {
		types: []string{"aws_route_table", "aws_default_route_table"},
		args:  map[string]string{"route_table_id": "id", "vpc_id": "vpc_id", "subnet_id": assocSubnet},
		filters: map[string]string{"route-table-id": "id", "vpc-id": "vpc_id", "association.subnet-id": assocSubnet,
			"association.route-table-id": "id"},
		answer: copyRouteTable,
	},
	"aws_route_tables": {
		types: []string{"aws_route_table", "aws_default_route_table"}, plural: true,
		args:    map[string]string{"vpc_id": "vpc_id"},
		filters: map[string]string{"route-table-id": "id", "vpc-id": "vpc_id", "association.subnet-id": assocSubnet},
		answer:  listIDs,
	},
	"aws_ecs_cluster": {
		types:  []string{"aws_ecs_cluster"},
		args:   map[string]string{"cluster_name": "name"},
		answer: copyResource,
	},
	"aws_ecs_task_definition": {
		types:  []string{"aws_ecs_task_definition"},
		args:   map[string]string{"task_definition": taskDefinitionRef},
		answer: copyResource,
	},
}

var subnetFilters = map[string]string{
	"subnet-id": "id", "vpc-id": "vpc_id", "cidr": "cidr_block", "cidr-block": "cidr_block", "cidrBlock": "cidr_block",
	"availability-zone": "availability_zone", "availabilityZone": "availability_zone",
	"availability-zone-id": "availability_zone_id", "availabilityZoneId": "availability_zone_id",
	"default-for-az": "default_for_az", "defaultForAz": "default_for_az",
	"map-public-ip-on-launch": "map_public_ip_on_launch", "state": "state", "owner-id": "owner_id",
}

// Criteria that are not plain attributes.
const (
	// assocSubnet: the subnet a route table is associated with.
	assocSubnet = "(associated subnet)"
	// taskDefinitionRef: FAMILY, FAMILY:REVISION or the ARN.
	taskDefinitionRef = "(task definition)"
)

// criterion is one condition a matching resource meets: the attribute
// (or "tags.KEY") is one of the values, which may hold EC2 filter
// wildcards (* and ?).
type criterion struct {
	attr   string
	values []string
}

// answerLookup answers a look-up data source from the root's resources.
// ok is false when it cannot, with why for the info line.
func (p *Provider) answerLookup(lk lookup, s *synth) (why string, ok bool) {
	crit, why := lookupCriteria(lk, s)
	if why != "" {
		return why, false
	}
	var found []tfmap.Resource
	candidates := 0
	for _, t := range lk.types {
		candidates += len(p.byType[t])
		if p.unexpandedTypes[t] {
			return fmt.Sprintf("the root has %s resources of unknown number", t), false
		}
		for _, r := range p.lookupCandidates(t, crit) {
			match, decided := p.matches(r, crit)
			if !decided {
				return fmt.Sprintf("%s has values known only after apply that the look-up compares", r.Address), false
			}
			if match {
				found = append(found, r)
			}
		}
	}
	switch {
	case candidates == 0:
		return "the root declares no " + strings.Join(lk.types, " or "), false
	case len(found) == 0:
		return fmt.Sprintf("none of the root's %d %s matches", candidates, strings.Join(lk.types, " or ")), false
	case len(found) > 1 && !lk.plural:
		return fmt.Sprintf("%d resources of the root match it (%s)", len(found), addressList(found)), false
	}
	lk.answer(s, found)
	s.note = "answered from " + addressList(found) + ", declared in the root (vpctrace does not read AWS)"
	return "", true
}

// Reads returns the resource types a look-up data source reads.
func (p *Provider) Reads(dataType string) []string {
	return lookups[dataType].types
}

// lookupCandidates returns the resources of type t that a look-up has to
// compare: the one with the ID it asks for, when it asks for one ID (as
// data "aws_subnet" { for_each = ..., id = each.value } does, so that such
// look-ups do not compare every subnet each), else all of them.
func (p *Provider) lookupCandidates(t string, crit []criterion) []tfmap.Resource {
	for _, c := range crit {
		if c.attr == "id" && len(c.values) == 1 && !strings.ContainsAny(c.values[0], "*?") {
			if r, ok := p.byTypeID[t][c.values[0]]; ok {
				return []tfmap.Resource{r}
			}
			return nil
		}
	}
	return p.byType[t]
}

// lookupCriteria reads the arguments, tags and filters of a look-up.
func lookupCriteria(lk lookup, s *synth) ([]criterion, string) {
	var crit []criterion
	names := make([]string, 0, len(s.vals)) // in order, for a stable why
	for name := range s.vals {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := s.vals[name]
		if v.IsKnown() && v.IsNull() {
			continue
		}
		if !v.IsWhollyKnown() {
			return nil, name + " is not known"
		}
		switch attr, isArg := lk.args[name]; {
		case name == "tags":
			if !isMapLike(v) {
				return nil, "tags is not a map"
			}
			tags := v.AsValueMap()
			for _, k := range slices.Sorted(maps.Keys(tags)) {
				crit = append(crit, criterion{attr: "tags." + k, values: []string{ctyString(tags[k])}})
			}
		case name == "filter":
			for _, f := range elements(v) {
				fname := ctyString(attrOf(f, "name"))
				values := ctyStrings(attrOf(f, "values"), true)
				attr, ok := lk.filters[fname]
				switch {
				case strings.HasPrefix(fname, "tag:"):
					attr = "tags." + strings.TrimPrefix(fname, "tag:")
				case fname == "tag-key":
					for _, key := range values {
						crit = append(crit, criterion{attr: "tags." + key, values: []string{"*"}})
					}
					continue
				case !ok:
					return nil, fmt.Sprintf("vpctrace does not know the filter %q", fname)
				}
				crit = append(crit, criterion{attr: attr, values: values})
			}
		case isArg:
			crit = append(crit, criterion{attr: attr, values: []string{ctyString(v)}})
		case name == "timeouts":
		default:
			return nil, fmt.Sprintf("vpctrace does not look up by %s", name)
		}
	}
	if len(crit) == 0 {
		return nil, "it names nothing to look for"
	}
	return crit, ""
}

// matches reports whether a resource meets every criterion; decided is
// false when a compared value is known only after apply.
func (p *Provider) matches(r tfmap.Resource, crit []criterion) (match, decided bool) {
	for _, c := range crit {
		got, known := p.attrValues(r, c.attr)
		if !known {
			return false, false
		}
		if !slices.ContainsFunc(c.values, func(want string) bool {
			return slices.ContainsFunc(got, func(g string) bool { return wildcard(want, g) })
		}) {
			return false, true
		}
	}
	return true, true
}

// attrValues returns what a criterion compares in r: the attribute as
// strings (a tag from tags_all or tags; a route table's associated
// subnets; a task definition's family, FAMILY:REVISION and ARNs).
func (p *Provider) attrValues(r tfmap.Resource, attr string) ([]string, bool) {
	switch {
	case attr == assocSubnet:
		var out []string
		for _, a := range p.byType["aws_route_table_association"] {
			if attrString(a.Values, "route_table_id") == attrString(r.Values, "id") {
				out = append(out, attrString(a.Values, "subnet_id"))
			}
		}
		return out, attrString(r.Values, "id") != ""
	case attr == taskDefinitionRef:
		family, arn := attrString(r.Values, "family"), attrString(r.Values, "arn")
		rev := ctyString(attrOf(r.Values, "revision"))
		return []string{family, family + ":" + rev, arn, attrString(r.Values, "arn_without_revision")}, family != ""
	case strings.HasPrefix(attr, "tags."):
		key := strings.TrimPrefix(attr, "tags.")
		tags := attrOf(r.Values, "tags_all")
		if tags.IsNull() {
			tags = attrOf(r.Values, "tags")
		}
		if !tags.IsWhollyKnown() {
			return nil, false
		}
		if tags.IsNull() || !isMapLike(tags) {
			return nil, true
		}
		v, ok := tags.AsValueMap()[key]
		if !ok {
			return nil, true
		}
		return []string{ctyString(v)}, true
	}
	v := attrOf(r.Values, attr)
	if !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() && attr == "state" {
		return []string{"available"}, true // what a created VPC or subnet is
	}
	if v.IsNull() {
		return []string{""}, true
	}
	if s := ctyString(v); s != "" || v.Type() == cty.String {
		return []string{s}, true
	}
	return ctyStrings(v, false), true
}

// wildcard matches an EC2 filter value with * and ? against s.
func wildcard(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == s
	}
	ok, err := path.Match(strings.ReplaceAll(pattern, "[", `\[`), s)
	return err == nil && ok
}

// mustString converts a primitive value to a string value, null when it
// cannot.
func mustString(v cty.Value) cty.Value {
	if !v.IsKnown() || v.IsNull() {
		return cty.NullVal(cty.String)
	}
	c, err := convert.Convert(v, cty.String)
	if err != nil {
		return cty.NullVal(cty.String)
	}
	return c
}

// ctyString is a known primitive as a string, or "".
func ctyString(v cty.Value) string {
	if !v.Type().IsPrimitiveType() {
		return ""
	}
	return knownString(mustString(v))
}

func addressList(rs []tfmap.Resource) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Address
	}
	return strings.Join(out, ", ")
}

// copyResource gives a single look-up the attributes of what it found.
func copyResource(s *synth, found []tfmap.Resource) {
	for name, v := range found[0].Values.AsValueMap() {
		s.set(name, v)
	}
}

// copyRouteTable is copyResource, with the table's ID as route_table_id.
func copyRouteTable(s *synth, found []tfmap.Resource) {
	copyResource(s, found)
	s.set("route_table_id", attrOf(found[0].Values, "id"))
}

// listIDs gives a plural look-up the IDs of what it found, in address
// order.
func listIDs(s *synth, found []tfmap.Resource) {
	s.set("ids", idList(found, "id"))
	s.setString("id", s.region)
}

// listGroups is listIDs with the groups' ARNs and VPC IDs.
func listGroups(s *synth, found []tfmap.Resource) {
	listIDs(s, found)
	s.set("arns", idList(found, "arn"))
	s.set("vpc_ids", idList(found, "vpc_id"))
}

func idList(found []tfmap.Resource, attr string) cty.Value {
	vals := make([]cty.Value, len(found))
	for i, r := range found {
		vals[i] = attrOf(r.Values, attr)
		if vals[i].IsNull() || vals[i].Type() != cty.String {
			vals[i] = cty.UnknownVal(cty.String)
		}
	}
	if len(vals) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	return cty.ListVal(vals)
}

// isMapLike reports whether v is a map or an object.
func isMapLike(v cty.Value) bool { return v.Type().IsMapType() || v.Type().IsObjectType() }
