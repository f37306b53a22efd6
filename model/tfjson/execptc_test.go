package tfjson_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
)

// TestPlanCreatesPullThroughCacheRule reads the real plan of
// testdata/terraform/exec-ptc: the plan creates the pull through cache
// rule, so its cache is cold (aws-rules 1.2.14, 10.26), and the cluster's
// ECS Exec configuration is read from the plan's values (1.7.3).
func TestPlanCreatesPullThroughCacheRule(t *testing.T) {
	plan := filepath.Join("..", "..", "testdata", "terraform", "exec-ptc", "plan.json")
	w, diags := tfjson.Load(plan, tfjson.Options{})
	if w == nil || diags.HasErrors() {
		t.Fatalf("tfjson.Load: %v", diags)
	}
	type rule struct {
		ID, Prefix, Upstream string
		Cache                model.CacheState
	}
	var rules []rule
	for _, r := range w.PullThroughCacheRules {
		rules = append(rules, rule{r.ID, r.ECRRepositoryPrefix, r.UpstreamRegistryURL, r.Cache})
	}
	want := []rule{{"aws_ecr_pull_through_cache_rule.docker_hub", "docker-hub", "registry-1.docker.io", model.CacheCold}}
	if diff := cmp.Diff(want, rules); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if len(w.Clusters) != 1 || w.Clusters[0].ExecuteCommand == nil {
		t.Fatalf("clusters: %+v", w.Clusters)
	}
	ec := *w.Clusters[0].ExecuteCommand
	ec.Source = model.Pos{}
	wantEC := model.ExecuteCommandConfig{KMSKeyID: "alias/ecs-exec", Logging: model.ExecLoggingOverride,
		CloudWatchLogGroup: "/ecs/exec", S3Bucket: "example-ecs-exec-logs", S3KeyPrefix: "exec"}
	if diff := cmp.Diff(wantEC, ec); diff != "" {
		t.Errorf("execute command configuration (-want +got):\n%s", diff)
	}
}
