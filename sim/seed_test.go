package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

const r = "com.amazonaws.ap-northeast-1."

// reachableVia is the outcome of a call that reaches its service from the
// seed's only subnet.
func reachableVia(kind sim.CallKind, via sim.Via, service string) outcome {
	return outcome{Kind: kind, Verdict: sim.Reachable, Via: via, Blockers: []sim.Reason{},
		Placements: []placementOutcome{{Subnet: "private-a", Verdict: sim.Reachable, Via: via,
			Deciding: []string{r + service + ": deliver delivered"}}}}
}

// platformReachable is a call Fargate 1.3.0 makes from its own interface.
func platformReachable(kind sim.CallKind) outcome {
	return outcome{Kind: kind, Verdict: sim.Reachable, Via: sim.ViaFargatePlatform, Blockers: []sim.Reason{},
		Placements: []placementOutcome{{Subnet: "private-a", Verdict: sim.Reachable, Via: sim.ViaFargatePlatform,
			Deciding: []string{"Fargate platform interface: platform allowed"}}}}
}

func noRoute(kind sim.CallKind) outcome {
	return outcome{Kind: kind, Verdict: sim.Unreachable, Reason: sim.NoRoute, Blockers: []sim.Reason{sim.NoRoute},
		Placements: []placementOutcome{{Subnet: "private-a", Verdict: sim.Unreachable, Reason: sim.NoRoute,
			Deciding: []string{"private-a: route dropped NO_ROUTE"}}}}
}

// TestSeed checks the seed article's network and the experiments it
// describes.
func TestSeed(t *testing.T) {
	allReachable := []outcome{
		reachableVia(sim.CallECRAuth, sim.ViaInterfaceEndpoint, "ecr.api"),
		reachableVia(sim.CallECRImage, sim.ViaInterfaceEndpoint, "ecr.dkr"),
		reachableVia(sim.CallECRLayers, sim.ViaGatewayEndpoint, "s3"),
		reachableVia(sim.CallLogs, sim.ViaInterfaceEndpoint, "logs"),
		reachableVia(sim.CallSecret, sim.ViaInterfaceEndpoint, "secretsmanager"),
		reachableVia(sim.CallParameter, sim.ViaInterfaceEndpoint, "ssm"),
	}
	replace := func(calls []outcome, with outcome) []outcome {
		out := append([]outcome(nil), calls...)
		for i := range out {
			if out[i].Kind == with.Kind {
				out[i] = with
			}
		}
		return out
	}
	tests := []struct {
		name        string
		mutate      func(t *testing.T, w *model.World)
		want        []outcome
		starts      bool
		stoppedFrom string // the stoppedReason's prefix
	}{
		{
			// The article's verification environment: PV 1.4.0, six
			// endpoints with private DNS, no internet path (aws-rules 2.2).
			name:   "article environment: every call through an endpoint",
			mutate: func(*testing.T, *model.World) {},
			want:   allReachable,
			starts: true,
		},
		{
			// The article's experiment: private DNS off on secretsmanager,
			// so the name resolves publicly and there is no route
			// (aws-rules 3.2.5, 4.2.4, 7.3.3).
			name: "secretsmanager private DNS off: secret NO_ROUTE, article's error",
			mutate: func(t *testing.T, w *model.World) {
				endpoint(t, w, "secretsmanager").PrivateDNS = false
			},
			want:        replace(allReachable, noRoute(sim.CallSecret)),
			stoppedFrom: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried",
		},
		{
			// The article's table: 1.4.0 needs ecr.api (aws-rules 2.2).
			name: "no ecr.api endpoint on 1.4.0: ecr-auth NO_ROUTE",
			mutate: func(t *testing.T, w *model.World) {
				withoutEndpoint(w, "ecr-api")
			},
			want:        replace(allReachable, noRoute(sim.CallECRAuth)),
			stoppedFrom: "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR",
		},
		{
			// On 1.3.0 the Fargate-owned interface fetches the ECR token and
			// secrets (aws-rules 2.1.1), so ecr.api is not needed; image,
			// layers and logs still leave from the task ENI.
			name: "no ecr.api endpoint on 1.3.0: ecr-auth via the Fargate platform",
			mutate: func(t *testing.T, w *model.World) {
				withoutEndpoint(w, "ecr-api")
				w.Services[0].PlatformVersion = "1.3.0"
			},
			want: []outcome{
				platformReachable(sim.CallECRAuth),
				reachableVia(sim.CallECRImage, sim.ViaInterfaceEndpoint, "ecr.dkr"),
				reachableVia(sim.CallECRLayers, sim.ViaGatewayEndpoint, "s3"),
				reachableVia(sim.CallLogs, sim.ViaInterfaceEndpoint, "logs"),
				platformReachable(sim.CallSecret),
				platformReachable(sim.CallParameter),
			},
			starts: true,
		},
		{
			// aws-rules 2.1.2: the article lists ssm and secretsmanager for
			// 1.3.0; AWS says the platform fetches them. Without those
			// endpoints a 1.3.0 task still starts.
			name: "1.3.0 without ssm and secretsmanager endpoints still starts",
			mutate: func(t *testing.T, w *model.World) {
				withoutEndpoint(w, "ssm")
				withoutEndpoint(w, "secretsmanager")
				w.Services[0].PlatformVersion = "1.3.0"
			},
			want: []outcome{
				platformReachable(sim.CallECRAuth),
				reachableVia(sim.CallECRImage, sim.ViaInterfaceEndpoint, "ecr.dkr"),
				reachableVia(sim.CallECRLayers, sim.ViaGatewayEndpoint, "s3"),
				reachableVia(sim.CallLogs, sim.ViaInterfaceEndpoint, "logs"),
				platformReachable(sim.CallSecret),
				platformReachable(sim.CallParameter),
			},
			starts: true,
		},
		{
			// Without the S3 gateway endpoint the layer bucket resolves to
			// public S3 and the private subnet has no route (aws-rules 1.2.2,
			// 4.3.1); the pull fails with CannotPullContainerError.
			name: "no s3 gateway endpoint: ecr-layers NO_ROUTE",
			mutate: func(t *testing.T, w *model.World) {
				withoutEndpoint(w, "s3")
			},
			want:        replace(allReachable, noRoute(sim.CallECRLayers)),
			stoppedFrom: "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			tt.mutate(t, w)
			if diags := w.Validate(); diags.HasErrors() {
				t.Fatal(diags)
			}
			got := workload(t, sim.Run(w), "app")
			if diff := cmp.Diff(tt.want, outcomes(got)); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if got.Starts != tt.starts {
				t.Errorf("Starts = %v, want %v", got.Starts, tt.starts)
			}
			if !strings.HasPrefix(got.StoppedReason, tt.stoppedFrom) || (tt.stoppedFrom == "") != (got.StoppedReason == "") {
				t.Errorf("StoppedReason = %q, want prefix %q", got.StoppedReason, tt.stoppedFrom)
			}
		})
	}
}
