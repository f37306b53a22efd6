package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

var dhcpKeys = []string{"domain_name", "domain_name_servers"}

func decodeDHCPOptions(o *object) model.DHCPOptions {
	return model.DHCPOptions{
		ID:                o.id,
		Source:            o.src,
		DomainName:        o.str("domain_name"),
		DomainNameServers: o.strs("domain_name_servers"),
	}
}

var hostedZoneKeys = []string{"name", "vpcs", "records"}

func decodeHostedZone(o *object) model.HostedZone {
	return model.HostedZone{
		ID:      o.id,
		Source:  o.src,
		Name:    strings.TrimSuffix(o.str("name"), "."),
		VPCs:    o.refs("vpcs"),
		Records: list(o, "records", recordKeys, decodeRecord),
	}
}

var recordKeys = []string{"name", "type", "values", "alias", "alias_endpoint", "alias_zone"}

// decodeRecord reads `{name, type, values}`, `{name, alias}` or
// `{name, alias_endpoint, alias_zone}`.
func decodeRecord(o *object) model.Record {
	r := model.Record{
		Source:        o.src,
		Alias:         o.str("alias"),
		AliasEndpoint: o.ref("alias_endpoint"),
		AliasZone:     o.str("alias_zone"),
	}
	if o.require("name", "a fully qualified name such as api.ecr.ap-northeast-1.amazonaws.com") {
		r.Name = strings.TrimSuffix(o.str("name"), ".")
	}
	isAlias := o.has("alias") || o.has("alias_endpoint")
	if t, ok := get(o, "type", oneOf("a record type", string(model.RecordA), string(model.RecordAAAA), string(model.RecordCNAME))); ok {
		r.Type = model.RecordType(t)
	} else if isAlias && !o.has("type") {
		r.Type = model.RecordA // an alias to an endpoint answers IPv4 queries
	}
	switch {
	case isAlias && o.has("values"):
		o.failAt(o.keyPos("values"), model.CodeInvalidValue, "%s: a record has either values or an alias, not both", o.path)
	case isAlias:
	case o.require("type", "A, AAAA or CNAME") && o.require("values", "the record's addresses or CNAME target"):
		r.Values = getList(o, "values", recordValue(r.Type))
		if n := o.value("values"); r.Type == model.RecordCNAME && len(r.Values) > 1 {
			o.fail(n, model.CodeInvalidValue, "%s.values: a CNAME record has one target, found %d", o.path, len(r.Values))
		}
	}
	if o.has("alias_zone") && !o.has("alias_endpoint") {
		o.failAt(o.keyPos("alias_zone"), model.CodeInvalidValue, "%s: alias_zone needs alias_endpoint (the endpoint whose zonal name the alias uses)", o.path)
	}
	if r.Alias == "" && r.AliasEndpoint != "" {
		r.Alias = endpointAlias(o.d, r.AliasEndpoint, r.AliasZone)
	}
	return r
}

// recordValue returns a parser for one value of a record of type t: an
// IPv4 address for A, an IPv6 address for AAAA, a name for CNAME.
func recordValue(t model.RecordType) parser[string] {
	return func(o *object, n *yaml.Node, path string) (string, bool) {
		if t != model.RecordA && t != model.RecordAAAA {
			return parseString(o, n, path)
		}
		a, ok := parseAddr(o, n, path)
		if ok && a.Is4() != (t == model.RecordA) {
			want := "an IPv6 address"
			if t == model.RecordA {
				want = "an IPv4 address"
			}
			invalid(o, n, path, "an address for a record of type "+string(t), want)
			return "", false
		}
		return a.String(), ok
	}
}

// endpointAlias names the DNS name an alias to an endpoint uses: the
// endpoint's regional name, or its zonal name in zone (aws-rules 9.2). The
// scenario has no real vpce ID, so the endpoint's scenario ID stands in.
func endpointAlias(d *decoder, endpoint, zone string) string {
	suffix := "vpce.amazonaws.com"
	for _, e := range d.w.Endpoints {
		if region, service, ok := model.SplitServiceName(e.ServiceName); ok && e.ID == endpoint {
			suffix = service + "." + region + "." + suffix
			break
		}
	}
	name := "vpce-" + endpoint
	if zone != "" {
		name += "-" + zone
	}
	return name + "." + suffix
}
