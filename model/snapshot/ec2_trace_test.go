package snapshot

import (
	"fmt"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// withService adds a Fargate service that pulls an ECR image in subnet
// to w, as the ECS responses would.
func withService(w *model.World, subnet string) {
	w.Region, w.Account = "ap-northeast-1", ec2Account
	w.Clusters = append(w.Clusters, model.Cluster{ID: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/app", Name: "app"})
	w.TaskDefinitions = append(w.TaskDefinitions, model.TaskDefinition{ID: "app:1", Family: "app", NetworkMode: "awsvpc",
		RequiresCompatibilities: []string{"FARGATE"}, ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec",
		Containers: []model.Container{{Name: "app", Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1"}}})
	w.Services = append(w.Services, model.Service{ID: "svc", Name: "svc", Cluster: w.Clusters[0].ID, TaskDefinition: "app:1",
		LaunchType: "FARGATE", PlatformVersion: "1.4.0", Subnets: []string{subnet}, SecurityGroups: []string{"sg-0default"}})
}

// TestEC2Traces traces a service in the worlds of the EC2 cases: the
// worlds validate, the simulator reads them without error, and a task
// whose only way out is the NAT gateway of the snapshot starts (aws-rules
// 11.2.2, 11.2.4), one behind a table whose default route names a NAT
// gateway the folder lacks is unknown (11.2.1), and so is one whose
// endpoint's group the folder lacks (11.2.11).
func TestEC2Traces(t *testing.T) {
	for _, c := range []struct {
		name, subnet string
		want         sim.Outcome
	}{
		{"nat-ok", "subnet-0priv", sim.OutcomeStarts},
		// A route to a prefix list whose addresses the folder lacks may
		// beat the default route.
		{"routes", "subnet-0priv", sim.OutcomeUnknown},
		// The endpoint's group is not described: its rules are unknown.
		{"endpoints", "subnet-0c", sim.OutcomeUnknown},
		{"instances", "subnet-0a", sim.OutcomeFails}, // the main table has only the local route
		{"acls", "subnet-0a", sim.OutcomeFails},
		{"nat-unknown", "subnet-0priv", sim.OutcomeUnknown},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, diags := loadEC2Case(t, c.name, false)
			if diags.HasErrors() {
				t.Fatalf("load: %v", diags)
			}
			withService(w, c.subnet)
			if ds := w.Validate(); ds.HasErrors() {
				t.Fatalf("validate: %v", ds)
			}
			r := sim.Run(w)
			if r.Diagnostics.HasErrors() {
				t.Errorf("trace: %v", r.Diagnostics)
			}
			if got := r.Workloads[0].Outcome; got != c.want {
				t.Errorf("outcome %s, want %s: %s", got, c.want, fmt.Sprint(r.Workloads[0].StoppedReason))
			}
		})
	}
}
