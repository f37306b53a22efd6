package terraform

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAddresses(t *testing.T) {
	keys := []instKey{
		{kind: stringKey, key: `a"b`},
		{kind: stringKey, key: "${x}"},
		{kind: stringKey, key: "line\nbreak\t\\"},
		{kind: stringKey, key: "\x01"},
		{kind: intKey, index: 12},
		{kind: noKey},
	}
	var got []string
	for _, k := range keys {
		got = append(got, k.String())
	}
	want := []string{`["a\"b"]`, `["$${x}"]`, `["line\nbreak\t\\"]`, `["\u0001"]`, "[12]", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	sorted := []string{"aws_subnet.x[10]", "aws_subnet.x[2]", `aws_subnet.x["a"]`, "aws_subnet.x", "aws_subnet.x[1].y"}
	slices.SortFunc(sorted, compareAddresses)
	wantSorted := []string{"aws_subnet.x", `aws_subnet.x["a"]`, "aws_subnet.x[1].y", "aws_subnet.x[2]", "aws_subnet.x[10]"}
	if diff := cmp.Diff(wantSorted, sorted); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}
