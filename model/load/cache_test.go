package load

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestApplyCacheState checks that --ptc-cache gives its state only to the
// rules whose cache the input leaves unknown (aws-rules 1.2.14, 10.26).
func TestApplyCacheState(t *testing.T) {
	rules := func() *model.World {
		return &model.World{PullThroughCacheRules: []model.PullThroughCacheRule{
			{ID: "unset"}, {ID: "unknown", Cache: model.CacheUnknown}, {ID: "cold", Cache: model.CacheCold}, {ID: "warm", Cache: model.CacheWarm},
		}}
	}
	tests := []struct {
		name  string
		state model.CacheState
		want  []model.CacheState
	}{
		{"1.2.14 no flag: the input's states", "", []model.CacheState{"", model.CacheUnknown, model.CacheCold, model.CacheWarm}},
		{"1.2.14 warm: the unknown caches are warm, the input's own states stay", model.CacheWarm,
			[]model.CacheState{model.CacheWarm, model.CacheWarm, model.CacheCold, model.CacheWarm}},
		{"1.2.14 cold: the unknown caches are cold", model.CacheCold,
			[]model.CacheState{model.CacheCold, model.CacheCold, model.CacheCold, model.CacheWarm}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := rules()
			Options{PTCCache: tt.state}.ApplyCacheState(w)
			var got []model.CacheState
			for _, r := range w.PullThroughCacheRules {
				got = append(got, r.Cache)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("states (-want +got):\n%s", diff)
			}
		})
	}
	Options{PTCCache: model.CacheCold}.ApplyCacheState(nil) // no world: nothing to do, no panic
}
