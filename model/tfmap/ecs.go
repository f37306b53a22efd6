package tfmap

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

func init() {
	register(map[string]mapper{
		"aws_ecs_cluster":                    {objects: mapCluster},
		"aws_ecs_cluster_capacity_providers": {links: linkTo(clusterStore, "cluster_name", wantCluster, linkCapacityProviders)},
		"aws_ecs_task_definition":            {objects: mapTaskDefinition},
		"aws_ecs_service":                    {late: mapService},
		"aws_efs_file_system":                {objects: mapFileSystem},
		"aws_efs_mount_target":               {links: linkTo(fileSystemStore, "file_system_id", wantFileSystem, linkMountTarget)},
		"aws_s3_bucket":                      {objects: mapBucket},
		"aws_ecs_account_setting_default":    {objects: mapAccountSetting},
	})
}

func mapCluster(b *builder, r *Resource) {
	s := root(r)
	b.clusters.add(r.Address, model.Cluster{ID: r.Address, Source: r.Pos, Name: strOr(s.get("name"), ""), Region: b.region(s),
		ExecuteCommand: b.executeCommand(s, objectOf(model.KindCluster, r))})
}

// fargateProviders need no auto scaling group.
var fargateProviders = []string{"FARGATE", "FARGATE_SPOT"}

// linkCapacityProviders maps a cluster's capacity providers to their auto
// scaling groups (cluster -> aws_ecs_capacity_provider -> ASG) and keeps
// its default strategy for services that set neither a launch type nor a
// strategy.
func linkCapacityProviders(b *builder, s site, cl *model.Cluster) {
	o := object{model.KindCluster, cl.ID, cl.Source}
	names, unknowns, st := strs(s.get("capacity_providers"))
	if st == unknown || unknowns > 0 {
		b.undetermine(s.at("capacity_providers"), o, afterApplyWhy)
	}
	for _, name := range names {
		if slices.Contains(fargateProviders, name) {
			continue
		}
		cp, res := b.one(s.at("capacity_providers"), cty.StringVal(name), wantCapacity)
		if res.outcome != resolved {
			b.failed(s.at("capacity_providers"), o, wantCapacity, []resolution{res})
			continue
		}
		p := root(b.ix.byAddr[cp]).path("auto_scaling_group_provider")
		if asg := b.ref(p, "auto_scaling_group_arn", wantASG, o); asg != "" {
			if cl.CapacityProviders == nil {
				cl.CapacityProviders = map[string]string{}
			}
			cl.CapacityProviders[name] = asg
		}
	}
	blocks, _ := s.blocks("default_capacity_provider_strategy")
	for _, bs := range blocks {
		b.strategies[cl.ID] = appendNew(b.strategies[cl.ID], strOr(bs.get("capacity_provider"), ""))
	}
}

func mapTaskDefinition(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindTaskDefinition, r)
	compat, _, _ := strs(s.get("requires_compatibilities"))
	td := model.TaskDefinition{
		ID:     r.Address,
		Source: r.Pos,
		Family: strOr(s.get("family"), ""),
		// ECS uses bridge when a Linux task definition names no network
		// mode; Fargate requires awsvpc.
		NetworkMode:             strOr(s.get("network_mode"), "bridge"),
		RequiresCompatibilities: compat,
		OperatingSystemFamily:   strOr(path(s.v, "runtime_platform", "operating_system_family"), ""),
		ExecutionRoleARN:        b.roleValue(s, "execution_role_arn", o),
		TaskRoleARN:             b.roleValue(s, "task_role_arn", o),
		Containers:              b.containers(s, o),
		Volumes:                 b.volumes(s),
	}
	if slices.Contains(compat, "FARGATE") && td.NetworkMode != "awsvpc" {
		b.errorf(r.Position("network_mode"), CodeAWSRejects+"network-mode",
			"%s requires FARGATE compatibility with network mode %q; Fargate accepts only awsvpc, so AWS refuses it", r.Address, td.NetworkMode)
	}
	b.taskDefinitions.add(r.Address, td)
}

// roleValue reads a role ARN attribute; an ARN known only after apply is
// taken from the referenced role (built from its name when needed).
func (b *builder) roleValue(s site, name string, o object) string {
	as := s.at(name)
	v, st := str(as.v)
	switch st {
	case known:
		return v
	case absent:
		return ""
	}
	if c := b.candidates(as, wantRole); len(c) == 1 {
		if arn := b.roleARN(b.ix.byAddr[c[0]]); arn != "" {
			return arn
		}
	}
	b.undetermine(as, o, afterApplyWhy)
	return ""
}

// containers parses container_definitions. Its leaves known only after
// apply (UnknownMark) become the containers' Unknowns; when the whole list
// is unknown, container_definitions is an undetermined field of the task
// definition.
//
// container_definitions is required, so a value known only after apply is
// never one the configuration leaves unset (see site.get). For a plan read
// without its root, what its references show becomes containers with
// unknowns (see shownContainers).
func (b *builder) containers(s site, o object) []model.Container {
	as := s.at("container_definitions")
	as.v = attr(s.r.Values, "container_definitions")
	text, st := rawString(as.v)
	switch st {
	case unknown:
		if cs := b.shownContainers(as); cs != nil {
			return cs
		}
		b.undetermine(as, o, afterApplyWhy)
		return nil
	case absent:
		return nil
	}
	cs, whole, err := parseContainerDefinitions(text, b.containersWhy(s.r), as.pos)
	switch {
	case err != nil:
		b.errorf(as.pos, CodeInvalidJSON, "container_definitions of %s: %v", s.r.Address, err)
	case whole:
		b.undetermine(as, o, afterApplyWhy)
	}
	return cs
}

// rawString reads a string value as it is, UnknownMark included (str
// takes a string with a mark as unknown).
func rawString(v cty.Value) (string, state) {
	switch {
	case !v.IsKnown():
		return "", unknown
	case v.IsNull():
		return "", absent
	}
	c, err := convert.Convert(v, cty.String)
	if err != nil || c.IsNull() {
		return "", absent
	}
	return c.AsString(), known
}

// containersWhy says where the unknown leaves of r's container definitions
// may come from: the data sources they reference that vpctrace could not
// read (their IDs are unknown), else the resources they reference;
// answered data sources (aws_region, a look-up of the root's own
// resources) are left out.
func (b *builder) containersWhy(r *Resource) string {
	var unread, others []string
	for _, ref := range r.Refs["container_definitions"] {
		base, _ := SplitKey(ref)
		switch rs := b.ix.refResources([]string{ref}); {
		case !strings.HasPrefix(base, "data.") && !strings.Contains(base, ".data."):
			others = appendNew(others, ref)
		case len(rs) == 0 || slices.ContainsFunc(rs, func(d *Resource) bool { return stateOf(attr(d.Values, "id")) != known }):
			unread = appendNew(unread, ref)
		}
	}
	switch {
	case len(unread) > 0:
		return fmt.Sprintf("it comes from data source %s, which vpctrace does not read, or is known only after apply", strings.Join(unread, ", "))
	case len(others) > 0:
		return afterApplyWhy + "; container_definitions references " + strings.Join(others, ", ")
	}
	return afterApplyWhy
}

// wantFileSystemID answers the file system ID ("fs-...") that task
// definitions and the simulator use.
var wantFileSystemID = want{noun: "EFS file system", answer: func(b *builder, r *Resource, key string) (string, bool) {
	return fileSystemID(r), r.Type == "aws_efs_file_system" && r.Mode != "data" && isSelf(r, key)
}}

// fileSystemID is the file system's ID. While the ID is known only after
// apply (a plan that creates the file system) it is the ID the HCL
// evaluator gives it, "fs-" and the first 17 hex digits of the SHA-256 of
// its address, so that task definitions that reference it get the same
// and its EFS name has the form the simulator resolves through mount
// targets (aws-rules 3.8.1), not a public name.
func fileSystemID(r *Resource) string {
	if id := strOr(attr(r.Values, "id"), ""); id != "" {
		return id
	}
	sum := sha256.Sum256([]byte(r.Address))
	return "fs-" + hex.EncodeToString(sum[:])[:17]
}

func (b *builder) volumes(s site) []model.Volume {
	blocks, _ := s.blocks("volume")
	var out []model.Volume
	for _, bs := range blocks {
		v := model.Volume{Source: bs.pos, Name: strOr(bs.get("name"), "")}
		if efs, ok := bs.block("efs_volume_configuration"); ok {
			id, res := b.one(efs.at("file_system_id"), efs.get("file_system_id"), wantFileSystemID)
			if res.outcome == notInInput {
				id = res.raw
			}
			v.EFS = &model.EFSVolume{FileSystemID: id, TransitEncryption: strOr(efs.get("transit_encryption"), "DISABLED") == "ENABLED"}
		}
		out = append(out, v)
	}
	return out
}

// taskDefinitionRevision matches the ":REVISION" suffix of a task
// definition reference.
var taskDefinitionRevision = regexp.MustCompile(`:[0-9]+$`)

// taskDefinition resolves a service's task_definition: an ARN,
// FAMILY:REVISION or FAMILY. A revision the input does not hold stands for
// the family's definition in the input. A value known only after apply
// that references several task definitions gives them as candidates.
func (b *builder) taskDefinition(s site, o object) (id string, candidates []string) {
	as := s.at("task_definition")
	id, res := b.one(as, as.v, wantTaskDefinition)
	if res.outcome == notInInput {
		family := taskDefinitionRevision.ReplaceAllString(res.raw, "")
		if c, _ := b.lookup(family, wantTaskDefinition); len(c) == 1 {
			return c[0], nil
		}
		if _, rest, ok := strings.Cut(family, ":task-definition/"); ok {
			if c, _ := b.lookup(rest, wantTaskDefinition); len(c) == 1 {
				return c[0], nil
			}
		}
	}
	if res.outcome != resolved && res.outcome != notSet {
		b.failed(as, o, wantTaskDefinition, []resolution{res})
	}
	if res.outcome == afterApply || res.outcome == ambiguous {
		candidates = res.cands
	}
	return id, candidates
}

// mapService maps an ECS service with the provider's and ECS's defaults.
func mapService(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindService, r)
	net := s.path("network_configuration")
	cluster := b.serviceCluster(s, o)
	td, candidates := b.taskDefinition(s, o)
	svc := model.Service{
		ID:                       r.Address,
		Source:                   r.Pos,
		Name:                     strOr(s.get("name"), ""),
		Cluster:                  cluster,
		TaskDefinition:           td,
		TaskDefinitionCandidates: candidates,
		LaunchType:               strOr(s.get("launch_type"), ""),
		Subnets:                  b.refs(net, "subnets", wantSubnet, o),
		SecurityGroups:           b.refs(net, "security_groups", wantSG, o),
		// aws-rules 2.5: assign_public_ip defaults to false.
		AssignPublicIP: boolOr(net.get("assign_public_ip"), false),
		// aws-rules 1.7.1: ECS Exec only when enabled.
		EnableExecuteCommand: boolOr(s.get("enable_execute_command"), false),
	}
	launchUnknown := b.undetermineUnknown(s.at("launch_type"), o)
	strategy, st := s.blocks("capacity_provider_strategy")
	if st == unknown {
		launchUnknown = true
		b.undetermine(s.at("capacity_provider_strategy"), o, afterApplyWhy)
	}
	for _, bs := range strategy {
		svc.CapacityProviders = appendNew(svc.CapacityProviders, strOr(bs.get("capacity_provider"), ""))
	}
	if svc.LaunchType == "" && len(svc.CapacityProviders) == 0 && !launchUnknown {
		// Neither set: the cluster's default strategy, else EC2 (the ECS
		// API's default launch type).
		if svc.CapacityProviders = b.strategies[svc.Cluster]; len(svc.CapacityProviders) == 0 {
			svc.LaunchType = "EC2"
			if svc.Cluster == "" {
				b.undetermine(s.at("launch_type"), o, "not set: the default capacity provider strategy of the cluster decides, and the cluster is not in the input")
			}
		}
	}
	fargate := svc.LaunchType == "FARGATE" || svc.LaunchType == "" && !slices.ContainsFunc(svc.CapacityProviders, func(p string) bool {
		return !slices.Contains(fargateProviders, p)
	})
	// aws-rules 2.3: platform_version defaults to LATEST for Fargate.
	svc.PlatformVersion = strOr(s.get("platform_version"), "")
	if pvUnknown := b.undetermineUnknown(s.at("platform_version"), o); svc.PlatformVersion == "" && fargate && !pvUnknown {
		svc.PlatformVersion = "LATEST"
	}
	b.services.add(r.Address, svc)
}

// undetermineUnknown records attribute s of o as undetermined when its
// value is known only after apply, and reports whether it is.
func (b *builder) undetermineUnknown(s site, o object) bool {
	if stateOf(s.v) != unknown {
		return false
	}
	b.undetermine(s, o, afterApplyWhy)
	return true
}

// serviceCluster resolves a service's cluster; unset is the cluster named
// "default".
func (b *builder) serviceCluster(s site, o object) string {
	if isSet(s.get("cluster")) {
		return b.ref(s, "cluster", wantCluster, o)
	}
	if c, _ := b.lookup("default", wantCluster); len(c) == 1 {
		return c[0]
	}
	b.undetermine(s.at("cluster"), o, "not set: the cluster named \"default\", which the input does not describe")
	return ""
}

func mapFileSystem(b *builder, r *Resource) {
	b.fileSystems.add(r.Address, model.FileSystem{ID: r.Address, Source: r.Pos, FileSystemID: fileSystemID(r)})
}

// linkMountTarget adds a mount target to its file system. Without
// security_groups AWS gives it the VPC's default group.
func linkMountTarget(b *builder, s site, fs *model.FileSystem) {
	r, o := s.r, objectOf(model.KindMountTarget, s.r)
	mt := model.MountTarget{ID: r.Address, Source: r.Pos, Subnet: b.ref(s, "subnet_id", wantSubnet, o)}
	l := launch{groups: b.refs(s, "security_groups", wantSG, o), groupsSet: isSet(s.get("security_groups"))}
	mt.SecurityGroups = b.defaultGroups(l, mt.Subnet)
	mt.IP = address(s.get("ip_address"))
	fs.MountTargets = append(fs.MountTargets, mt)
}

// mapBucket maps a bucket for the region of environment files (aws-rules
// 1.5.2): its region attribute, else the provider's.
func mapBucket(b *builder, r *Resource) {
	s := root(r)
	name, st := str(s.get("bucket"))
	if st != known {
		return
	}
	b.buckets.add(r.Address, model.Bucket{ID: r.Address, Source: r.Pos, Name: name, Region: strOr(s.get("region"), b.opts.Region)})
}

// mapAccountSetting maps an aws_ecs_account_setting_default: the account's
// default of a setting in the provider's region (aws-rules 1.3.5). A value
// known only after apply is left empty and recorded as undetermined.
func mapAccountSetting(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindAccountSetting, r)
	a := model.AccountSetting{ID: r.Address, Source: r.Pos, Region: b.region(s)}
	name, st := str(s.get("name"))
	if st != known {
		b.undetermine(s.at("name"), o, afterApplyWhy)
	}
	a.Name = name
	value, st := str(s.get("value"))
	if st != known && name == model.SettingDefaultLogDriverMode {
		b.undetermine(s.at("value"), o, afterApplyWhy)
	}
	a.Value = value
	b.accountSettings.add(r.Address, a)
}
