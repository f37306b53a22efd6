package scenario

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/example"
)

// TestDocsCoverFormat keeps docs/scenario.md honest: it shows the built-in
// example verbatim, has a section per collection and names every key.
func TestDocsCoverFormat(t *testing.T) {
	raw, err := os.ReadFile("../../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	if !strings.Contains(doc, "```yaml\n"+string(example.Seed)+"```") {
		t.Errorf("docs/scenario.md does not show example/seed.yaml verbatim")
	}
	for _, key := range topKeys[3:] {
		if !regexp.MustCompile(`(?m)^## .*\b` + key + `\b`).MatchString(doc) {
			t.Errorf("docs/scenario.md has no section for %s", key)
		}
	}
	lists := [][]string{
		topKeys[:3], vpcKeys, subnetKeys, routeTableKeys, routeKeys, vpcOnlyKeys, natKeys,
		instanceKeys, endpointKeys, securityGroupKeys, sgRuleKeys, networkACLKeys,
		aclRuleKeys, prefixListKeys, dhcpKeys, hostedZoneKeys, recordKeys,
		transitGatewayKeys, attachmentKeys, tgwRouteTableKeys, tgwRouteKeys, peeringKeys,
		fileSystemKeys, mountTargetKeys, bucketKeys, clusterKeys, taskDefinitionKeys,
		containerKeys, logKeys, secretKeys, volumeKeys, efsKeys, serviceKeys,
		autoScalingGroupKeys, execCommandKeys, ptcRuleKeys,
		resolverRuleKeys, firewallListKeys, firewallGroupKeys, firewallRuleKeys, firewallAssociationKeys,
		autoScalingGroupKeys, execCommandKeys, ptcRuleKeys, bpaKeys, bpaExclusionKeys, networkFirewallKeys, nfwPolicyKeys,
		nfwGroupRefKeys, nfwRuleGroupKeys, nfwStatelessRuleKeys, nfwStatefulRuleKeys, nfwDomainListKeys,
	}
	for _, keys := range lists {
		for _, key := range keys {
			if !strings.Contains(doc, "`"+key+"`") && !strings.Contains(doc, key+":") {
				t.Errorf("docs/scenario.md does not mention key %q", key)
			}
		}
	}
}
