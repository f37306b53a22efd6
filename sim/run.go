package sim

import "github.com/vpctrace/vpctrace/model"

// Run traces every workload of w and returns the results in input order,
// with the diagnostics found while tracing. w must have passed Validate.
func Run(w *model.World) Report {
	return Report{} // engine under construction in this session
}

// Requirements returns, for a launch type ("FARGATE" or "EC2") and a
// platform version ("1.3.0", "1.4.0", "LATEST", or empty), which endpoint
// services each use case needs.
func Requirements(launchType, platformVersion string) ([]Requirement, error) {
	return nil, nil // engine under construction in this session
}
