package tfmap

import (
	"testing"

	"github.com/vpctrace/vpctrace/model"
)

// TestBuildExecuteCommand maps an aws_ecs_cluster's ECS Exec configuration
// (aws-rules 1.7.3): a known KMS key and log destinations, and settings
// known only after apply recorded as undetermined for the simulator.
func TestBuildExecuteCommand(t *testing.T) {
	resources := []Resource{
		res(1, "aws_ecs_cluster.known", M{"name": "known", "configuration": L{M{"execute_command_configuration": L{M{
			"kms_key_id": "arn:aws:kms:ap-northeast-1:123456789012:key/k", "logging": "OVERRIDE",
			"log_configuration": L{M{"cloud_watch_log_group_name": "/ecs/exec", "cloud_watch_encryption_enabled": true,
				"s3_bucket_name": "exec-logs", "s3_bucket_encryption_enabled": true, "s3_key_prefix": "exec/"}},
		}}}}}, pos("configuration.0", 2, 3)),
		res(10, "aws_ecs_cluster.planned", M{"name": "planned", "configuration": L{M{"execute_command_configuration": L{M{
			"kms_key_id": U, "logging": "OVERRIDE", "log_configuration": L{M{"s3_bucket_name": U}},
		}}}}}, refs("configuration", "aws_kms_key.exec", "aws_s3_bucket.logs"), pos("configuration.0", 11, 3)),
		res(20, "aws_ecs_cluster.plain", M{"name": "plain"}),
	}
	want := world(model.World{Clusters: []model.Cluster{
		{ID: "aws_ecs_cluster.known", Source: at(1, 1), Name: "known", ExecuteCommand: &model.ExecuteCommandConfig{
			Source: at(2, 3), KMSKeyID: "arn:aws:kms:ap-northeast-1:123456789012:key/k", Logging: model.ExecLoggingOverride,
			CloudWatchLogGroup: "/ecs/exec", CloudWatchEncryption: true, S3Bucket: "exec-logs", S3Encryption: true, S3KeyPrefix: "exec/"}},
		{ID: "aws_ecs_cluster.plain", Source: at(20, 1), Name: "plain"},
		{ID: "aws_ecs_cluster.planned", Source: at(10, 1), Name: "planned", ExecuteCommand: &model.ExecuteCommandConfig{
			Source: at(11, 3), Logging: model.ExecLoggingOverride}},
	}, Unknowns: []model.Unknown{
		{ID: "aws_ecs_cluster.planned", Kind: model.KindCluster, Field: "configuration.0.execute_command_configuration.0.kms_key_id",
			Why: "known only after apply", Source: at(11, 3)},
		{ID: "aws_ecs_cluster.planned", Kind: model.KindCluster, Field: "configuration.0.execute_command_configuration.0.log_configuration.0.s3_bucket_name",
			Why: "known only after apply", Source: at(11, 3)},
	}})
	check(t, resources, want, []string{
		diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
		diag(model.SeverityWarning, CodeUndetermined, at(11, 3)),
	})
}

// TestBuildPullThroughCacheRule maps pull through cache rules (aws-rules
// 1.2.11): a rule the plan creates has a cold cache (1.2.14), one that
// exists an unknown one; a registry_id of another account is kept.
func TestBuildPullThroughCacheRule(t *testing.T) {
	created := func(r *Resource) { r.Created = true }
	resources := []Resource{
		res(1, "aws_ecr_pull_through_cache_rule.hub", M{"ecr_repository_prefix": "docker-hub", "upstream_registry_url": "registry-1.docker.io",
			"credential_arn": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:ecr-pullthroughcache/hub", "registry_id": U}, created),
		res(5, "aws_ecr_pull_through_cache_rule.ecr", M{"ecr_repository_prefix": "ROOT", "upstream_registry_url": "210987654321.dkr.ecr.us-east-1.amazonaws.com",
			"custom_role_arn": "arn:aws:iam::123456789012:role/ptc", "upstream_repository_prefix": "ROOT", "registry_id": "123456789012", "region": "us-east-1"}),
	}
	want := world(model.World{PullThroughCacheRules: []model.PullThroughCacheRule{
		{ID: "aws_ecr_pull_through_cache_rule.ecr", Source: at(5, 1), Region: "us-east-1", ECRRepositoryPrefix: "ROOT",
			UpstreamRegistryURL: "210987654321.dkr.ecr.us-east-1.amazonaws.com", UpstreamRepositoryPrefix: "ROOT", CustomRoleARN: "arn:aws:iam::123456789012:role/ptc"},
		{ID: "aws_ecr_pull_through_cache_rule.hub", Source: at(1, 1), ECRRepositoryPrefix: "docker-hub", UpstreamRegistryURL: "registry-1.docker.io",
			CredentialARN: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:ecr-pullthroughcache/hub", Cache: model.CacheCold},
	}})
	check(t, resources, want, []string{diag(model.SeverityInfo, CodeInferred, at(1, 1))}, "created by this plan")
}
