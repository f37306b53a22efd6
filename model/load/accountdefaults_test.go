package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestAddLogDriverMode checks that --default-log-driver-mode gives the
// account's defaultLogDriverMode in every region the tasks run in that the
// input sets none for: the input's own setting is what the account has
// once it is applied (aws-rules 1.3.5).
func TestAddLogDriverMode(t *testing.T) {
	inputSetting := model.AccountSetting{ID: "log-mode", Name: model.SettingDefaultLogDriverMode, Value: "blocking"}
	insights := model.AccountSetting{ID: "insights", Name: "containerInsights", Value: "enabled", Region: "eu-west-1"}
	flag := func(region string) model.AccountSetting {
		a := model.AccountSetting{ID: FlagDefaultLogDriverMode, Name: model.SettingDefaultLogDriverMode, Value: "non-blocking"}
		if region != "" {
			a.ID, a.Region = FlagDefaultLogDriverMode+" ("+region+")", region
		}
		return a
	}
	clusters := []model.Cluster{{ID: "tokyo"}, {ID: "dublin", Region: "eu-west-1"}, {ID: "dublin-2", Region: "eu-west-1"}}
	cases := []struct {
		name     string
		mode     string
		settings []model.AccountSetting
		want     []model.AccountSetting
	}{
		{name: "1.3.5 no flag: nothing added", settings: []model.AccountSetting{insights}, want: []model.AccountSetting{insights}},
		{name: "1.3.5 every region of the tasks, once", mode: "non-blocking", settings: []model.AccountSetting{insights},
			want: []model.AccountSetting{insights, flag(""), flag("eu-west-1")}},
		{name: "1.3.5 the input's setting wins in its region", mode: "non-blocking", settings: []model.AccountSetting{inputSetting},
			want: []model.AccountSetting{inputSetting, flag("eu-west-1")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := &model.World{Region: "ap-northeast-1", Clusters: clusters, AccountSettings: tc.settings}
			AddLogDriverMode(w, tc.mode)
			if diff := cmp.Diff(tc.want, w.AccountSettings); diff != "" {
				t.Errorf("account settings (-want +got):\n%s", diff)
			}
			if diags := w.Validate(); diags.HasErrors() {
				t.Errorf("the world no longer validates: %v", diags)
			}
		})
	}
	AddLogDriverMode(nil, "blocking") // no world: nothing to do, no panic
}
