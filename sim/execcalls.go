package sim

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
)

// The consequences of an ECS Exec configuration call that is not
// reachable (aws-rules 1.7.7).
const (
	execKMSConsequence = "Without KMS the Systems Manager agent in the task cannot decrypt the session data, so ECS Exec sessions fail (\"The execute command failed\"); the task itself runs (aws-rules 1.7.4, 1.7.7)."
	execLogConsequence = "ECS Exec session logging to this destination fails; whether the exec session itself then fails or only its log is lost is not documented. The task itself runs (aws-rules 1.7.7)."
)

// kmsKeyARN matches a KMS key or alias ARN: its region, account and
// resource ("key/ID" or "alias/NAME").
var kmsKeyARN = regexp.MustCompile(`^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):((?:key|alias)/.+)$`)

// isExecKind reports whether kind is made by the Systems Manager agent in
// the task for ECS Exec (aws-rules 1.7.1, 1.7.2): it leaves from where the
// agent runs.
func isExecKind(kind CallKind) bool {
	switch kind {
	case CallExec, CallExecKMS, CallExecLogs, CallExecS3:
		return true
	}
	return false
}

// execConfigCalls adds the calls the cluster's executeCommandConfiguration
// makes the exec sessions of a workload send (aws-rules 1.7.2): to KMS for
// its key (1.7.4), and to the session log destinations (1.7.5, 1.7.6).
func (ix *index) execConfigCalls(wl *workload, add func(plannedCall)) {
	var ec model.ExecuteCommandConfig
	if wl.cluster.ExecuteCommand != nil {
		ec = *wl.cluster.ExecuteCommand
	}
	gate := wl.gate("ECS Exec", "1.4.0", "1.50.2") // 1.7.7: the platform of exec
	gated := func(c plannedCall, consequence string) {
		if c.unsupported == "" {
			c.unsupported = gate
		}
		c.consequence = consequence
		add(c)
	}
	if u, ok := ix.clusterUnknown(wl.cluster, "kms_key_id"); ok {
		// A key the input creates: known only after apply, in the task's
		// region (the key's own resource is there).
		gated(plannedCall{Call: Call{Kind: CallExecKMS, Resource: afterApply, Region: wl.region,
			Actions: []string{"kms:Decrypt"}, PolicyResource: afterApply}.addressed(catalog.HostValues{}), missing: []Missing{missingOf(u)}}, execKMSConsequence)
	} else if ec.KMSKeyID != "" {
		gated(ix.execKMSCall(wl, ec), execKMSConsequence)
	}
	switch ec.ExecLogging() {
	case model.ExecLoggingOverride:
		for _, c := range ix.execOverrideCalls(wl, ec) {
			gated(c, execLogConsequence)
		}
	case model.ExecLoggingDefault:
		for i := range wl.td.Containers {
			ct := &wl.td.Containers[i]
			if c, ok := ix.execDefaultLogCall(wl, ct); ok {
				gated(c, fmt.Sprintf("Exec logging of cluster %s is DEFAULT (AWS's default when none is set), so the session output of %s goes to its awslogs group (aws-rules 1.7.5). %s",
					wl.cluster.ID, containerLabel(wl.td, ct), execLogConsequence))
			}
		}
	}
}

// clusterUnknown returns the undetermined setting name of a cluster (the
// last part of its field), if the input leaves it so.
func (ix *index) clusterUnknown(cl *model.Cluster, name string) (model.Unknown, bool) {
	for _, u := range ix.unknowns[string(model.KindCluster)+"|"+cl.ID] {
		if setting(u.Field) == name {
			return u, true
		}
	}
	return model.Unknown{}, false
}

// execKMSCall is the exec-kms call of the cluster's key (aws-rules 1.7.4):
// in the region of a key ARN, else the task's. An alias names no key an
// endpoint policy could be asked about.
func (ix *index) execKMSCall(wl *workload, ec model.ExecuteCommandConfig) plannedCall {
	key := ec.KMSKeyID
	region, account, resource := wl.region, wl.account, ""
	if m := kmsKeyARN.FindStringSubmatch(key); m != nil {
		region, account, resource = m[1], m[2], m[3]
	} else {
		resource = key
		if !strings.HasPrefix(key, "alias/") {
			resource = "key/" + key
		}
	}
	arn := "arn:aws:kms:" + region + ":" + account + ":" + resource
	c := plannedCall{Call: Call{Kind: CallExecKMS, Resource: key, Region: region,
		Actions: []string{"kms:Decrypt"}, PolicyResource: arn}.addressed(catalog.HostValues{})}
	if strings.HasPrefix(resource, "alias/") {
		c.missing = []Missing{{What: "the KMS key that " + resource + " of cluster " + wl.cluster.ID + " names",
			Why:    "an endpoint policy sees the key's ARN, and the input does not say which key the alias names",
			Source: ec.Source}}
	}
	return c
}

// execLogActions are what the task role does on an Exec log group
// (aws-rules 1.7.5).
var execLogActions = []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:PutLogEvents"}

// execLogCall is an exec-logs call to group in region (aws-rules 1.7.5).
func (wl *workload) execLogCall(group, region string, missing []Missing) plannedCall {
	groupARN := "arn:aws:logs:" + region + ":" + wl.account + ":log-group:" + group
	return plannedCall{Call: Call{Kind: CallExecLogs, Resource: groupARN, Region: region,
		Actions: execLogActions, PolicyResource: groupARN + ":*"}.addressed(catalog.HostValues{}), missing: missing}
}

// execOverrideCalls are the calls of logging OVERRIDE: to the log group in
// the task region (aws-rules 1.7.5, 10.25) and to the bucket (1.7.6).
func (ix *index) execOverrideCalls(wl *workload, ec model.ExecuteCommandConfig) []plannedCall {
	var out []plannedCall
	if u, ok := ix.clusterUnknown(wl.cluster, "cloud_watch_log_group_name"); ok {
		out = append(out, wl.execLogCall(ec.CloudWatchLogGroup+afterApply, wl.region, []Missing{missingOf(u)}))
	} else if ec.CloudWatchLogGroup != "" {
		out = append(out, wl.execLogCall(ec.CloudWatchLogGroup, wl.region, nil))
	}
	if u, ok := ix.clusterUnknown(wl.cluster, "s3_bucket_name"); ok {
		return append(out, blindCall(Call{Kind: CallExecS3, Resource: afterApply}, missingOf(u),
			fmt.Sprintf("The Exec log bucket of cluster %s is not known (%s): the session logs go to BUCKET.s3.REGION.amazonaws.com, so the model cannot trace the call (aws-rules 1.7.6).", wl.cluster.ID, u.Why)))
	}
	if ec.S3Bucket == "" {
		return out
	}
	bucket := ec.S3Bucket
	region := wl.region
	if b := ix.buckets[bucket]; b != nil && b.Region != "" {
		region = b.Region
	} else {
		ix.diag(model.SeverityInfo, "exec-log-bucket-region", ec.Source,
			"the region of bucket %s is not in the input; the ECS Exec session logs of cluster %s are traced to it in the task region %s (aws-rules 1.7.6)", bucket, wl.cluster.ID, region)
	}
	bucketARN := "arn:aws:s3:::" + bucket
	out = append(out, plannedCall{Call: Call{Kind: CallExecS3, Resource: bucketARN, Region: region,
		Actions: []string{"s3:GetBucketLocation", "s3:GetEncryptionConfiguration"}, PolicyResource: bucketARN}.addressed(catalog.HostValues{Bucket: bucket})})
	objects := bucketARN + "/" + ec.S3KeyPrefix + "*"
	var missing []Missing
	if u, ok := ix.clusterUnknown(wl.cluster, "s3_key_prefix"); ok {
		objects = bucketARN + "/" + ec.S3KeyPrefix + afterApply
		missing = []Missing{missingOf(u)}
	}
	return append(out, plannedCall{Call: Call{Kind: CallExecS3, Resource: objects, Region: region,
		Actions: []string{"s3:PutObject"}, PolicyResource: objects}.addressed(catalog.HostValues{Bucket: bucket}), missing: missing})
}

// execDefaultLogCall is the exec-logs call of logging DEFAULT for a
// container that uses awslogs: to its group in its awslogs-region
// (aws-rules 1.7.5, 10.25). A container whose log settings are not known
// has its logs call say so; it gets none.
func (ix *index) execDefaultLogCall(wl *workload, ct *model.Container) (plannedCall, bool) {
	for _, f := range []model.ContainerField{model.FieldContainer, model.FieldLogDriver, model.FieldLogOptions, model.FieldLogRegion} {
		if _, ok := ct.Unknown(f, 0); ok {
			return plannedCall{}, false
		}
	}
	if ct.LogDriver != "awslogs" {
		return plannedCall{}, false
	}
	region := ct.LogOptions["awslogs-region"]
	if region == "" || !model.IsRegion(region) {
		region = wl.region // the logs call reports it (1.3.2)
	}
	group := ct.LogOptions["awslogs-group"]
	var missing []Missing
	if u, ok := ct.Unknown(model.FieldLogGroup, 0); ok {
		group += afterApply
		missing = []Missing{containerMissing(wl.td, ct, u)}
	}
	return wl.execLogCall(group, region, missing), true
}
