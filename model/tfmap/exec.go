package tfmap

import (
	"regexp"
	"slices"
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
	ec.KMSKeyID = b.kmsKey(ecs, o)
	ec.Logging = strings.ToUpper(strOr(ecs.get("logging"), ""))
	if lc, ok := ecs.block("log_configuration"); ok {
		ec.CloudWatchLogGroup = b.text(lc, "cloud_watch_log_group_name", o)
		ec.CloudWatchEncryption = boolOr(lc.get("cloud_watch_encryption_enabled"), false)
		ec.S3Bucket = b.text(lc, "s3_bucket_name", o)
		ec.S3Encryption = boolOr(lc.get("s3_bucket_encryption_enabled"), false)
		ec.S3KeyPrefix = b.text(lc, "s3_key_prefix", o)
	}
	return ec
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

// kmsKey reads an Exec configuration's kms_key_id (aws-rules 1.7.4). An
// alias of an aws_kms_alias of the input (its name or ARN, written, or a
// reference to the alias known only after apply) whose target key is known
// is resolved to the key: an endpoint policy is asked about the key's ARN.
// Otherwise the value is kept, and one known only after apply is
// undetermined.
func (b *builder) kmsKey(s site, o object) string {
	as := s.at("kms_key_id")
	alias := b.kmsAlias(as)
	if alias == nil {
		return b.text(s, "kms_key_id", o)
	}
	key, ok := aliasTarget(alias)
	if !ok {
		b.undetermine(as, o, "it names the KMS alias "+alias.Address+", whose target key is known only after apply")
		return strOr(as.v, "")
	}
	b.infof(as.pos, CodeInferred, "%s of %s names the KMS alias %s, whose target is the key %s (aws-rules 1.7.4)", as.field, s.r.Address, alias.Address, key)
	return key
}

// kmsAlias returns the one aws_kms_alias (resource or data source) that
// the kms_key_id at as names: by its name or ARN when the value is known,
// else by the references of the value when they name one alias and no
// key. nil when there is none, or more than one.
func (b *builder) kmsAlias(as site) *Resource {
	var aliases []*Resource
	v, st := str(as.v)
	switch {
	case st == known && (strings.HasPrefix(v, "alias/") || kmsAliasARN.MatchString(v)):
		for _, h := range b.ix.byKey[v] {
			if h.r.Type == "aws_kms_alias" && !slices.Contains(aliases, h.r) {
				aliases = append(aliases, h.r)
			}
		}
	case st == unknown:
		for _, r := range b.ix.refResources(as.refs()) {
			switch r.Type {
			case "aws_kms_alias":
				aliases = append(aliases, r)
			case "aws_kms_key":
				return nil // the value may be the key's own ID or ARN
			}
		}
	}
	if len(aliases) != 1 {
		return nil
	}
	return aliases[0]
}

// kmsAliasARN matches a KMS alias ARN: its partition, region and account.
var kmsAliasARN = regexp.MustCompile(`^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):alias/.+$`)

// aliasTarget returns the key an alias names, when its target is known:
// the key's ARN (target_key_arn, a target_key_id that is an ARN, or a key
// ID with the region and account of the alias's ARN), else its key ID.
func aliasTarget(alias *Resource) (string, bool) {
	if arn, st := str(attr(alias.Values, "target_key_arn")); st == known && arn != "" {
		return arn, true
	}
	id, st := str(attr(alias.Values, "target_key_id"))
	if st != known || id == "" {
		return "", false
	}
	if strings.HasPrefix(id, "arn:") {
		return id, true
	}
	if m := kmsAliasARN.FindStringSubmatch(strOr(attr(alias.Values, "arn"), "")); m != nil {
		return "arn:" + m[1] + ":kms:" + m[2] + ":" + m[3] + ":key/" + id, true
	}
	return id, true
}
