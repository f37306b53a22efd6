package model

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of w: every slice, map and pointer of the copy
// is its own, so that changing the copy never changes w. A nil w gives nil.
func Clone(w *World) *World {
	if w == nil {
		return nil
	}
	c := *w
	c.VPCs = cloneEach(w.VPCs, func(v *VPC) {
		v.CIDRs = slices.Clone(v.CIDRs)
		v.IPv6CIDRs = slices.Clone(v.IPv6CIDRs)
	})
	c.Subnets = slices.Clone(w.Subnets)
	c.RouteTables = cloneEach(w.RouteTables, func(rt *RouteTable) { rt.Routes = slices.Clone(rt.Routes) })
	c.InternetGateways = slices.Clone(w.InternetGateways)
	c.EgressOnlyGateways = slices.Clone(w.EgressOnlyGateways)
	c.NATGateways = slices.Clone(w.NATGateways)
	c.VPNGateways = slices.Clone(w.VPNGateways)
	c.Instances = cloneEach(w.Instances, func(in *Instance) { in.SecurityGroups = slices.Clone(in.SecurityGroups) })
	c.Endpoints = cloneEach(w.Endpoints, func(e *Endpoint) {
		e.RouteTables = slices.Clone(e.RouteTables)
		e.Subnets = slices.Clone(e.Subnets)
		e.IPs = maps.Clone(e.IPs)
		e.SecurityGroups = slices.Clone(e.SecurityGroups)
	})
	c.SecurityGroups = cloneEach(w.SecurityGroups, func(sg *SecurityGroup) {
		sg.Ingress = cloneSGRules(sg.Ingress)
		sg.Egress = cloneSGRules(sg.Egress)
	})
	c.NetworkACLs = cloneEach(w.NetworkACLs, func(a *NetworkACL) {
		a.Ingress = slices.Clone(a.Ingress)
		a.Egress = slices.Clone(a.Egress)
	})
	c.PrefixLists = cloneEach(w.PrefixLists, func(p *PrefixList) { p.Entries = slices.Clone(p.Entries) })
	c.DHCPOptions = cloneEach(w.DHCPOptions, func(d *DHCPOptions) { d.DomainNameServers = slices.Clone(d.DomainNameServers) })
	c.HostedZones = cloneEach(w.HostedZones, func(z *HostedZone) {
		z.VPCs = slices.Clone(z.VPCs)
		z.Records = cloneEach(z.Records, func(r *Record) { r.Values = slices.Clone(r.Values) })
	})
	c.ResolverRules = cloneEach(w.ResolverRules, func(r *ResolverRule) {
		r.TargetIPs = slices.Clone(r.TargetIPs)
		r.VPCs = slices.Clone(r.VPCs)
	})
	c.FirewallDomainLists = cloneEach(w.FirewallDomainLists, func(l *FirewallDomainList) { l.Domains = slices.Clone(l.Domains) })
	c.FirewallRuleGroups = cloneEach(w.FirewallRuleGroups, func(g *FirewallRuleGroup) {
		g.Rules = slices.Clone(g.Rules)
		g.Associations = slices.Clone(g.Associations)
	})
	c.TransitGateways = slices.Clone(w.TransitGateways)
	c.TransitGatewayAttachments = cloneEach(w.TransitGatewayAttachments, func(a *TransitGatewayAttachment) {
		a.Subnets = slices.Clone(a.Subnets)
		a.PropagateTo = slices.Clone(a.PropagateTo)
	})
	c.TransitGatewayRouteTables = cloneEach(w.TransitGatewayRouteTables, func(t *TransitGatewayRouteTable) { t.Routes = slices.Clone(t.Routes) })
	c.Peerings = slices.Clone(w.Peerings)
	c.FileSystems = cloneEach(w.FileSystems, func(f *FileSystem) {
		f.MountTargets = cloneEach(f.MountTargets, func(m *MountTarget) { m.SecurityGroups = slices.Clone(m.SecurityGroups) })
	})
	c.Buckets = slices.Clone(w.Buckets)
	c.Clusters = cloneEach(w.Clusters, func(cl *Cluster) {
		cl.CapacityProviders = maps.Clone(cl.CapacityProviders)
		if cl.ExecuteCommand != nil {
			ec := *cl.ExecuteCommand
			cl.ExecuteCommand = &ec
		}
	})
	c.TaskDefinitions = cloneEach(w.TaskDefinitions, func(td *TaskDefinition) {
		td.RequiresCompatibilities = slices.Clone(td.RequiresCompatibilities)
		td.Containers = cloneEach(td.Containers, func(ct *Container) {
			ct.LogOptions = maps.Clone(ct.LogOptions)
			ct.LogSecretOptions = slices.Clone(ct.LogSecretOptions)
			ct.Secrets = slices.Clone(ct.Secrets)
			ct.EnvironmentFiles = slices.Clone(ct.EnvironmentFiles)
			ct.Unknowns = slices.Clone(ct.Unknowns)
			if ct.Firelens != nil {
				f := *ct.Firelens
				f.Options = maps.Clone(f.Options)
				ct.Firelens = &f
			}
		})
		td.Volumes = cloneEach(td.Volumes, func(v *Volume) {
			if v.EFS != nil {
				e := *v.EFS
				v.EFS = &e
			}
		})
	})
	c.Services = cloneEach(w.Services, func(s *Service) {
		s.CapacityProviders = slices.Clone(s.CapacityProviders)
		s.TaskDefinitionCandidates = slices.Clone(s.TaskDefinitionCandidates)
		s.Subnets = slices.Clone(s.Subnets)
		s.SecurityGroups = slices.Clone(s.SecurityGroups)
	})
	c.AutoScalingGroups = cloneEach(w.AutoScalingGroups, func(g *AutoScalingGroup) {
		g.Subnets = slices.Clone(g.Subnets)
		g.SecurityGroups = slices.Clone(g.SecurityGroups)
	})
	c.PullThroughCacheRules = slices.Clone(w.PullThroughCacheRules)

	c.AccountSettings = slices.Clone(w.AccountSettings)
	c.BlockPublicAccess = slices.Clone(w.BlockPublicAccess)
	c.BPAExclusions = slices.Clone(w.BPAExclusions)
	c.NetworkFirewalls = cloneEach(w.NetworkFirewalls, func(f *NetworkFirewall) {
		f.Subnets = slices.Clone(f.Subnets)
		f.Endpoints = maps.Clone(f.Endpoints)
	})
	c.NetworkFirewallPolicies = cloneEach(w.NetworkFirewallPolicies, func(p *NetworkFirewallPolicy) {
		p.StatelessDefaultActions = slices.Clone(p.StatelessDefaultActions)
		p.StatelessGroups = slices.Clone(p.StatelessGroups)
		p.StatefulGroups = slices.Clone(p.StatefulGroups)
		p.StatefulDefaultActions = slices.Clone(p.StatefulDefaultActions)
		p.HomeNet = slices.Clone(p.HomeNet)
	})
	c.NetworkFirewallRuleGroups = cloneEach(w.NetworkFirewallRuleGroups, func(g *NetworkFirewallRuleGroup) {
		g.StatelessRules = cloneEach(g.StatelessRules, func(r *StatelessRule) {
			r.Actions = slices.Clone(r.Actions)
			r.Protocols = slices.Clone(r.Protocols)
			r.Sources = slices.Clone(r.Sources)
			r.Destinations = slices.Clone(r.Destinations)
			r.SourcePorts = slices.Clone(r.SourcePorts)
			r.DestPorts = slices.Clone(r.DestPorts)
		})
		g.StatefulRules = slices.Clone(g.StatefulRules)
		if g.Domains != nil {
			d := *g.Domains
			d.Targets = slices.Clone(d.Targets)
			g.Domains = &d
		}
		g.HomeNet = slices.Clone(g.HomeNet)
	})
	c.Unknowns = cloneEach(w.Unknowns, func(u *Unknown) {
		if u.Rule != nil {
			r := *u.Rule
			r.SG = cloneSGRules([]SGRule{r.SG})[0]
			u.Rule = &r
		}
	})
	return &c
}

// cloneEach copies s and then lets deep copy the inner slices and maps of
// each element in place.
func cloneEach[T any](s []T, deep func(*T)) []T {
	s = slices.Clone(s)
	for i := range s {
		deep(&s[i])
	}
	return s
}

func cloneSGRules(rs []SGRule) []SGRule {
	return cloneEach(rs, func(r *SGRule) {
		r.CIDRs = slices.Clone(r.CIDRs)
		r.PrefixLists = slices.Clone(r.PrefixLists)
		r.SecurityGroups = slices.Clone(r.SecurityGroups)
	})
}
