module github.com/vpctrace/vpctrace

go 1.24

require (
	github.com/google/go-cmp v0.7.0
	go.yaml.in/yaml/v3 v3.0.6
)
