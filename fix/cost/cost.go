// Package cost estimates what a fix strategy of vpctrace fix costs a month
// in a region: the hours of the interface endpoints, NAT gateways and
// public IPv4 addresses it adds, and the data they process (aws-rules
// 8.1). It reads the list prices from a small table: the one built into
// vpctrace (prices.json, with its sources and the date they were
// checked), or a file of the same format that the user gives (Load).
//
// An estimate is a planning figure, not a bill: it counts 730 hours a
// month, the first tier of interface endpoint data processing and no data
// transfer charges, and says where it is uncertain (aws-rules 8.2, 8.3).
package cost

import (
	_ "embed" // for go:embed
	"slices"
)

// HoursPerMonth is the number of hours an estimate counts in a month
// (aws-rules 8.3).
const HoursPerMonth = 730

// FallbackRegion is the region whose prices an estimate uses for a region
// the table does not have (aws-rules 8.3). Every table has it.
const FallbackRegion = "us-east-1"

// Prices are the list prices of one region, in US dollars (aws-rules 8.1).
// The JSON keys of a price table are the snake_case names in the tags.
type Prices struct {
	// InterfaceEndpointHour is the charge of an interface endpoint for
	// an hour in one Availability Zone.
	InterfaceEndpointHour float64 `json:"interface_endpoint_hour"`
	// InterfaceEndpointGB is the charge for a GB processed by interface
	// endpoints, at the first tier (the first 1 PB a month in the region).
	InterfaceEndpointGB float64 `json:"interface_endpoint_gb"`
	// NATGatewayHour is the charge of a NAT gateway for an hour.
	NATGatewayHour float64 `json:"nat_gateway_hour"`
	// NATGatewayGB is the charge for a GB a NAT gateway processes.
	NATGatewayGB float64 `json:"nat_gateway_gb"`
	// PublicIPv4Hour is the charge of a public IPv4 address for an hour.
	PublicIPv4Hour float64 `json:"public_ipv4_hour"`
	// Note, if not empty, says what is uncertain about these prices; an
	// estimate with them carries it.
	Note string `json:"note,omitempty"`
}

// Table is a price table: the prices of each region, the date they were
// checked and where they come from.
type Table struct {
	// Date is the day the prices were checked, as the table gives it.
	Date string `json:"date"`
	// Sources are the addresses the prices come from.
	Sources []string `json:"sources,omitempty"`
	// Regions are the prices by region name (us-east-1).
	Regions map[string]Prices `json:"regions"`
	// Origin names the table in notes: "the built-in price table", or
	// the file Load read.
	Origin string `json:"-"`
}

//go:embed prices.json
var builtin []byte

// builtinOrigin is the Origin of Default's table.
const builtinOrigin = "the built-in price table"

// Default returns a copy of the price table built into vpctrace
// (fix/cost/prices.json). It panics if that table does not decode, which
// a test rules out.
func Default() *Table {
	t, err := Decode(builtinOrigin, builtin)
	if err != nil {
		panic("fix/cost: the built-in price table: " + err.Error())
	}
	return t
}

// For returns the prices of region, the region they are from and whether
// that is region itself: a region the table does not have gets the prices
// of FallbackRegion (aws-rules 8.3).
func (t *Table) For(region string) (p Prices, from string, exact bool) {
	if p, ok := t.Regions[region]; ok {
		return p, region, true
	}
	return t.Regions[FallbackRegion], FallbackRegion, false
}

// RegionNames returns the regions of t, sorted.
func (t *Table) RegionNames() []string {
	names := make([]string, 0, len(t.Regions))
	for r := range t.Regions {
		names = append(names, r)
	}
	slices.Sort(names)
	return names
}
