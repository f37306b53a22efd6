package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestApplyBPA checks that --vpc-bpa sets VPC Block Public Access for the
// input's account and Region only where the input sets none there
// (aws-rules 4.10.1, 10.33).
func TestApplyBPA(t *testing.T) {
	world := func(bpa ...model.BlockPublicAccess) *model.World {
		return &model.World{Region: "ap-northeast-1", Account: "123456789012", BlockPublicAccess: bpa}
	}
	flag := model.BlockPublicAccess{ID: BPAFlagID, Mode: model.BPAIngress}
	elsewhere := model.BlockPublicAccess{ID: "eu", Region: "eu-west-1", Mode: model.BPABidirectional}
	own := model.BlockPublicAccess{ID: "own", Mode: model.BPAOff}
	tests := []struct {
		name string
		mode string
		in   *model.World
		want []model.BlockPublicAccess
	}{
		{"10.33 no flag: the input's settings", "", world(elsewhere), []model.BlockPublicAccess{elsewhere}},
		{"10.33 the flag sets the input's account and Region", model.BPAIngress, world(), []model.BlockPublicAccess{flag}},
		{"10.33 a setting for another Region leaves the input's Region to the flag", model.BPAIngress, world(elsewhere), []model.BlockPublicAccess{elsewhere, flag}},
		{"4.10.1 the input's own setting wins", model.BPAIngress, world(own), []model.BlockPublicAccess{own}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Options{VPCBPA: tt.mode}.ApplyBPA(tt.in)
			if diff := cmp.Diff(tt.want, tt.in.BlockPublicAccess); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
		})
	}
	Options{VPCBPA: model.BPABidirectional}.ApplyBPA(nil) // no world: nothing to do, no panic
}
