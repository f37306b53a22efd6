// Package awsschema gives the attribute types of the resource and data
// source types of the hashicorp/aws provider (ProviderVersion), as
// `terraform providers schema -json` prints them, so that an evaluator
// without the provider can make the typed unknowns Terraform makes: an
// attribute known only after apply is an unknown of its type, not of
// unknown type.
//
// A Schema keeps what a type's block declares: each attribute's type and
// whether it is required, optional or computed, and each nested block
// type's nesting mode, item limits and contents, recursively. It does not
// keep descriptions, or the sensitive, deprecated and write-only flags.
//
// The schemas are in schema.gz, made by gen.go (see README.md). Looking up
// a type decompresses only the part of the file that holds it, once; the
// first lookup of a type decodes it, once. All functions are safe for
// concurrent use.
package awsschema

//go:generate go run gen.go -version 5.100.0 -o schema.gz /tmp/schema/aws-5.100-schema.json

import (
	_ "embed" // for go:embed
	"slices"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

// ProviderVersion is the version of hashicorp/aws whose schema the package
// holds.
const ProviderVersion = "5.100.0"

//go:embed schema.gz
var data string

// Schema is what the evaluator needs to know of one resource or data source
// type: the attributes and nested block types of its top-level block. It
// is also the contents of a nested block type (Block.Body). Schemas are
// shared: callers must not modify them.
type Schema struct {
	// Attributes maps each attribute's name to its declaration.
	Attributes map[string]Attribute
	// Blocks maps each nested block type's name to its declaration.
	Blocks map[string]Block
}

// Attribute is the declaration of an attribute.
//
// Required attributes must be set; optional ones may be; computed ones that
// are not set are known only after apply. An attribute is either required,
// optional, computed, or optional and computed.
type Attribute struct {
	// Type is the attribute's type, never cty.NilType.
	Type                         cty.Type
	Required, Optional, Computed bool
}

// Block is the declaration of a nested block type.
type Block struct {
	Nesting Nesting
	// MinItems and MaxItems bound the number of blocks of a list or set
	// type; zero means no bound.
	MinItems, MaxItems int
	// Body is what each block of the type holds: its attributes and
	// nested block types. It is never nil, and may be shared with other
	// block types of the same contents.
	Body *Schema
}

// Nesting is how a nested block type's blocks make its value, as in
// Terraform's configschema. The zero Nesting is invalid.
type Nesting uint8

const (
	// NestingSingle is at most one block, whose value is an object, or
	// null without the block.
	NestingSingle Nesting = iota + 1
	// NestingList is any number of blocks, whose value is a list of objects.
	NestingList
	// NestingSet is any number of blocks, whose value is a set of objects.
	NestingSet
	// NestingMap is blocks with one label each, whose value is a map of
	// objects keyed by label.
	NestingMap
	// NestingGroup is like NestingSingle, but the value is never null:
	// without the block, it is an object of null attributes.
	NestingGroup
)

var nestingNames = [...]string{
	NestingSingle: "single",
	NestingList:   "list",
	NestingSet:    "set",
	NestingMap:    "map",
	NestingGroup:  "group",
}

// String returns the nesting mode's name in Terraform's JSON schema
// ("single", "list", "set", "map", "group"), or "invalid".
func (n Nesting) String() string {
	if int(n) < len(nestingNames) && nestingNames[n] != "" {
		return nestingNames[n]
	}
	return "invalid"
}

// Resource returns the schema of a managed resource type, such as
// "aws_instance". It reports false if the provider has no such type.
func Resource(typ string) (*Schema, bool) {
	return embedded().lookup(kindResource, typ)
}

// DataSource returns the schema of a data source type, such as
// "aws_subnets". It reports false if the provider has no such type.
func DataSource(typ string) (*Schema, bool) {
	return embedded().lookup(kindDataSource, typ)
}

// ComputedAttributes returns the sorted names of the computed attributes
// of s, optional ones included: those the provider sets when the
// configuration does not, a resource's once it is applied and a data
// source's once it is read.
func (s *Schema) ComputedAttributes() []string {
	var names []string
	for name, a := range s.Attributes {
		if a.Computed {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

var embedded = sync.OnceValue(func() *index { return newIndex(data) })
