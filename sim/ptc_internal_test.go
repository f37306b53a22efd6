package sim

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestPTCRuleMatch checks which rule serves a repository (aws-rules 1.2.11,
// 10.26) and the upstream repository it maps to.
func TestPTCRuleMatch(t *testing.T) {
	w := &model.World{Region: "us-east-1", Account: "123456789012", PullThroughCacheRules: []model.PullThroughCacheRule{
		{ID: "hub", ECRRepositoryPrefix: "docker-hub", UpstreamRegistryURL: "registry-1.docker.io"},
		{ID: "hub-team", ECRRepositoryPrefix: "docker-hub/team", UpstreamRegistryURL: "registry-1.docker.io", UpstreamRepositoryPrefix: "acme"},
		{ID: "root", ECRRepositoryPrefix: "ROOT", UpstreamRegistryURL: "210987654321.dkr.ecr.us-east-1.amazonaws.com"},
		{ID: "other-region", ECRRepositoryPrefix: "quay", UpstreamRegistryURL: "quay.io", Region: "eu-west-1"},
		{ID: "other-account", ECRRepositoryPrefix: "ghcr", UpstreamRegistryURL: "https://ghcr.io/", Account: "210987654321"},
	}}
	ix := newIndex(w)
	tests := []struct {
		name, account, region, repo string
		rule, upstream              string // "" for no rule
	}{
		{"1.2.11 the prefix with the / AWS adds", "123456789012", "us-east-1", "docker-hub/library/nginx", "hub", "library/nginx"},
		{"1.2.11 a prefix matches whole path segments only: docker-hub2 is not under docker-hub", "123456789012", "us-east-1", "docker-hub2/nginx", "root", "docker-hub2/nginx"},
		{"10.26 the longest matching prefix wins; the upstream prefix replaces it", "123456789012", "us-east-1", "docker-hub/team/app", "hub-team", "acme/app"},
		{"1.2.11 ROOT serves what no other rule serves", "123456789012", "us-east-1", "app", "root", "app"},
		{"1.2.11 a rule of another region serves nothing here", "123456789012", "us-east-1", "quay/x", "root", "quay/x"},
		{"1.2.11 the rule's own region", "123456789012", "eu-west-1", "quay/x", "other-region", "x"},
		{"1.2.11 a rule of another registry", "123456789012", "eu-west-1", "ghcr/x", "", ""},
		{"1.2.11 the rule's own account", "210987654321", "us-east-1", "ghcr/org/x", "other-account", "org/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ix.ptcRule(tt.account, tt.region, tt.repo)
			var id, up string
			if r != nil {
				id, up = r.ID, upstreamRepository(r, tt.repo)
			}
			if id != tt.rule || up != tt.upstream {
				t.Errorf("rule %q upstream %q, want %q and %q", id, up, tt.rule, tt.upstream)
			}
		})
	}
	if got := upstreamHost("https://ghcr.io/"); got != "ghcr.io" {
		t.Errorf("upstreamHost = %q, want ghcr.io", got)
	}
}
