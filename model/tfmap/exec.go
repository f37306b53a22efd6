package tfmap

import (
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_ecr_pull_through_cache_rule": {objects: mapPullThroughCacheRule},
	})
}

// executeCommand maps an aws_ecs_cluster's configuration {
// execute_command_configuration { ... } } block (aws-rules 1.7.3): nil when
// the cluster has none. A setting known only after apply is recorded as
// undetermined; the simulator makes the calls it decides unknown.
func (b *builder) executeCommand(s site, o object) *model.ExecuteCommandConfig {
	conf, ok := s.block("configuration")
	if !ok {
		return nil
	}
	ecs, ok := conf.block("execute_command_configuration")
	if !ok {
		return nil
	}
	ec := &model.ExecuteCommandConfig{Source: ecs.pos}
	ec.KMSKeyID = b.execString(ecs, "kms_key_id", o)
	ec.Logging = strings.ToUpper(strOr(ecs.get("logging"), ""))
	if lc, ok := ecs.block("log_configuration"); ok {
		ec.CloudWatchLogGroup = b.execString(lc, "cloud_watch_log_group_name", o)
		ec.CloudWatchEncryption = boolOr(lc.get("cloud_watch_encryption_enabled"), false)
		ec.S3Bucket = b.execString(lc, "s3_bucket_name", o)
		ec.S3Encryption = boolOr(lc.get("s3_bucket_encryption_enabled"), false)
		ec.S3KeyPrefix = b.execString(lc, "s3_key_prefix", o)
	}
	return ec
}

// execString returns a string setting of an Exec configuration block,
// recording it as undetermined when it is known only after apply.
func (b *builder) execString(s site, name string, o object) string {
	v, st := str(s.get(name))
	if st == unknown {
		b.undetermine(s.at(name), o, afterApplyWhy)
	}
	return v
}

// mapPullThroughCacheRule maps an ECR pull through cache rule of the
// provider's registry (aws-rules 1.2.11). Its cache is cold when the plan
// creates it, else not known (1.2.14).
func mapPullThroughCacheRule(b *builder, r *Resource) {
	s := root(r)
	rule := model.PullThroughCacheRule{
		ID:                       r.Address,
		Source:                   r.Pos,
		Region:                   b.region(s),
		ECRRepositoryPrefix:      strOr(s.get("ecr_repository_prefix"), ""),
		UpstreamRegistryURL:      strOr(s.get("upstream_registry_url"), ""),
		UpstreamRepositoryPrefix: strOr(s.get("upstream_repository_prefix"), ""),
		CredentialARN:            strOr(s.get("credential_arn"), ""),
		CustomRoleARN:            strOr(s.get("custom_role_arn"), ""),
	}
	if id := strOr(s.get("registry_id"), ""); model.IsAccountID(id) && id != b.opts.Account {
		rule.Account = id
	}
	if r.Created {
		rule.Cache = model.CacheCold
		b.infof(r.Pos, CodeInferred, "%s is created by this plan, so its cache holds no image yet: the first pull of each tag through it needs an internet path (aws-rules 1.2.12, 1.2.14)", r.Address)
	}
	b.ptcRules.add(r.Address, rule)
}
