package tfmap

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"regexp"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_instance":          {objects: mapInstance},
		"aws_autoscaling_group": {objects: mapAutoScalingGroup},
	})
}

// launchFields names where an instance, a launch template or a launch
// configuration keeps the settings that decide an instance's network.
type launchFields struct {
	groups   [][]string      // attribute paths of security group lists
	publicIP []string        // attribute path of associate_public_ip_address
	userData []userDataField // where ECS_CLUSTER may be set
}

type userDataField struct {
	name    string
	encoded bool // base64, possibly gzip-compressed
}

var (
	instanceFields = launchFields{
		groups:   [][]string{{"vpc_security_group_ids"}, {"security_groups"}},
		publicIP: []string{"associate_public_ip_address"},
		userData: []userDataField{{"user_data", false}, {"user_data_base64", true}},
	}
	// launchTemplateFields: the template's user_data is base64, and
	// associate_public_ip_address is a string in network_interfaces.
	launchTemplateFields = launchFields{
		groups:   [][]string{{"vpc_security_group_ids"}, {"network_interfaces", "security_groups"}},
		publicIP: []string{"network_interfaces", "associate_public_ip_address"},
		userData: []userDataField{{"user_data", true}},
	}
	launchConfigFields = launchFields{
		groups:   [][]string{{"security_groups"}},
		publicIP: []string{"associate_public_ip_address"},
		userData: []userDataField{{"user_data", false}, {"user_data_base64", true}},
	}
)

// launch is what an instance gets from its launch settings.
type launch struct {
	groups    []string
	groupsSet bool
	publicIP  model.Tristate
	cluster   string
	role      string
}

// atPath returns the site of an attribute path through nested blocks.
func (s site) atPath(p []string) site {
	return s.path(p[:len(p)-1]...).at(p[len(p)-1])
}

// launch reads the launch settings of r; failures are undetermined on o.
func (b *builder) launch(r *Resource, f launchFields, o object) launch {
	s := root(r)
	var l launch
	for _, p := range f.groups {
		l.groupsSet = l.groupsSet || isSet(s.atPath(p).v)
		l.groups = appendNew(l.groups, b.refs(s.path(p[:len(p)-1]...), p[len(p)-1], wantSG, o)...)
	}
	l.publicIP = tristate(s.atPath(f.publicIP).v)
	for _, u := range f.userData {
		if c := b.userDataCluster(s, u, o); c != "" {
			l.cluster = c
		}
	}
	l.role = b.profileRole(s.at("iam_instance_profile"))
	return l
}

// defaultGroups returns the groups of an instance, or the default group
// of its subnet's VPC when none is set (AWS gives it, aws-rules 5.1.5).
func (b *builder) defaultGroups(l launch, subnet string) []string {
	if l.groupsSet || subnet == "" {
		return l.groups
	}
	if vpc := b.subnetVPC(subnet); vpc != "" {
		return []string{b.implicit(vpc, implicitSecurityGroup)}
	}
	return nil
}

// subnetVPC returns the VPC of a subnet address.
func (b *builder) subnetVPC(subnet string) string {
	r := b.ix.byAddr[subnet]
	if r == nil {
		return ""
	}
	vpc, _ := b.one(root(r).at("vpc_id"), attr(r.Values, "vpc_id"), wantVPC)
	return vpc
}

func mapInstance(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindInstance, r)
	l := b.launch(r, instanceFields, o)
	in := model.Instance{
		ID:                r.Address,
		Source:            r.Pos,
		Subnet:            b.need(s, "subnet_id", wantSubnet, o, defaultVPCWhy),
		AssociatePublicIP: l.publicIP,
		// aws-rules 4.6.1: source/destination check is on unless disabled.
		SourceDestCheck: model.Of(boolOr(s.get("source_dest_check"), true)),
		Cluster:         l.cluster,
		IAMRole:         l.role,
	}
	in.SecurityGroups = b.defaultGroups(l, in.Subnet)
	in.PrivateIP = address(s.get("private_ip"))
	b.instances.add(r.Address, in)
}

// mapAutoScalingGroup maps an auto scaling group with the settings of its
// launch template or launch configuration; its cluster is the one the
// template's user data names in ECS_CLUSTER.
func mapAutoScalingGroup(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindAutoScalingGroup, r)
	g := model.AutoScalingGroup{ID: r.Address, Source: r.Pos, Subnets: b.refs(s, "vpc_zone_identifier", wantSubnet, o)}
	if !isSet(s.get("vpc_zone_identifier")) {
		b.undetermine(s.at("vpc_zone_identifier"), o, defaultVPCWhy)
	}
	spec := s.path("mixed_instances_policy", "launch_template", "launch_template_specification")
	lt, _ := s.block("launch_template")
	for _, c := range []struct {
		s      site
		attr   string
		w      want
		fields launchFields
	}{
		{lt, "id", wantLaunchTemplate, launchTemplateFields},
		{lt, "name", wantLaunchTemplate, launchTemplateFields},
		{spec, "launch_template_id", wantLaunchTemplate, launchTemplateFields},
		{spec, "launch_template_name", wantLaunchTemplate, launchTemplateFields},
		{s, "launch_configuration", wantLaunchConfig, launchConfigFields},
	} {
		id := b.ref(c.s, c.attr, c.w, o)
		if t := b.ix.byAddr[id]; t != nil {
			l := b.launch(t, c.fields, o)
			g.Cluster, g.AssociatePublicIP, g.IAMRole = l.cluster, l.publicIP, l.role
			if len(g.Subnets) > 0 {
				g.SecurityGroups = b.defaultGroups(l, g.Subnets[0])
			}
			break
		}
	}
	b.autoScalingGroup.add(r.Address, g)
}

// ecsCluster finds ECS_CLUSTER=NAME in user data (the ECS agent's
// configuration line).
var ecsCluster = regexp.MustCompile(`ECS_CLUSTER\s*=\s*["']?([A-Za-z0-9_-]+)`)

var sha1Hex = regexp.MustCompile(`^[0-9a-f]{40}$`)

// userDataCluster returns the cluster that user data joins. User data
// known only after apply joins the one cluster its expression
// references, if it references exactly one.
func (b *builder) userDataCluster(s site, u userDataField, o object) string {
	as := s.at(u.name)
	text, st := str(as.v)
	switch st {
	case absent:
		return ""
	case unknown:
		c := b.candidates(as, wantCluster)
		if len(c) > 1 {
			b.undetermine(as, o, resolution{outcome: ambiguous, cands: c}.why(wantCluster))
		}
		if len(c) == 1 {
			return c[0]
		}
		return ""
	}
	if u.encoded {
		text = decodeUserData(text)
	}
	m := ecsCluster.FindStringSubmatch(text)
	if m == nil {
		if sha1Hex.MatchString(text) {
			b.infof(as.pos, CodeNotModelled, "%s of %s is stored as a hash (state), so whether it joins an ECS cluster cannot be read", as.field, s.r.Address)
		}
		return ""
	}
	if c, _ := b.lookup(m[1], wantCluster); len(c) == 1 {
		return c[0]
	}
	b.warnf(as.pos, CodeUndetermined, "%s of %s sets ECS_CLUSTER=%s, which names no ECS cluster of the input", as.field, s.r.Address, m[1])
	return ""
}

// decodeUserData decodes base64 user data, gunzipping it when compressed;
// text that is not base64 is returned as it is.
func decodeUserData(s string) string {
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
		if plain, err := io.ReadAll(io.LimitReader(zr, 1<<20)); err == nil {
			return string(plain)
		}
	}
	return string(data)
}

// profileRole returns the role ARN of an instance profile given by name or
// ARN (or in a block with arn and name, as launch templates have).
func (b *builder) profileRole(s site) string {
	v := s.v
	if v.IsKnown() && !v.IsNull() && !v.Type().IsPrimitiveType() {
		block := first(v)
		if v = attr(block, "arn"); strOr(v, "") == "" {
			v = attr(block, "name")
		}
	}
	id, res := b.one(s, v, wantProfile)
	if res.outcome != resolved {
		return ""
	}
	p := root(b.ix.byAddr[id])
	role, res := b.one(p.at("role"), p.get("role"), wantRole)
	if res.outcome != resolved {
		return ""
	}
	return b.roleARN(b.ix.byAddr[role])
}

// roleARN returns a role's ARN, built from its path and name when the ARN
// is known only after apply.
func (b *builder) roleARN(r *Resource) string {
	if arn, st := str(attr(r.Values, "arn")); st == known {
		return arn
	}
	name, st := str(attr(r.Values, "name"))
	if st != known || b.opts.Account == "" {
		return ""
	}
	return "arn:aws:iam::" + b.opts.Account + ":role" + strOr(attr(r.Values, "path"), "/") + name
}
