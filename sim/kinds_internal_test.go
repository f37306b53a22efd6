package sim

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
)

// callKinds are the CallKind constants, in the order of docs/architecture.md.
var callKinds = []CallKind{
	CallECRAuth, CallECRImage, CallECRLayers, CallRegistryPull, CallPTCUpstream, CallLogs,
	CallSecret, CallParameter, CallEnvFile, CallFirelens, CallEFS, CallExec,
	CallExecKMS, CallExecLogs, CallExecS3,
	CallECSAPI, CallECSAgent, CallECSTelemetry,
}

// TestCallKindCatalog checks that the CallKind constants are the kinds of
// catalog.Kinds, in its order, and no other.
func TestCallKindCatalog(t *testing.T) {
	var want, got []string
	for _, k := range catalog.Kinds {
		want = append(want, k.Name)
	}
	for _, k := range callKinds {
		got = append(got, string(k))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalog.Kinds and the CallKind constants differ (-catalog +sim):\n%s", diff)
	}
}

// endpoint is what the catalog fixes of a call: where it goes and when.
type endpoint struct {
	Kind    CallKind
	Service string // catalog.NoService for none
	Port    int
	Phase   Phase
}

// TestBuildersCoverCatalog checks that the call builders make a call of
// every kind (TestCallKindCatalog: of the catalog): on EC2, the sample task
// definition of Requirements uses every setting that makes a call, so a
// kind that no builder makes is missing from its calls. On Fargate the
// agent's calls are not made (aws-rules 1.8.2). Each call has the endpoint
// service, port and phase the catalog gives its kind.
func TestBuildersCoverCatalog(t *testing.T) {
	for _, tc := range []struct {
		launch, pv string
		want       []CallKind
	}{
		{"EC2", "", callKinds},
		{"FARGATE", "LATEST", slices.DeleteFunc(slices.Clone(callKinds), isAgentCall)},
	} {
		t.Run(tc.launch, func(t *testing.T) {
			_, calls, err := sampleCalls(tc.launch, tc.pv)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []CallKind
			var want, got []endpoint
			for _, c := range calls {
				kinds = append(kinds, c.Kind)
				k := kindOf(c.Kind)
				want = append(want, endpoint{c.Kind, k.Service, k.Port, Phase(k.Phase)})
				_, service, ok := model.SplitServiceName(c.Service)
				if !ok {
					service = catalog.NoService
				}
				got = append(got, endpoint{c.Kind, service, c.Port, c.Phase})
			}
			if diff := cmp.Diff(tc.want, slices.Compact(kinds)); diff != "" {
				t.Errorf("kinds of the calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("endpoints of the calls (-catalog +calls):\n%s", diff)
			}
		})
	}
}
