package tfmap

import (
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_route53_zone":             {objects: mapZone},
		"aws_route53_zone_association": {links: linkTo(zoneStore, "zone_id", wantZone, linkZoneAssociation)},
		"aws_route53_record":           {links: linkTo(zoneStore, "zone_id", wantZone, linkRecord)},
	})
}

// dnsName lower-cases a DNS name and drops its trailing dot.
func dnsName(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// mapZone maps a private hosted zone. A zone with no vpc block is public
// and does not answer inside VPCs (aws-rules 3.3), so it is left out.
func mapZone(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindHostedZone, r)
	vpcs, st := s.blocks("vpc")
	if st != unknown && len(vpcs) == 0 {
		b.infof(r.Pos, CodeNotModelled, "%s is a public hosted zone (no vpc block); only private zones answer inside a VPC, so it is ignored", r.Address)
		return
	}
	z := model.HostedZone{ID: r.Address, Source: r.Pos, Name: dnsName(b.text(s, "name", o))}
	for _, v := range vpcs {
		z.VPCs = b.zoneVPC(z.VPCs, v, o)
	}
	b.zones.add(r.Address, z)
}

// zoneVPC adds the VPC a zone is associated with. A VPC the input does
// not describe (another account or region) changes nothing in the model.
func (b *builder) zoneVPC(vpcs []string, s site, o object) []string {
	as := s.at("vpc_id")
	id, res := b.one(as, as.v, wantVPC)
	switch res.outcome {
	case resolved:
		return appendNew(vpcs, id)
	case notSet, notInInput:
	default:
		b.failed(as, o, wantVPC, []resolution{res})
	}
	return vpcs
}

// linkZoneAssociation associates a private zone with a VPC; records and
// associations of public zones are ignored (zoneStore holds private ones).
func linkZoneAssociation(b *builder, s site, z *model.HostedZone) {
	z.VPCs = b.zoneVPC(z.VPCs, s, object{model.KindHostedZone, z.ID, z.Source})
}

// fqdn makes a record name absolute: Route 53 appends the zone name to a
// name that does not end with it.
func fqdn(name, zone string) string {
	n := dnsName(name)
	if n == "" {
		return zone
	}
	if strings.HasSuffix(name, ".") || n == zone || strings.HasSuffix(n, "."+zone) {
		return n
	}
	return n + "." + zone
}

// linkRecord adds an A, AAAA or CNAME record to its private zone; other
// types do not take part in the calls.
func linkRecord(b *builder, s site, z *model.HostedZone) {
	typ := model.RecordType(strings.ToUpper(strOr(s.get("type"), "")))
	if typ != model.RecordA && typ != model.RecordAAAA && typ != model.RecordCNAME {
		return
	}
	o := object{model.KindHostedZone, z.ID, z.Source}
	rec := model.Record{Source: s.pos, Name: fqdn(b.text(s, "name", o), z.Name), Type: typ}
	vals, unknowns, st := strs(s.get("records"))
	if st == unknown || unknowns > 0 {
		b.undetermine(s.at("records"), o, afterApplyWhy)
	}
	rec.Values = vals
	if alias, ok := s.block("alias"); ok {
		b.alias(alias, &rec, o)
	}
	z.Records = append(z.Records, rec)
}

// alias fills an alias record. An alias to an endpoint's regional or
// zonal dns_entry name names that endpoint (and AZ) (aws-rules 3.3.4).
func (b *builder) alias(s site, rec *model.Record, o object) {
	name, st := str(s.get("name"))
	if st == known {
		rec.Alias = dnsName(name)
		if e, ok := b.endpointNames()[rec.Alias]; ok {
			rec.AliasEndpoint, rec.AliasZone = e.endpoint, e.az
		}
		return
	}
	if c := b.candidates(s.at("name"), wantEndpoint); len(c) == 1 && st == unknown {
		rec.AliasEndpoint = c[0]
		b.warnf(s.pos, CodeUndetermined, "the alias target of %s is known only after apply; it is taken as the regional name of %s (dns_entry[0])", s.r.Address, c[0])
		return
	}
	b.undetermine(s.at("name"), o, afterApplyWhy)
}

// endpointName is an endpoint DNS name: regional (az empty) or zonal.
type endpointName struct {
	endpoint, az string
}

// endpointNames maps the vpce- names in the endpoints' dns_entry lists to
// their endpoints. The regional name's first label is
// "vpce-ID-SUFFIX"; a zonal one appends "-AZ" (aws-rules 9.2).
// Endpoints are all mapped before records (objects phase), so it is
// computed once.
func (b *builder) endpointNames() map[string]endpointName {
	if b.epNames != nil {
		return b.epNames
	}
	m := map[string]endpointName{}
	b.epNames = m
	for _, id := range b.endpoints.ids {
		entries, _ := elems(attr(b.ix.byAddr[id].Values, "dns_entry"))
		var names []string
		regional := ""
		for _, e := range entries {
			n := dnsName(strOr(attr(e, "dns_name"), ""))
			label, _, _ := strings.Cut(n, ".")
			if !strings.HasPrefix(label, "vpce-") {
				continue
			}
			names = append(names, n)
			if regional == "" || len(label) < len(regional) {
				regional = label
			}
		}
		for _, n := range names {
			label, _, _ := strings.Cut(n, ".")
			m[n] = endpointName{endpoint: id, az: strings.TrimPrefix(strings.TrimPrefix(label, regional), "-")}
		}
	}
	return m
}
