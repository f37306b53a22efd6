package tfmap

import "github.com/vpctrace/vpctrace/model"

// Build maps resource instances to a world. (Being written; see the
// package documentation.)
func Build(resources []Resource, opts Options) (*model.World, model.Diagnostics) {
	return nil, model.Diagnostics{{Severity: model.SeverityError, Code: "not-implemented", Message: "Terraform mapping is not implemented yet"}}
}
