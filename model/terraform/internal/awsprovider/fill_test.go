package awsprovider

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/internal/awsschema"
	"github.com/zclconf/go-cty/cty"
)

// TestFillBlocks checks, for every nesting mode, that each object of a
// nested block gets the attributes its schema declares as Terraform gives
// them: unset computed ones unknown, other unset ones null, set ones
// kept; unset nested blocks empty or null
// (https://developer.hashicorp.com/terraform/language/expressions/references#values-not-yet-known).
func TestFillBlocks(t *testing.T) {
	inner := &awsschema.Schema{
		Attributes: map[string]awsschema.Attribute{"w": {Type: cty.Number, Optional: true}},
		Blocks:     map[string]awsschema.Block{},
	}
	body := &awsschema.Schema{
		Attributes: map[string]awsschema.Attribute{
			"req": {Type: cty.String, Required: true},
			"opt": {Type: cty.Bool, Optional: true},
			"oc":  {Type: cty.String, Optional: true, Computed: true},
			"c":   {Type: cty.List(cty.String), Computed: true},
		},
		Blocks: map[string]awsschema.Block{
			"in":  {Nesting: awsschema.NestingList, Body: inner},
			"one": {Nesting: awsschema.NestingSingle, Body: inner},
		},
	}
	set := cty.ObjectVal(map[string]cty.Value{"req": cty.StringVal("x"), "oc": cty.StringVal("y")})
	filled := cty.ObjectVal(map[string]cty.Value{
		"req": cty.StringVal("x"), "oc": cty.StringVal("y"),
		"opt": cty.NullVal(cty.Bool), "c": cty.UnknownVal(cty.List(cty.String)),
		"in": cty.EmptyTupleVal, "one": cty.NullVal(cty.DynamicPseudoType),
	})
	withIn := cty.ObjectVal(map[string]cty.Value{"req": cty.StringVal("x"), "oc": cty.StringVal("y"),
		"in": cty.TupleVal([]cty.Value{cty.EmptyObjectVal})})
	withInFilled := cty.ObjectVal(map[string]cty.Value{
		"req": cty.StringVal("x"), "oc": cty.StringVal("y"),
		"opt": cty.NullVal(cty.Bool), "c": cty.UnknownVal(cty.List(cty.String)),
		"in":  cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"w": cty.NullVal(cty.Number)})}),
		"one": cty.NullVal(cty.DynamicPseudoType),
	})
	one := func(v cty.Value) cty.Value { return cty.TupleVal([]cty.Value{v}) }
	list := cty.ListVal([]cty.Value{set})
	tests := []struct {
		name    string
		nesting awsschema.Nesting
		in      cty.Value
		want    cty.Value
	}{
		{"list", awsschema.NestingList, cty.TupleVal([]cty.Value{set, set}), cty.TupleVal([]cty.Value{filled, filled})},
		{"set", awsschema.NestingSet, one(set), one(filled)},
		{"single", awsschema.NestingSingle, one(set), one(filled)},
		{"single from .tf.json or a prior", awsschema.NestingSingle, set, filled},
		{"group", awsschema.NestingGroup, one(set), one(filled)},
		{"map: an object is keyed by label, left as it is", awsschema.NestingMap, set, set},
		{"a block in a block", awsschema.NestingList, one(withIn), one(withInFilled)},
		{"no blocks", awsschema.NestingList, cty.EmptyTupleVal, cty.EmptyTupleVal},
		{"unknown (dynamic block over a collection known after apply)", awsschema.NestingList, cty.DynamicVal, cty.DynamicVal},
		{"null", awsschema.NestingSingle, cty.NullVal(cty.DynamicPseudoType), cty.NullVal(cty.DynamicPseudoType)},
		{"a prior's list is complete", awsschema.NestingList, list, list},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fillBlocks(tt.in, awsschema.Block{Nesting: tt.nesting, Body: body})
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
