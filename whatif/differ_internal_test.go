package whatif

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestDifferingKeepsUnknownKinds checks that a ref of a kind differing
// does not look up is kept, so that Try re-traces what it may affect,
// while a ref it looks up is kept only when its object differs.
func TestDifferingKeepsUnknownKinds(t *testing.T) {
	w := &model.World{
		TransitGateways:           []model.TransitGateway{{ID: "tgw"}},
		TransitGatewayAttachments: []model.TransitGatewayAttachment{{ID: "att", Subnets: []string{"a"}}},
	}
	changed := model.Clone(w)
	changed.TransitGatewayAttachments[0].Subnets = append(changed.TransitGatewayAttachments[0].Subnets, "c")
	refs := []model.Ref{
		{Kind: model.KindTransitGateway, ID: "tgw"}, // not looked up: kept
		{Kind: model.KindTGWAttachment, ID: "att"},  // changed: kept
		{Kind: model.KindVPC, ID: "none"},           // in neither world: dropped
		{Kind: model.KindTransitGateway, ID: "tgw"}, // twice: once
	}
	want := refs[:2]
	if diff := cmp.Diff(want, differing(w, changed, refs)); diff != "" {
		t.Errorf("differing (-want +got):\n%s", diff)
	}
	if got := differing(w, model.Clone(w), refs[1:2]); len(got) != 0 {
		t.Errorf("an attachment equal in both worlds is kept: %v", got)
	}
}
