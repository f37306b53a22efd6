// Command vpctrace traces, offline, the network path of every AWS call that
// ECS makes on behalf of each task in a described VPC, and says whether the
// task would start.
//
// Run "vpctrace help" for the commands and flags.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
