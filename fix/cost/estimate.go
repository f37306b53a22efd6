package cost

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/internal/sanitize"
	"github.com/vpctrace/vpctrace/model"
)

// EndpointUse is an interface endpoint a strategy adds: its AWS service
// (com.amazonaws.REGION.SERVICE) and the number of Availability Zones it
// has a network interface in, each of which is charged (aws-rules 8.1,
// 9.1).
type EndpointUse struct {
	Service string
	AZs     int
}

// Usage is what a strategy adds to a region and the traffic that takes
// its path.
type Usage struct {
	// InterfaceEndpoints are the interface endpoints the strategy adds.
	InterfaceEndpoints []EndpointUse
	// GatewayEndpoints are the services of the gateway endpoints it adds
	// (S3, DynamoDB): they cost nothing (aws-rules 8.1).
	GatewayEndpoints []string
	// NATGateways is the number of NAT gateways the strategy creates.
	// Usually 0: a fix routes to NAT gateways that exist. Their Elastic
	// IP addresses are counted in PublicIPv4s.
	NATGateways int
	// ExistingNATGateways are the NAT gateways the strategy routes to
	// that exist already: their hours are paid whatever the fix does, so
	// the estimate says so and does not count them.
	ExistingNATGateways []string
	// PublicIPv4s is the number of public IPv4 addresses the strategy
	// adds (a new NAT gateway's, or tasks' public IPs).
	PublicIPv4s int
	// GBPerMonth is the traffic of the tasks that takes the strategy's
	// path, in GB a month.
	GBPerMonth float64
	// ViaNAT says whether NAT gateways process GBPerMonth; otherwise the
	// interface endpoints do, if the strategy adds any.
	ViaNAT bool
	// TaskAZs is the number of Availability Zones the tasks run in. An
	// interface endpoint in fewer zones carries traffic from other zones,
	// whose billing is not settled (aws-rules 8.2). 0 means unknown.
	TaskAZs int
}

// Line is one charge of an estimate: what it counts and its monthly
// amount in dollars, rounded to cents.
type Line struct {
	Text    string
	Monthly float64
}

// Estimate is the monthly cost of a strategy in a region.
type Estimate struct {
	// Region is the region asked for; PricesFrom the region whose prices
	// were used, which differs when the table does not have Region.
	Region, PricesFrom string
	// Lines are the charges, in the order hours of interface endpoints,
	// NAT gateways and public IPv4 addresses, then data processing.
	Lines []Line
	// Notes say what the estimate leaves out or is unsure of.
	Notes []string
	// Monthly is the sum of the lines, in dollars.
	Monthly float64
}

// Estimate returns the monthly cost in region of what u adds, at t's
// prices (aws-rules 8.1): for interface endpoints, endpoints × AZs × hours
// × hourly plus GB × per-GB; for NAT gateways, gateways × hours × hourly
// plus GB × per-GB; plus the hours of the public IPv4 addresses. Gateway
// endpoints and the hours of existing NAT gateways are not counted, and
// the notes say why (aws-rules 8.2, 8.3). Counts below zero count as
// none; the caller checks what the user gives, such as --gb-per-month.
func (t *Table) Estimate(region string, u Usage) Estimate {
	p, from, exact := t.For(region)
	e := Estimate{Region: region, PricesFrom: from}
	e.Lines = append(e.Lines, endpointLines(u.InterfaceEndpoints, p.InterfaceEndpointHour)...)
	if u.NATGateways > 0 {
		e.Lines = append(e.Lines, hourLine(u.NATGateways, plural(u.NATGateways, "NAT gateway"), p.NATGatewayHour))
	}
	if u.PublicIPv4s > 0 {
		e.Lines = append(e.Lines, hourLine(u.PublicIPv4s, plural(u.PublicIPv4s, "public IPv4 address"), p.PublicIPv4Hour))
	}
	if l, ok := dataLine(u, p); ok {
		e.Lines = append(e.Lines, l)
	}
	for _, l := range e.Lines {
		e.Monthly += l.Monthly
	}
	e.Monthly = cents(e.Monthly)
	e.Notes = t.notes(region, from, u, p, exact)
	return e
}

// endpointLines are the hourly charges of interface endpoints, one line
// per AZ count, fewest AZs first.
func endpointLines(eps []EndpointUse, hourly float64) []Line {
	byAZs := map[int][]string{}
	for _, ep := range eps {
		byAZs[max(ep.AZs, 0)] = append(byAZs[max(ep.AZs, 0)], shortName(ep.Service))
	}
	var lines []Line
	for _, azs := range sortedKeys(byAZs) {
		names := byAZs[azs]
		slices.Sort(names)
		what := fmt.Sprintf("%s (%s) × %s", plural(len(names), "interface endpoint"), strings.Join(names, ", "), plural(azs, "AZ"))
		lines = append(lines, hourLine(len(names)*azs, what, hourly))
	}
	return lines
}

// hourLine is the charge for a month of units hours, each at hourly;
// what says what the units are.
func hourLine(units int, what string, hourly float64) Line {
	return Line{
		Text:    fmt.Sprintf("%s × $%s/h × %d h", what, dollars(hourly), HoursPerMonth),
		Monthly: cents(float64(units) * hourly * HoursPerMonth),
	}
}

// dataLine is the data processing charge of u, if any: by NAT gateways,
// or by the interface endpoints u adds.
func dataLine(u Usage, p Prices) (Line, bool) {
	if !(u.GBPerMonth > 0) { // also NaN
		return Line{}, false
	}
	perGB, by := p.NATGatewayGB, "NAT gateways"
	if !u.ViaNAT {
		if len(u.InterfaceEndpoints) == 0 {
			return Line{}, false
		}
		perGB, by = p.InterfaceEndpointGB, "interface endpoints"
	}
	return Line{
		Text:    fmt.Sprintf("%s GB × $%s/GB processed by %s", number(u.GBPerMonth), dollars(perGB), by),
		Monthly: cents(u.GBPerMonth * perGB),
	}, true
}

// notes are an estimate's notes: the fallback region, what is free or
// paid already, the uncertain cross-AZ traffic, the table's own note,
// and where the prices come from.
func (t *Table) notes(region, from string, u Usage, p Prices, exact bool) []string {
	var notes []string
	if !exact {
		notes = append(notes, fmt.Sprintf("the price table has no %s: these are %s's prices (aws-rules 8.3)",
			sanitize.String(region), FallbackRegion))
	}
	if len(u.GatewayEndpoints) > 0 {
		notes = append(notes, fmt.Sprintf("gateway endpoints cost nothing: %s (aws-rules 8.1)", names(u.GatewayEndpoints)))
	}
	if len(u.ExistingNATGateways) > 0 {
		form := "NAT gateways %s exist: their hours are paid already and not counted (aws-rules 8.3)"
		if len(u.ExistingNATGateways) == 1 {
			form = "NAT gateway %s exists: its hours are paid already and not counted (aws-rules 8.3)"
		}
		notes = append(notes, fmt.Sprintf(form, names(u.ExistingNATGateways)))
	}
	if few := fewerZones(u); len(few) > 0 {
		notes = append(notes, fmt.Sprintf("tasks in %s reach interface endpoints in fewer zones (%s): whether the traffic from the other zones is billed as cross-AZ data transfer is not settled, and it is not counted (aws-rules 8.2)",
			plural(u.TaskAZs, "AZ"), names(few)))
	}
	if p.Note != "" {
		notes = append(notes, sanitize.String(p.Note))
	}
	notes = append(notes, fmt.Sprintf("list prices of %s, checked %s, from %s%s; %d h a month, first-tier data processing, no data transfer charges (aws-rules 8.3)",
		sanitize.String(from), sanitize.String(t.Date), sanitize.String(t.Origin), sources(t.Sources), HoursPerMonth))
	return notes
}

// fewerZones are the short names of the interface endpoints of u in fewer
// zones than the tasks, sorted.
func fewerZones(u Usage) []string {
	var few []string
	for _, ep := range u.InterfaceEndpoints {
		if u.TaskAZs > 0 && ep.AZs < u.TaskAZs {
			few = append(few, shortName(ep.Service))
		}
	}
	return few
}

// String writes e in a few lines: the total, each charge and each note.
func (e Estimate) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: $%.2f a month\n", sanitize.String(e.Region), e.Monthly)
	width := 0
	for _, l := range e.Lines {
		width = max(width, len(fmt.Sprintf("%.2f", l.Monthly)))
	}
	for _, l := range e.Lines {
		fmt.Fprintf(&b, "  $%*.2f  %s\n", width, l.Monthly, l.Text)
	}
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	return b.String()
}

// shortName is the service part of an AWS service name (logs for
// com.amazonaws.REGION.logs), or the name itself, sanitized.
func shortName(service string) string {
	if _, svc, ok := model.SplitServiceName(service); ok {
		service = svc
	}
	return sanitize.String(service)
}

// names are the short names of ids, sorted and joined.
func names(ids []string) string {
	short := make([]string, len(ids))
	for i, id := range ids {
		short[i] = shortName(id)
	}
	slices.Sort(short)
	return strings.Join(slices.Compact(short), ", ")
}

// sources is " (URL)" or " (URL and N more)" for a table's sources, or
// "": the first source is the one the table names first, and the table
// holds the others.
func sources(urls []string) string {
	switch len(urls) {
	case 0:
		return ""
	case 1:
		return " (" + sanitize.String(urls[0]) + ")"
	}
	return fmt.Sprintf(" (%s and %d more)", sanitize.String(urls[0]), len(urls)-1)
}

// plural is "1 AZ" or "2 AZs".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	if strings.HasSuffix(thing, "ss") {
		return strconv.Itoa(n) + " " + thing + "es"
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// dollars writes a price with as many decimals as it has: 0.014.
func dollars(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// number writes a quantity such as 100 or 12.5.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// cents rounds v to the cent.
func cents(v float64) float64 { return math.Round(v*100) / 100 }

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
