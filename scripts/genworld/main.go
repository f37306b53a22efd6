// Command genworld writes a generated world (internal/worldgen) as a
// scenario file, for measuring whole vpctrace processes on big inputs:
//
//	go run ./scripts/genworld -vpcs 500 -o world.yaml
//	vpctrace trace --format json world.yaml
//
// The world is the benchmarks' own: BenchmarkRunLarge and
// BenchmarkWriteLarge use 500 VPCs of 10 subnets and 10 services.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model/scenario"
)

func main() {
	var size worldgen.Size
	flag.IntVar(&size.VPCs, "vpcs", 500, "VPCs (at most 4096)")
	flag.IntVar(&size.SubnetsPerVPC, "subnets", 10, "task subnets per VPC (at most 16)")
	flag.IntVar(&size.ServicesPerVPC, "services", 10, "services per VPC")
	out := flag.String("o", "", "the scenario file to write (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || size.VPCs < 1 || size.VPCs > 4096 || size.SubnetsPerVPC < 1 || size.SubnetsPerVPC > 16 || size.ServicesPerVPC < 0 {
		fmt.Fprintln(os.Stderr, "usage: genworld [-vpcs N] [-subnets N] [-services N] -o FILE.yaml")
		os.Exit(2)
	}
	data, err := scenario.Encode(worldgen.Generate(size))
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genworld:", err)
		os.Exit(1)
	}
}
