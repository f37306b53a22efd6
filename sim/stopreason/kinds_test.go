package stopreason

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/catalog"
)

var platforms = []Platform{FargateContainerd, FargateDocker, EC2}

// reportsNoFailure says where ECS words no stoppedReason for a call of
// kind k that cannot connect: a runtime call stops no task (7.3.12), the
// Fargate platform makes some calls itself on PV 1.3.0 and earlier (7.4.3),
// and only the EC2 agent makes the agent's calls (1.8.2, 7.5.3).
func reportsNoFailure(k catalog.Kind, p Platform) bool {
	return k.Phase == catalog.PhaseRuntime ||
		k.FargatePlatform && p == FargateDocker ||
		k.Form == catalog.FormNoInstance && p != EC2
}

// TestEveryKindWorded checks that Message words a failure of every call
// kind of the catalog, on every platform where ECS reports one: a kind
// whose stoppedReason form Message does not know is listed with the
// platforms that lack a message.
func TestEveryKindWorded(t *testing.T) {
	want, got := map[string][]Platform{}, map[string][]Platform{}
	for _, k := range catalog.Kinds {
		for _, p := range platforms {
			if !reportsNoFailure(k, p) {
				want[k.Name] = append(want[k.Name], p)
			}
			if Message(Failure{Platform: p, Kind: k.Name, Reason: "NO_ROUTE", Region: tokyo}) != "" {
				got[k.Name] = append(got[k.Name], p)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("platforms with a message, by kind (-want +got):\n%s", diff)
	}
}

// TestEveryGatedKindNamed checks that the description of an
// UNSUPPORTED_BY_PLATFORM failure names the feature the catalog gives
// (catalog.Kind.Unsupported), on every platform that words one (1.4.5-1.7.1,
// 7.4.4); the messages that do not are listed.
func TestEveryGatedKindNamed(t *testing.T) {
	got := map[string]string{}
	for _, k := range catalog.Kinds {
		for _, p := range platforms {
			if k.Unsupported == "" || k.FargatePlatform && p == FargateDocker {
				continue // 7.4.3: no message at all
			}
			msg := Message(Failure{Platform: p, Kind: k.Name, Reason: reasonUnsupported, Region: tokyo})
			if !strings.Contains(msg, ": "+k.Unsupported+" ") {
				got[k.Name+" on "+string(p)] = msg
			}
		}
	}
	if diff := cmp.Diff(map[string]string{}, got); diff != "" {
		t.Errorf("descriptions that do not name the feature (-want +got):\n%s", diff)
	}
}
