package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/fix/cost"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// coster prices the plans of vpctrace fix: a price table and the traffic
// the user expects (--prices, --gb-per-month).
type coster struct {
	table      *cost.Table
	gbPerMonth float64
}

// newCoster reads the price table at path, or takes the built-in one when
// path is "".
func newCoster(path string, gbPerMonth float64) (coster, error) {
	if path == "" {
		return coster{table: cost.Default(), gbPerMonth: gbPerMonth}, nil
	}
	t, err := cost.Load(path)
	if err != nil {
		return coster{}, err
	}
	return coster{table: t, gbPerMonth: gbPerMonth}, nil
}

// plan returns the lines that give p's monthly cost and its total; ok is
// false for a plan that adds no way out of the VPC (only rules and
// settings, which cost nothing).
func (c coster) plan(base *model.World, failing []string, p fix.Plan) (lines []string, total float64, ok bool) {
	f := p.Footprint()
	if len(f.InterfaceEndpoints) == 0 && len(f.GatewayEndpoints) == 0 && len(f.NATGateways) == 0 && len(f.PublicIPs) == 0 {
		return nil, 0, false
	}
	u := cost.Usage{GatewayEndpoints: f.GatewayEndpoints, ExistingNATGateways: f.NATGateways,
		PublicIPv4s: len(f.PublicIPs), GBPerMonth: c.gbPerMonth, ViaNAT: len(f.NATGateways) > 0, TaskAZs: taskAZs(failing, p)}
	for _, e := range f.InterfaceEndpoints {
		u.InterfaceEndpoints = append(u.InterfaceEndpoints, cost.EndpointUse{Service: e.Service, AZs: e.AZs})
	}
	e := c.table.Estimate(base.Region, u)
	lines = strings.Split(strings.TrimRight("Monthly cost in "+e.String(), "\n"), "\n")
	if layersViaNAT(p) {
		lines = append(lines, "  note: image layers go through the NAT gateway here; an S3 gateway endpoint on the tasks' route tables would carry them for free (aws-rules 8.1)")
	}
	if len(f.PublicIPs) > 0 {
		lines = append(lines, fmt.Sprintf("  note: a public IPv4 address is counted once per service (%s); each running task has its own", strings.Join(f.PublicIPs, ", ")))
	}
	return lines, e.Monthly, true
}

// taskAZs is the number of Availability Zones the workloads that would not
// start (failing, by name) run in.
func taskAZs(failing []string, p fix.Plan) int {
	azs := map[string]bool{}
	for _, wl := range p.Report.Workloads {
		if !slices.Contains(failing, wl.Name) {
			continue
		}
		for _, c := range wl.Calls {
			for _, pl := range c.Placements {
				if pl.AZ != "" {
					azs[pl.AZ] = true
				}
			}
		}
	}
	return len(azs)
}

// layersViaNAT reports whether p leaves some image layers to a NAT
// gateway, where an S3 gateway endpoint would carry them at no charge.
func layersViaNAT(p fix.Plan) bool {
	for _, wl := range p.Report.Workloads {
		for _, c := range wl.Calls {
			if c.Kind == sim.CallECRLayers && c.Via == sim.ViaNATGateway {
				return true
			}
		}
	}
	return false
}
