package sim

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim/stopreason"
)

// workload is a service (or standalone task) with everything resolved that
// decides its calls.
type workload struct {
	svc     *model.Service
	td      *model.TaskDefinition
	cluster *model.Cluster
	region  string
	account string

	launchType string // "FARGATE" or "EC2"
	// platform is the resolved Fargate platform version ("1.4.0"); empty
	// on EC2.
	platform string
	windows  bool
	// hosts are the EC2 container capacity the tasks can run on.
	hosts []host
	// gaps are the settings the input does not determine.
	gaps gaps
	// table is set for the sample task of Requirements, which no
	// service runs: messages speak of the table's platform version.
	table bool
}

// roleGaps returns what is missing of the principal of a call of kind
// (aws-rules 6.1.4, catalog.Kind.Principal): of the task role or the
// execution role for calls made as the task, nothing for calls made as
// someone else.
func (wl *workload) roleGaps(kind CallKind) []Missing {
	switch kindOf(kind).Principal {
	case catalog.PrincipalTaskRole:
		return wl.gaps.taskRole
	case catalog.PrincipalExecutionRole:
		return wl.gaps.execRole
	}
	return nil
}

// host is EC2 container capacity: an instance, or the instances an auto
// scaling group launches into one subnet.
type host struct {
	id           string
	subnet       *model.Subnet
	sgs          []string
	publicIP     bool
	role         string
	agentVersion string
}

// plannedCall is a call with the platform gate that may stop it and the
// inputs of it that the input does not determine.
type plannedCall struct {
	Call
	// unsupported explains why the platform cannot make the call
	// (UNSUPPORTED_BY_PLATFORM); empty when it can. refusalRules and
	// refusalAdvice, when set, are the rules behind that refusal and what
	// to change; otherwise those of the platform version and agent gates
	// (aws-rules 1.4.5, 1.5.1, 1.6.2, 1.7.1).
	unsupported   string
	refusalRules  string
	refusalAdvice string
	// invalidImage is the container runtime's refusal of the image
	// reference of the container at imageSource (INVALID_IMAGE_REFERENCE);
	// empty when it parses.
	invalidImage string
	imageSource  model.Pos
	// missing lists the call's own inputs that the input does not
	// determine. When blind is set they hide where the call goes, and
	// note says so in a sentence; otherwise they are only what an
	// endpoint policy is asked about (see policyUndetermined).
	missing []Missing
	blind   bool
	note    string
	// onlyIf is a fact the input does not give that decides whether the
	// call is made at all, such as the state of a pull through cache: a
	// warm cache makes no ptc-upstream call (aws-rules 1.2.14). A path
	// that is not reachable is then unknown. ifLead and ifTail are the
	// sentences before and after the path's explanation that say when the
	// call is made and when not. nil for calls that are always made.
	onlyIf         *Missing
	ifLead, ifTail string
	// consequence says, in a sentence, what fails when the call is not
	// reachable, where the call kind does not say it itself; "" for none.
	consequence string
	// stopsMissing names what decides whether a failure of the call stops
	// the task, when StopsTask is StopsUnknown (aws-rules 1.3.6).
	stopsMissing []Missing
	// traceID is what of the call a network trace reads (callTraceID).
	traceID string
}

// version is a dotted version number such as 1.4.0.
type version [3]int

// parseVersion parses one to three dot-separated numbers.
func parseVersion(s string) (version, bool) {
	var v version
	for i := range v {
		p, rest, more := strings.Cut(s, ".")
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return version{}, false
		}
		v[i], s = n, rest
		if !more {
			return v, true
		}
	}
	return version{}, false // more than three parts
}

func (v version) less(w version) bool { return slices.Compare(v[:], w[:]) < 0 }

func mustVersion(s string) version {
	v, _ := parseVersion(s)
	return v
}

// resolvePlatform returns the Fargate platform version a service runs:
// LATEST and an unset version are 1.4.0 on Linux and 1.0.0 on Windows
// (aws-rules 2.3, 10.2).
func resolvePlatform(pv string, windows bool) (string, error) {
	switch strings.ToUpper(pv) {
	case "", "LATEST":
		if windows {
			return "1.0.0", nil
		}
		return "1.4.0", nil
	}
	if _, ok := parseVersion(pv); !ok {
		return "", fmt.Errorf("platform version %q is not LATEST or a version such as 1.4.0", pv)
	}
	return pv, nil
}

// legacyFargate reports whether the workload runs on Fargate Linux 1.3.0 or
// earlier, where the platform fetches ECR auth and secrets through its own
// interface (aws-rules 2.1).
func (wl *workload) legacyFargate() bool {
	return wl.launchType == "FARGATE" && !wl.windows && wl.platform != "" && mustVersion(wl.platform).less(fargate140)
}

// fargate140 is Fargate platform version 1.4.0, parsed once.
var fargate140 = mustVersion("1.4.0")

// gate returns why the workload cannot use a feature that needs Fargate
// Linux platform version fargate or EC2 agent version agent, or "".
func (wl *workload) gate(feature, fargate, agent string) string {
	switch {
	case wl.launchType == "FARGATE" && wl.windows:
		return ""
	case wl.launchType == "FARGATE":
		if wl.platform != "" && mustVersion(wl.platform).less(mustVersion(fargate)) {
			runs := "the service runs"
			if wl.table {
				runs = "this table is for"
			}
			return fmt.Sprintf("Fargate platform version %s or later is needed for %s; %s %s", fargate, feature, runs, wl.platform)
		}
	default:
		for _, h := range wl.hosts {
			if v, ok := parseVersion(h.agentVersion); ok && h.agentVersion != "" && v.less(mustVersion(agent)) {
				return fmt.Sprintf("ECS agent %s or later is needed for %s; %s runs %s", agent, feature, h.id, h.agentVersion)
			}
		}
	}
	return ""
}

// origin returns the interface that makes a call of kind (aws-rules 2, table).
func (wl *workload) origin(kind CallKind) Origin {
	if wl.launchType == "FARGATE" {
		if wl.legacyFargate() && kindOf(kind).FargatePlatform {
			return OriginFargatePlatform // 2.1.1
		}
		return OriginTaskENI // 2.2
	}
	if isExecKind(kind) && wl.td.NetworkMode == "awsvpc" || wl.launchType == "" {
		return OriginTaskENI // 2.6: the SSM agent runs inside the task (or the launch type is not known)
	}
	return OriginInstance // 2.6
}

// principal returns the IAM principal of a call (aws-rules 6.1.4,
// catalog.Kind.Principal).
func (wl *workload) principal(kind CallKind) string {
	switch kindOf(kind).Principal {
	case catalog.PrincipalAWS:
		return "" // presigned download by ECR (6.3.1)
	case catalog.PrincipalTaskRole:
		return wl.td.TaskRoleARN
	case catalog.PrincipalInstanceRole:
		return wl.hostRole()
	}
	if wl.td.ExecutionRoleARN == "" && wl.launchType == "EC2" {
		return wl.hostRole()
	}
	return wl.td.ExecutionRoleARN
}

func (wl *workload) hostRole() string {
	for _, h := range wl.hosts {
		if h.role != "" {
			return h.role
		}
	}
	return ""
}

var (
	secretARN    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)(:.*)?$`)
	ssmARN       = regexp.MustCompile(`^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter/?(.+)$`)
	s3ObjectARN  = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::([^/]+)/(.+)$`)
	secretSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)
)

// matchKey is a pattern and a string it is matched against.
type matchKey struct {
	re *regexp.Regexp
	s  string
}

// submatch is re.FindStringSubmatch(s), computed once per index for each
// pattern and string: the services of a task definition parse the same
// ARNs for every call. The result is shared: treat it as read-only.
func (ix *index) submatch(re *regexp.Regexp, s string) []string {
	key := matchKey{re, s}
	m, ok := ix.matches[key]
	if !ok {
		m = re.FindStringSubmatch(s)
		ix.matches[key] = m
	}
	return m
}

// checkReference is stopreason.CheckReference, parsed once per index
// for each image.
func (ix *index) checkReference(image string) error {
	err, ok := ix.references[image]
	if !ok {
		err = stopreason.CheckReference(image)
		ix.references[image] = err
	}
	return err
}

// callsKey is what of a workload its calls depend on, for one that runs
// on no EC2 hosts and whose roles are known (see callsOnce).
type callsKey struct {
	td                                    *model.TaskDefinition
	cluster                               *model.Cluster
	region, account, launchType, platform string
	windows, table, exec                  bool
}

// callsMemo is a memoized list of calls with what listing them read and
// reported.
type callsMemo struct {
	calls []plannedCall
	recorded
}

// callsOnce is calls, listed once per index for the workloads that
// share a callsKey: the services of one task definition in one cluster.
// A workload on EC2 hosts, or whose roles the input does not determine,
// is listed on its own. The callers share the list: they must not change
// it (ipv6Hosts copies it before it changes a host), and its slices of
// missing settings are capped so that appending to them copies.
func (ix *index) callsOnce(wl *workload) []plannedCall {
	if len(wl.hosts) > 0 || len(wl.gaps.taskRole) > 0 || len(wl.gaps.execRole) > 0 {
		return ix.calls(wl)
	}
	key := callsKey{td: wl.td, cluster: wl.cluster, region: wl.region, account: wl.account, launchType: wl.launchType,
		platform: wl.platform, windows: wl.windows, table: wl.table, exec: wl.svc.EnableExecuteCommand}
	m, ok := ix.callLists[key]
	if ok {
		ix.replay(m.recorded)
	} else {
		m = new(callsMemo)
		m.deps, m.diags = ix.recording(func() { m.calls = ix.calls(wl) })
		for i := range m.calls {
			c := &m.calls[i]
			c.missing = slices.Clip(c.missing)
		}
		ix.callLists[key] = m
	}
	return slices.Clip(m.calls)
}

// calls returns the calls the workload makes, one per distinct (kind,
// region, resource) (aws-rules 1.1.3), in the order of catalog.Kinds. The
// port and phase of each come from the catalog.
func (ix *index) calls(wl *workload) []plannedCall {
	out := make([]plannedCall, 0, 8) // most workloads make 6 to 8 calls
	seen := map[string]bool{}
	add := func(c plannedCall) {
		key := string(c.Kind) + "|" + c.Region + "|" + c.Resource
		if c.blind {
			key += "|" + c.missing[0].What
		}
		if seen[key] {
			return
		}
		seen[key] = true
		c.Origin = wl.origin(c.Kind)
		c.Principal = wl.principal(c.Kind)
		if !c.blind {
			c.missing = append(c.missing, wl.roleGaps(c.Kind)...)
		}
		k := kindOf(c.Kind)
		c.Port, c.Phase = k.Port, Phase(k.Phase)
		if c.StopsTask == "" {
			c.StopsTask = StopsYes
			if c.Phase != PhaseStart {
				c.StopsTask = StopsNo
			}
		}
		c.traceID = callTraceID(&c)
		out = append(out, c)
	}
	for i := range wl.td.Containers {
		ct := &wl.td.Containers[i]
		if u, ok := ct.Unknown(model.FieldContainer, 0); ok {
			m := containerMissing(wl.td, ct, u)
			add(blindCall(Call{Kind: CallRegistryPull, Resource: afterApply, Image: afterApply, Container: ct.Name}, m,
				fmt.Sprintf("%s of %s is not known (%s): the model cannot list the calls it makes (its image pull, logs, secrets and environment files, aws-rules 1.1.1), nor trace them.",
					upper(containerLabel(wl.td, ct)), wl.td.ID, u.Why)))
			continue
		}
		ix.imageCalls(wl, ct, add)
		ix.logCalls(wl, ct, add)
		ix.secretCalls(wl, ct, ct.Secrets, model.FieldSecrets, model.FieldSecret, add)
		ix.secretCalls(wl, ct, ct.LogSecretOptions, model.FieldLogSecretOptions, model.FieldLogSecretOption, add)
		ix.credentialsCall(wl, ct, add)
		ix.envFileCalls(wl, ct, add)
		ix.firelensCalls(wl, ct, add)
	}
	for _, v := range wl.td.Volumes {
		if v.EFS != nil {
			add(plannedCall{Call: Call{Kind: CallEFS, Resource: v.EFS.FileSystemID, Region: wl.region}.addressed(catalog.HostValues{FileSystem: v.EFS.FileSystemID}),
				unsupported: wl.gate("EFS volumes", "1.4.0", "1.0.0")}) // 1.6.1, 1.6.2
		}
	}
	if wl.svc.EnableExecuteCommand {
		add(plannedCall{Call: Call{Kind: CallExec, Region: wl.region, Resource: "*",
			Actions:        []string{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"},
			PolicyResource: "*"}.addressed(catalog.HostValues{}),
			unsupported: wl.gate("ECS Exec", "1.4.0", "1.50.2")}) // 1.7.1
		ix.execConfigCalls(wl, add) // 1.7.2
	}
	if wl.launchType == "EC2" {
		ix.agentCalls(wl, add) // 1.8.1
	}
	slices.SortStableFunc(out, func(a, b plannedCall) int {
		return cmp.Compare(kindOf(a.Kind).order, kindOf(b.Kind).order)
	})
	if len(out) == 0 {
		return nil // as before the room made above
	}
	return out
}

func serviceName(region, service string) string { return "com.amazonaws." + region + "." + service }

// imageCalls adds the calls an image pull makes (aws-rules 1.2). An image
// known only in part needs only its registry to be known: the tag does not
// change the calls, and the repository only what an endpoint policy is
// asked (6.2).
func (ix *index) imageCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	image, ref := ct.Image, stopreason.SplitImage(ct.Image)
	if _, ok := ct.Unknown(model.FieldImage, 0); !ok {
		if err := ix.checkReference(image); err != nil {
			add(invalidImageCall(wl, ct, ref, err))
			return
		}
	}
	var missing []Missing
	if u, ok := ct.Unknown(model.FieldImage, 0); ok {
		m := containerMissing(wl.td, ct, u)
		image = ct.Image + afterApply
		var registryKnown, repoKnown bool
		ref, registryKnown, repoKnown = stopreason.ParsePartialImage(ct.Image)
		if !registryKnown {
			add(blindCall(Call{Kind: CallRegistryPull, Resource: image, Image: image, Container: ct.Name}, m,
				fmt.Sprintf("The image of %s is not known (%s), and what is known of it (%q) does not tell its registry: the model cannot tell whether the pull goes to private ECR (ecr-auth, ecr-image, ecr-layers) or to another registry (registry-pull), nor trace it (aws-rules 1.2.1, 1.2.6).",
					containerLabel(wl.td, ct), u.Why, ct.Image)))
			return
		}
		if !repoKnown {
			missing = []Missing{m}
		}
	}
	account, r, ecr := ref.ECR() // 1.2.1; 1.2.2, 10.20: r is the registry's region
	if !ecr {
		add(plannedCall{Call: Call{Kind: CallRegistryPull, Resource: image, Region: wl.region,
			Container: ct.Name, Image: image}.addressed(catalog.HostValues{Registry: ref.Registry()})}) // 1.2.6
		return
	}
	if wl.windows {
		ix.diag(model.SeverityWarning, "windows-foreign-layers", ct.Source,
			"container %s runs a Windows image: if it has foreign (non-distributable) layers they come from Microsoft's hosts, which ECR endpoints do not serve; the model does not trace them (aws-rules 1.2.7)", ct.Name)
	}
	registry := account + ".dkr.ecr." + r + ".amazonaws.com"
	add(plannedCall{Call: Call{Kind: CallECRAuth, Resource: registry, Region: r, Container: ct.Name, Image: image,
		Actions: []string{"ecr:GetAuthorizationToken"}, PolicyResource: "*"}.addressed(catalog.HostValues{})})
	repo := ref.Repository
	if len(missing) > 0 {
		repo += afterApply
	}
	repoARN := "arn:aws:ecr:" + r + ":" + account + ":repository/" + repo
	rule, sure := ix.ptcRule(account, r, ref.Repository), len(missing) == 0 // 1.2.11
	if !sure {
		rule = ix.ptcCandidate(account, r, ref.Repository)
	}
	actions := []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}
	if rule != nil && sure && rule.Cache.Or() == model.CacheCold {
		actions = append(actions, "ecr:BatchImportUpstreamImage") // 1.2.15, 10.28
	}
	add(plannedCall{Call: Call{Kind: CallECRImage, Resource: repoARN, Region: r, Container: ct.Name, Image: image,
		Actions: actions, PolicyResource: repoARN}.addressed(catalog.HostValues{Registry: ref.Registry()}), missing: missing}) // 1.2.5: a dual-stack registry is its own host
	bucket := "prod-" + r + "-starport-layer-bucket"
	add(plannedCall{Call: Call{Kind: CallECRLayers, Resource: "arn:aws:s3:::" + bucket, Region: r, Container: ct.Name, Image: image,
		Actions: []string{"s3:GetObject"}, PolicyResource: "arn:aws:s3:::" + bucket + "/*"}.addressed(catalog.HostValues{})}) // 1.2.3, 6.2
	switch {
	case rule != nil && sure:
		ix.ptcUpstreamCall(wl, ct, image, ref.Repository, rule, add)
	case rule != nil:
		ix.maybePTCUpstreamCall(wl, ct, image, rule, missing[0], add)
	}
}

// ptcRule returns the pull through cache rule that serves repository repo
// of the registry of account and region (aws-rules 1.2.11): the rule whose
// prefix, with the "/" AWS adds, starts repo, the longest such prefix
// (10.26), else a ROOT rule; nil when none does.
func (ix *index) ptcRule(account, region, repo string) *model.PullThroughCacheRule {
	return ix.longestPTCRule(account, region, func(rule *model.PullThroughCacheRule, prefix string) bool {
		return strings.HasPrefix(repo, prefix)
	})
}

// longestPTCRule returns, among the pull through cache rules of the
// registry of account and region for which serves reports true, the one
// with the longest prefix, else a ROOT rule; nil when there is none
// (aws-rules 1.2.11, 10.26). serves gets the rule's prefix with the "/"
// AWS adds, or "" for a ROOT rule.
func (ix *index) longestPTCRule(account, region string, serves func(rule *model.PullThroughCacheRule, prefix string) bool) *model.PullThroughCacheRule {
	var best, root *model.PullThroughCacheRule
	for i := range ix.w.PullThroughCacheRules {
		rule := &ix.w.PullThroughCacheRules[i]
		if cmp.Or(rule.Account, ix.w.Account) != account || cmp.Or(rule.Region, ix.w.Region) != region {
			continue
		}
		prefix := strings.TrimSuffix(rule.ECRRepositoryPrefix, "/")
		switch {
		case prefix == "ROOT":
			if root == nil && serves(rule, "") {
				root = rule
			}
		case prefix != "" && serves(rule, prefix+"/"):
			if best == nil || len(prefix) > len(strings.TrimSuffix(best.ECRRepositoryPrefix, "/")) {
				best = rule
			}
		}
	}
	if best == nil {
		return root
	}
	return best
}

// ptcUpstreamCall adds the ptc-upstream call of a pull through cache image
// whose cache may be cold (aws-rules 1.2.12-1.2.14): a warm cache makes
// none, an unknown one makes it unless warm.
func (ix *index) ptcUpstreamCall(wl *workload, ct *model.Container, image, repo string, rule *model.PullThroughCacheRule, add func(plannedCall)) {
	state := rule.Cache.Or()
	if state == model.CacheWarm {
		return // 1.2.13: served from the cache through the ECR calls
	}
	host := upstreamHost(rule.UpstreamRegistryURL)
	c := plannedCall{Call: Call{Kind: CallPTCUpstream, Resource: host + "/" + upstreamRepository(rule, repo), Region: wl.region,
		Container: ct.Name, Image: image}.addressed(catalog.HostValues{Registry: host})}
	if state == model.CacheUnknown {
		c.onlyIf = &Missing{What: fmt.Sprintf("pull through cache state of %s (rule %s)", image, rule.ID),
			Why:    "the input does not say whether ECR already caches this tag; set the rule's cache state, cold or warm, to decide it",
			Source: rule.Source}
		c.ifLead = fmt.Sprintf("The %s is not known: %s. If the cache is cold, ECR redirects the layer downloads to the upstream registry (aws-rules 1.2.12), and",
			c.onlyIf.What, c.onlyIf.Why)
		c.ifTail = "If it is warm, ECR serves the image from the cache and this call is not made (aws-rules 1.2.13, 1.2.14)."
		add(c)
		return
	}
	c.consequence = fmt.Sprintf("The cache of rule %s does not hold this tag yet, so ECR redirects the layer downloads to the upstream registry %s, which no VPC endpoint serves: the first pull of each tag needs an internet path (a NAT gateway) even with ECR endpoints (aws-rules 1.2.12).",
		rule.ID, host)
	add(c)
}

// ptcCandidate returns a pull through cache rule of the registry of
// account and region that may serve a repository whose name starts with
// known, the rest known only after apply (aws-rules 1.2.11): the longest
// prefix that known and the rest may make up, else a ROOT rule; nil when
// no rule may serve it or the rule's cache is warm, which makes no
// ptc-upstream call either way (1.2.13).
func (ix *index) ptcCandidate(account, region, known string) *model.PullThroughCacheRule {
	return ix.longestPTCRule(account, region, func(rule *model.PullThroughCacheRule, prefix string) bool {
		return rule.Cache.Or() != model.CacheWarm && (strings.HasPrefix(known, prefix) || strings.HasPrefix(prefix, known))
	})
}

// maybePTCUpstreamCall adds the ptc-upstream call of an image whose
// repository is known only in part, which rule may serve (aws-rules
// 1.2.11, 1.2.12): the call is made only if the rule serves it, so a path
// that is not reachable is unknown, naming the image.
func (ix *index) maybePTCUpstreamCall(wl *workload, ct *model.Container, image string, rule *model.PullThroughCacheRule, m Missing, add func(plannedCall)) {
	host := upstreamHost(rule.UpstreamRegistryURL)
	c := plannedCall{Call: Call{Kind: CallPTCUpstream, Resource: host + "/" + afterApply, Region: wl.region,
		Container: ct.Name, Image: image}.addressed(catalog.HostValues{Registry: host})}
	c.onlyIf = &m
	c.ifLead = fmt.Sprintf("The %s is not known (%s): if its repository is under the prefix %q of pull through cache rule %s and the cache does not hold the tag (cache %s), ECR redirects the layer downloads to the upstream registry (aws-rules 1.2.11, 1.2.12), and",
		m.What, m.Why, rule.ECRRepositoryPrefix, rule.ID, rule.Cache.Or())
	c.ifTail = "Otherwise this call is not made."
	add(c)
}

// upstreamHost is the host of a rule's upstream registry URL, without a
// scheme or path.
func upstreamHost(url string) string {
	url = strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
	host, _, _ := strings.Cut(url, "/")
	return host
}

// upstreamRepository is the upstream repository of cache repository repo:
// the rule's ECR prefix replaced by its upstream prefix (aws-rules 1.2.11).
func upstreamRepository(rule *model.PullThroughCacheRule, repo string) string {
	prefix := strings.TrimSuffix(rule.ECRRepositoryPrefix, "/")
	if prefix != "ROOT" {
		repo = strings.TrimPrefix(repo, prefix+"/")
	}
	if up := strings.TrimSuffix(rule.UpstreamRepositoryPrefix, "/"); up != "" && up != "ROOT" {
		repo = up + "/" + repo
	}
	return repo
}

// invalidImageCall is the pull of an image whose reference the container
// runtime refuses: the image call of its registry as far as it can be told
// (ecr-image for private ECR, else registry-pull), which fails before any
// request is sent.
func invalidImageCall(wl *workload, ct *model.Container, ref stopreason.ImageRef, err error) plannedCall {
	c := Call{Kind: CallRegistryPull, Resource: ct.Image, Region: wl.region, Container: ct.Name, Image: ct.Image}
	if _, region, ecr := ref.ECR(); ecr {
		c.Kind, c.Region = CallECRImage, region
	}
	return plannedCall{Call: c.addressed(catalog.HostValues{Registry: ref.Registry()}), invalidImage: err.Error(), imageSource: ct.Source}
}

// logCalls adds the awslogs call of a container (aws-rules 1.3). Its region
// decides where it goes; the log group and awslogs-create-group only what
// an endpoint policy is asked (6.2).
func (ix *index) logCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	label := containerLabel(wl.td, ct)
	if u, ok := ct.Unknown(model.FieldLogDriver, 0); ok {
		add(blindCall(Call{Kind: CallLogs, Resource: afterApply, Container: ct.Name}, containerMissing(wl.td, ct, u),
			fmt.Sprintf("The log driver of %s is not known (%s): with awslogs the container makes a logs call to CloudWatch Logs, which the model cannot trace without knowing the driver and its awslogs-region (aws-rules 1.3.1).", label, u.Why)))
		return
	}
	if ct.LogDriver != "awslogs" {
		return
	}
	for _, f := range []model.ContainerField{model.FieldLogOptions, model.FieldLogRegion} {
		if u, ok := ct.Unknown(f, 0); ok {
			add(blindCall(Call{Kind: CallLogs, Resource: afterApply, Container: ct.Name}, containerMissing(wl.td, ct, u),
				fmt.Sprintf("The awslogs-region of %s is not known (%s): the logs call goes to logs.REGION.amazonaws.com in that region, so the model cannot trace it (aws-rules 1.3.1).", label, u.Why)))
			return
		}
	}
	var missing []Missing
	for _, f := range []model.ContainerField{model.FieldLogGroup, model.FieldLogCreateGroup} {
		if u, ok := ct.Unknown(f, 0); ok {
			missing = append(missing, containerMissing(wl.td, ct, u))
		}
	}
	region := ct.LogOptions["awslogs-region"]
	if region == "" {
		region = wl.region
		ix.diag(model.SeverityWarning, "awslogs-region-missing", ct.Source,
			"container %s uses the awslogs driver without awslogs-region, which ECS requires; traced with the task region %s (aws-rules 1.3.2)", ct.Name, region)
	}
	if !model.IsRegion(region) {
		ix.diag(model.SeverityError, "awslogs-region-invalid", ct.Source,
			"container %s: awslogs-region %q is not a region code; ECS fails the container's log driver before any connection (aws-rules 1.3.2)", ct.Name, region)
	}
	group := ct.LogOptions["awslogs-group"]
	if _, ok := ct.Unknown(model.FieldLogGroup, 0); ok {
		group += afterApply
	}
	groupARN := "arn:aws:logs:" + region + ":" + wl.account + ":log-group:" + group
	actions := []string{"logs:CreateLogStream", "logs:PutLogEvents"}
	_, createUnknown := ct.Unknown(model.FieldLogCreateGroup, 0)
	if ct.LogOptions["awslogs-create-group"] == "true" || createUnknown {
		actions = append([]string{"logs:CreateLogGroup"}, actions...)
	}
	c := plannedCall{Call: Call{Kind: CallLogs, Resource: groupARN, Region: region, Container: ct.Name,
		Actions: actions, PolicyResource: groupARN + ":log-stream:*"}.addressed(catalog.HostValues{}), missing: missing}
	ix.logStops(wl, ct, &c) // 1.3.5-1.3.7
	add(c)
}

// secretCalls adds the calls of a container's secrets or secretOptions
// (aws-rules 1.4.1, 1.3.3); list and entry name the settings of the whole
// list and of one entry's valueFrom.
func (ix *index) secretCalls(wl *workload, ct *model.Container, secrets []model.Secret, list, entry model.ContainerField, add func(plannedCall)) {
	for i, s := range secrets {
		if u, ok := ct.Unknown(entry, i); ok {
			add(ix.unknownSecretCall(wl, ct, s, u, false))
			continue
		}
		add(ix.secretCall(wl, ct, s.ValueFrom))
	}
	if u, ok := ct.Unknown(list, 0); ok {
		what := "secrets"
		if list == model.FieldLogSecretOptions {
			what = "log secretOptions"
		}
		add(blindCall(Call{Kind: CallSecret, Resource: afterApply, Container: ct.Name}, containerMissing(wl.td, ct, u),
			fmt.Sprintf("The %s of %s are not known (%s): the model cannot list the Secrets Manager (secret) and Parameter Store (parameter) calls they make, nor trace them (aws-rules 1.4.1).", what, containerLabel(wl.td, ct), u.Why)))
	}
}

// credentialsCall adds the secret call of repositoryCredentials (aws-rules 1.4.3).
func (ix *index) credentialsCall(wl *workload, ct *model.Container, add func(plannedCall)) {
	u, unknown := ct.Unknown(model.FieldRepositoryCredentials, 0)
	if ct.RepositoryCredentials == "" && !unknown {
		return
	}
	var c plannedCall
	if unknown {
		c = ix.unknownSecretCall(wl, ct, model.Secret{Name: "repositoryCredentials", ValueFrom: ct.RepositoryCredentials}, u, true)
	} else {
		c = ix.secretCall(wl, ct, ct.RepositoryCredentials)
	}
	c.FromRepositoryCredentials = true
	if c.unsupported == "" && !c.blind {
		c.unsupported = wl.gate("private registry authentication (repositoryCredentials)", "1.2.0", "1.19.0") // 1.4.5
	}
	add(c)
}

// unknownSecretCall makes the call of a secret whose valueFrom is known
// only after apply, from what is known of it (aws-rules 1.4.1): an ARN start
// that names the service and region, or the start of a plain parameter
// name (Parameter Store in the task region). repositoryCredentials always
// name a Secrets Manager secret, in the task region unless an ARN says
// otherwise (1.4.3).
func (ix *index) unknownSecretCall(wl *workload, ct *model.Container, s model.Secret, u model.ContainerUnknown, credentials bool) plannedCall {
	m := containerMissing(wl.td, ct, u)
	prefix, display := s.ValueFrom, s.ValueFrom+afterApply
	kind, region, arn := valueFromKind(prefix, wl.region)
	if credentials && (kind == CallParameter && !arn) {
		kind = CallSecret
	}
	what := "secret " + s.Name
	if s.Name == "" {
		what = fmt.Sprintf("secret #%d", u.Index+1)
	}
	if credentials {
		what = "credentialsParameter"
	}
	switch {
	case kind == "":
		return blindCall(Call{Kind: CallSecret, Resource: display, Container: ct.Name}, m,
			fmt.Sprintf("The valueFrom of %s of %s is not known (%s): it may name a Secrets Manager secret (a secret call) or an SSM parameter (a parameter call), and the model cannot tell which, nor the region it is in (aws-rules 1.4.1).",
				what, containerLabel(wl.td, ct), u.Why))
	case region == "":
		return blindCall(Call{Kind: kind, Resource: display, Container: ct.Name}, m,
			fmt.Sprintf("The valueFrom of %s of %s is an ARN whose region is not known (%s): the call goes to that region's endpoint, so the model cannot trace it (aws-rules 1.4.1).",
				what, containerLabel(wl.td, ct), u.Why))
	}
	if kind == CallParameter {
		return plannedCall{Call: Call{Kind: CallParameter, Resource: display, Region: region, Container: ct.Name,
			Actions: []string{"ssm:GetParameters"}, PolicyResource: display}.addressed(catalog.HostValues{}),
			unsupported: wl.gate("Parameter Store secrets", "1.3.0", "1.22.0"), missing: []Missing{m}}
	}
	c := plannedCall{Call: Call{Kind: CallSecret, Resource: display, Region: region, Container: ct.Name,
		Actions: []string{"secretsmanager:GetSecretValue"}, PolicyResource: display}.addressed(catalog.HostValues{}),
		missing: []Missing{m}}
	if c.unsupported = wl.gate("Secrets Manager secrets", "1.3.0", "1.22.0"); c.unsupported == "" && arn && !credentials {
		if gate := wl.gate("JSON-key or version-specific secrets", "1.4.0", "1.37.0"); gate != "" {
			// The unknown rest may select a JSON key or version (1.4.5).
			return blindCall(c.Call, m, fmt.Sprintf("The valueFrom of %s of %s is not known (%s): if it selects a JSON key or a version, the platform cannot fetch it (%s; aws-rules 1.4.5), and the model cannot tell whether it does.",
				what, containerLabel(wl.td, ct), u.Why, gate))
		}
	}
	return c
}

// valueFromKind tells from the known start of a secret's valueFrom which
// call it makes and in which region (aws-rules 1.4.1): kind is "" when the
// start does not tell, region "" when an ARN's region is not known yet;
// arn reports an ARN.
func valueFromKind(prefix, taskRegion string) (kind CallKind, region string, arn bool) {
	if strings.HasPrefix("arn:", prefix) {
		return "", "", false // "", "a", "ar", "arn": an ARN or a name
	}
	if !strings.HasPrefix(prefix, "arn:") {
		return CallParameter, taskRegion, false // a parameter name (1.4.1, 1.4.2)
	}
	parts := strings.Split(prefix, ":")
	if len(parts) < 4 {
		return "", "", true // the service is not known yet
	}
	switch parts[2] {
	case "secretsmanager":
		kind = CallSecret
	case "ssm":
		kind = CallParameter
	default:
		return "", "", true
	}
	if len(parts) >= 5 && model.IsRegion(parts[3]) {
		region = parts[3]
	}
	return kind, region, true
}

// envFileCalls adds a container's environment file calls (aws-rules 1.5.1).
// A file whose bucket is known is traced; the rest of its ARN is only what
// an endpoint policy is asked (6.2).
func (ix *index) envFileCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	for i, f := range ct.EnvironmentFiles {
		u, unknown := ct.Unknown(model.FieldEnvironmentFile, i)
		if !unknown {
			add(ix.envFileCall(wl, ct, f))
			continue
		}
		partialObjectCall(f, containerMissing(wl.td, ct, u), func(arn string) plannedCall { return ix.envFileCall(wl, ct, arn) },
			Call{Kind: CallEnvFile, Container: ct.Name},
			fmt.Sprintf("Environment file #%d of %s is not known (%s), and what is known of it (%q) does not name its bucket: the model cannot tell which S3 host the call goes to, nor trace it (aws-rules 1.5.1).",
				i+1, containerLabel(wl.td, ct), u.Why, f), add)
	}
	if u, ok := ct.Unknown(model.FieldEnvironmentFiles, 0); ok {
		add(blindCall(Call{Kind: CallEnvFile, Resource: afterApply, Container: ct.Name}, containerMissing(wl.td, ct, u),
			fmt.Sprintf("The environmentFiles of %s are not known (%s): the model cannot list the S3 calls they make, nor trace them (aws-rules 1.5.1).", containerLabel(wl.td, ct), u.Why)))
	}
}

// secretCall classifies a secrets valueFrom (aws-rules 1.4.1-1.4.3).
func (ix *index) secretCall(wl *workload, ct *model.Container, valueFrom string) plannedCall {
	if m := ix.submatch(secretARN, valueFrom); m != nil {
		region, account, name, selector := m[1], m[2], m[3], m[4]
		base := "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name
		policyResource := base
		if ix.submatch(secretSuffix, name) == nil {
			policyResource += "-??????" // 6.2.1
		}
		c := plannedCall{Call: Call{Kind: CallSecret, Resource: valueFrom, Region: region, Container: ct.Name,
			Actions: []string{"secretsmanager:GetSecretValue"}, PolicyResource: policyResource}.addressed(catalog.HostValues{})}
		if selector != "" {
			c.unsupported = wl.gate("JSON-key or version-specific secrets", "1.4.0", "1.37.0") // 1.4.5
		} else {
			c.unsupported = wl.gate("Secrets Manager secrets", "1.3.0", "1.22.0")
		}
		return c
	}
	region, account, name := wl.region, wl.account, strings.TrimPrefix(valueFrom, "/")
	if m := ix.submatch(ssmARN, valueFrom); m != nil {
		region, account, name = m[1], m[2], m[3]
	}
	return plannedCall{Call: Call{Kind: CallParameter, Resource: valueFrom, Region: region, Container: ct.Name,
		Actions: []string{"ssm:GetParameters"}, PolicyResource: "arn:aws:ssm:" + region + ":" + account + ":parameter/" + name}.addressed(catalog.HostValues{}),
		unsupported: wl.gate("Parameter Store secrets", "1.3.0", "1.22.0")}
}

// envFileCall makes the call for an environmentFiles entry (aws-rules 1.5).
func (ix *index) envFileCall(wl *workload, ct *model.Container, arn string) plannedCall {
	bucket, key := arn, ""
	if m := ix.submatch(s3ObjectARN, arn); m != nil {
		bucket, key = m[1], m[2]
	}
	region, known := ix.bucketRegion(wl, bucket)
	if !known {
		ix.diag(model.SeverityInfo, "env-file-bucket-region", ct.Source,
			"the region of bucket %s is not in the input; environment file %s is traced in the task region %s (aws-rules 1.5.2)", bucket, arn, region)
	}
	return plannedCall{Call: Call{Kind: CallEnvFile, Resource: arn, Region: region, Container: ct.Name,
		Actions: []string{"s3:GetObject"}, PolicyResource: "arn:aws:s3:::" + bucket + "/" + key}.addressed(catalog.HostValues{Bucket: bucket}),
		unsupported: wl.gate("environment files", "1.4.0", "1.39.0")}
}

// bucketRegion is the region of the bucket named bucket: a bucket
// resource's, else the task's with known false (aws-rules 1.5.2, 10.17).
func (ix *index) bucketRegion(wl *workload, bucket string) (region string, known bool) {
	if b := ix.buckets[bucket]; b != nil && b.Region != "" {
		return b.Region, true
	}
	return wl.region, false
}

// firelensCalls adds the download of a FireLens container's configuration
// file from S3 (aws-rules 1.3.9): none for the file type, which names a
// file inside the image, and UNSUPPORTED_BY_PLATFORM on Fargate (1.3.10).
func (ix *index) firelensCalls(wl *workload, ct *model.Container, add func(plannedCall)) {
	if ct.Firelens == nil {
		return
	}
	if why := wl.firelensRefusal(); why != "" {
		add(firelensRefused(wl, ct, why))
		return
	}
	label := containerLabel(wl.td, ct)
	for _, f := range []model.ContainerField{model.FieldFirelens, model.FieldFirelensConfigType} {
		if u, ok := ct.Unknown(f, 0); ok {
			add(blindCall(Call{Kind: CallFirelens, Resource: afterApply, Container: ct.Name}, containerMissing(wl.td, ct, u),
				fmt.Sprintf("The FireLens configuration of %s is not known (%s): with config-file-type s3 the agent downloads the configuration file from S3 before the task starts, and the model cannot tell whether it does, nor from which bucket (aws-rules 1.3.9).", label, u.Why)))
			return
		}
	}
	typ, arn := ct.FirelensConfig()
	if typ != "s3" {
		return // 1.3.9: the file type makes no call
	}
	u, unknown := ct.Unknown(model.FieldFirelensConfigValue, 0)
	if !unknown {
		add(ix.firelensCall(wl, ct, arn))
		return
	}
	partialObjectCall(arn, containerMissing(wl.td, ct, u), func(arn string) plannedCall { return ix.firelensCall(wl, ct, arn) },
		Call{Kind: CallFirelens, Container: ct.Name},
		fmt.Sprintf("The FireLens configuration file of %s is not known (%s), and what is known of it (%q) does not name its bucket: the model cannot tell which S3 host the agent downloads it from, nor trace it (aws-rules 1.3.9).", label, u.Why, arn), add)
}

// partialObjectCall adds the call for an S3 object ARN known only up to
// known, m naming what is missing: when the known part names the bucket
// the call is made by call and traced, with m; otherwise it is blind (the
// S3 host is not known), with why.
func partialObjectCall(known string, m Missing, call func(arn string) plannedCall, blind Call, why string, add func(plannedCall)) {
	if s3ObjectARN.MatchString(known + afterApply) {
		c := call(known + afterApply)
		c.missing = []Missing{m}
		add(c)
		return
	}
	blind.Resource = known + afterApply
	add(blindCall(blind, m, why))
}

// firelensRefusal says why the platform refuses a FireLens container, or
// "": Windows containers do not support FireLens (aws-rules 1.3.13), and
// on EC2 FireLens needs container agent 1.30.0 (1.3.14).
func (wl *workload) firelensRefusal() string {
	switch {
	case wl.windows:
		return fmt.Sprintf("Windows containers do not support FireLens: the task definition's operating system family is %s, and FireLens runs only on Linux", wl.td.OperatingSystemFamily)
	case wl.launchType != "FARGATE":
		return wl.gate("FireLens", "1.0.0", "1.30.0")
	}
	return ""
}

// firelensRefused is the firelens-config call of a FireLens container
// that the platform refuses (aws-rules 1.3.13, 1.3.14): it carries the
// refusal, UNSUPPORTED_BY_PLATFORM, with no network trace; it names the
// configuration file when there is one.
func firelensRefused(wl *workload, ct *model.Container, why string) plannedCall {
	_, value := ct.FirelensConfig()
	c := Call{Kind: CallFirelens, Resource: cmp.Or(value, "firelensConfiguration"), Region: wl.region, Container: ct.Name}
	if m := s3ObjectARN.FindStringSubmatch(value); m != nil {
		c = c.addressed(catalog.HostValues{Bucket: m[1]})
	}
	return wl.firelensRefusalOf(plannedCall{Call: c, unsupported: why})
}

// firelensRefusalOf gives a refused FireLens call the rules behind the
// refusal and what to change: Windows (aws-rules 1.3.13), Fargate and an
// S3 configuration file (1.3.10), or the container agent (1.3.14).
func (wl *workload) firelensRefusalOf(c plannedCall) plannedCall {
	switch {
	case c.unsupported == "":
	case wl.windows:
		c.refusalRules = "1.3.13"
		c.refusalAdvice = "run the log router and the containers that use awsfirelens on Linux, or ship the Windows containers' logs another way (awslogs, or Fluent Bit on the container instance)."
	case wl.launchType == "FARGATE":
		c.refusalRules = "1.3.10"
		c.refusalAdvice = "use config-file-type file with a file inside the log router image, or run the task on the EC2 launch type."
	default:
		c.refusalRules = "1.3.14"
		c.refusalAdvice = "update the ECS container agent of the container instances, or drop the feature."
	}
	return c
}

// firelensCall makes the call for a FireLens configuration file in S3
// (aws-rules 1.3.9, 1.3.10, 1.3.14).
func (ix *index) firelensCall(wl *workload, ct *model.Container, arn string) plannedCall {
	bucket, key := arn, ""
	if m := ix.submatch(s3ObjectARN, arn); m != nil {
		bucket, key = m[1], m[2]
	}
	c := plannedCall{Call: Call{Kind: CallFirelens, Resource: arn, Region: wl.region, Container: ct.Name,
		Actions: []string{"s3:GetObject"}, PolicyResource: "arn:aws:s3:::" + bucket + "/" + key}}
	if wl.launchType == "FARGATE" {
		c.unsupported = "Fargate supports only the file configuration file type for FireLens: a configuration file from Amazon S3 (config-file-type s3) needs the EC2 launch type"
		c.Call = c.Call.addressed(catalog.HostValues{Bucket: bucket})
		return wl.firelensRefusalOf(c)
	}
	c.unsupported = wl.gate("FireLens configuration files from Amazon S3", "1.0.0", "1.31.0") // 1.3.14
	c = wl.firelensRefusalOf(c)
	region, known := ix.bucketRegion(wl, bucket)
	if !known {
		ix.diag(model.SeverityInfo, "firelens-config-bucket-region", ct.Source,
			"the region of bucket %s is not in the input; the FireLens configuration file %s is traced in the task region %s (aws-rules 1.3.9, 10.23)", bucket, arn, region)
	}
	c.Region = region
	c.Call = c.Call.addressed(catalog.HostValues{Bucket: bucket})
	return c
}

// agentCalls adds the EC2 container agent's control-plane calls (1.8.1).
func (ix *index) agentCalls(wl *workload, add func(plannedCall)) {
	for _, kind := range []CallKind{CallECSAPI, CallECSAgent, CallECSTelemetry} {
		add(plannedCall{Call: Call{Kind: kind, Region: wl.region, Resource: wl.cluster.Name,
			Actions: []string{"ecs:*"}, PolicyResource: "*"}.addressed(catalog.HostValues{})})
	}
}
