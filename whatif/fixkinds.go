package whatif

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// ephemeralFrom and ephemeralTo bound the ephemeral ports an AllowNACL of
// Port 0 admits: every client range AWS documents (aws-rules 5.2.4).
const (
	ephemeralFrom = 1024
	ephemeralTo   = 65535
)

// ports is how Label writes c's port: the port, or the ephemeral range.
func (c Change) ports() string {
	if c.Kind == AllowNACL && c.Port == 0 {
		return fmt.Sprintf("%d-%d", ephemeralFrom, ephemeralTo)
	}
	return strconv.Itoa(c.Port)
}

// touchesFix is Touches for the kinds of vpctrace fix; nil for any other.
func (c Change) touchesFix(w *model.World) []model.Ref {
	switch c.Kind {
	case EnablePrivateDNS, AssociateRouteTable, WidenEndpointPolicy:
		return []model.Ref{{Kind: model.KindEndpoint, ID: c.Target}}
	case EnableVPCDNS:
		return []model.Ref{{Kind: model.KindVPC, ID: c.Target}}
	case AllowNACL:
		return []model.Ref{{Kind: model.KindNetworkACL, ID: c.Target}}
	case AddMountTarget:
		return []model.Ref{{Kind: model.KindFileSystem, ID: c.Target}, {Kind: model.KindMountTarget, ID: AddedMountTargetID(c.Target, c.Value)}}
	}
	return nil
}

// applyFix is apply for the kinds of vpctrace fix.
func (c Change) applyFix(w *model.World) error {
	switch c.Kind {
	case EnablePrivateDNS, AssociateRouteTable, WidenEndpointPolicy:
		e := find(w.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target })
		if e == nil {
			return c.missing("endpoint")
		}
		return c.editEndpoint(e)
	case EnableVPCDNS:
		v := find(w.VPCs, func(v model.VPC) bool { return v.ID == c.Target })
		if v == nil {
			return c.missing("VPC")
		}
		v.EnableDNSSupport, v.EnableDNSHostnames = true, true
	case AllowEgress, AllowIngress:
		sg := find(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == c.Target })
		if sg == nil {
			return c.missing("security group")
		}
		rule, err := c.sgRule(w)
		if err != nil {
			return err
		}
		if c.Kind == AllowEgress {
			sg.Egress = append(sg.Egress, rule)
		} else {
			sg.Ingress = append(sg.Ingress, rule)
		}
	case AllowNACL:
		acl := find(w.NetworkACLs, func(a model.NetworkACL) bool { return a.ID == c.Target })
		if acl == nil {
			return c.missing("network ACL")
		}
		return c.addACLRule(acl)
	case AddMountTarget:
		fs := find(w.FileSystems, func(f model.FileSystem) bool { return f.ID == c.Target })
		if fs == nil {
			return c.missing("file system")
		}
		if subnet(w, c.Value) == nil {
			return fmt.Errorf("subnet %q does not exist", c.Value)
		}
		mt := model.MountTarget{ID: AddedMountTargetID(c.Target, c.Value), Subnet: c.Value}
		if len(fs.MountTargets) > 0 {
			mt.SecurityGroups = slices.Clone(fs.MountTargets[0].SecurityGroups)
		}
		fs.MountTargets = append(fs.MountTargets, mt)
	default:
		return fmt.Errorf("unknown what-if kind %d", c.Kind)
	}
	return nil
}

// AddedMountTargetID is the ID of the mount target AddMountTarget adds to
// file system fs in subnet.
func AddedMountTargetID(fs, subnet string) string { return "what-if-" + fs + "-" + subnet }

// editEndpoint makes the endpoint changes of c on e.
func (c Change) editEndpoint(e *model.Endpoint) error {
	switch c.Kind {
	case EnablePrivateDNS:
		if e.Type != model.EndpointInterface {
			return fmt.Errorf("endpoint %q is not an interface endpoint", c.Target)
		}
		e.PrivateDNS = true
	case AssociateRouteTable:
		if e.Type != model.EndpointGateway {
			return fmt.Errorf("endpoint %q is not a gateway endpoint", c.Target)
		}
		if !slices.Contains(e.RouteTables, c.Value) {
			e.RouteTables = append(slices.Clone(e.RouteTables), c.Value)
		}
	case WidenEndpointPolicy:
		policy, err := WidenedPolicy(e.Policy, c.Value)
		if err != nil {
			return fmt.Errorf("endpoint %q: %w", c.Target, err)
		}
		e.Policy = policy
	}
	return nil
}

// sgRule is the rule AllowEgress or AllowIngress adds: TCP Port to or
// from a group of w, a CIDR or a prefix list.
func (c Change) sgRule(w *model.World) (model.SGRule, error) {
	rule := model.SGRule{Protocol: model.ProtocolTCP, FromPort: c.Port, ToPort: c.Port, Description: "vpctrace fix"}
	switch {
	case slices.ContainsFunc(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == c.Value }):
		rule.SecurityGroups = []string{c.Value}
	case slices.ContainsFunc(w.PrefixLists, func(p model.PrefixList) bool { return p.ID == c.Value }) || model.IsAWSManagedPrefixList(c.Value):
		if c.Kind == AllowIngress {
			return rule, fmt.Errorf("an ingress rule from prefix list %q is not one vpctrace proposes", c.Value)
		}
		rule.PrefixLists = []string{c.Value}
	default:
		p, err := netip.ParsePrefix(c.Value)
		if err != nil {
			return rule, fmt.Errorf("%q is neither a security group, a prefix list nor a CIDR", c.Value)
		}
		rule.CIDRs = []netip.Prefix{p}
	}
	return rule, nil
}

// addACLRule adds c's allow rule to acl, numbered before every rule of its
// direction (aws-rules 5.2.1: the lowest number that matches decides).
func (c Change) addACLRule(acl *model.NetworkACL) error {
	rules := &acl.Ingress
	switch c.Value {
	case "ingress":
	case "egress":
		rules = &acl.Egress
	default:
		return fmt.Errorf("network ACL direction %q is neither ingress nor egress", c.Value)
	}
	n, ok := FirstRuleNumber(*rules)
	if !ok {
		return fmt.Errorf("network ACL %q has no free rule number before its first %s rule", c.Target, c.Value)
	}
	from, to := c.Port, c.Port
	if c.Port == 0 {
		from, to = ephemeralFrom, ephemeralTo
	}
	*rules = append([]model.ACLRule{{Number: n, Protocol: model.ProtocolTCP, FromPort: from, ToPort: to,
		CIDR: netip.MustParsePrefix("0.0.0.0/0"), Allow: true}}, *rules...)
	return nil
}

// FirstRuleNumber returns the number an allow rule gets to come before
// every one of rules: 100 when there are none, else below the lowest,
// keeping steps of ten where they fit (a lowest of 100 gives 90, of 5 gives
// 4). It reports false when the lowest is 1.
func FirstRuleNumber(rules []model.ACLRule) (int, bool) {
	if len(rules) == 0 {
		return 100, true
	}
	low := slices.MinFunc(rules, func(a, b model.ACLRule) int { return a.Number - b.Number }).Number
	switch {
	case low <= 1:
		return 0, false
	case low <= 10:
		return low - 1, true
	}
	return (low - 1) / 10 * 10, true
}

// WidenedPolicy returns endpoint policy document policy with one more
// statement that allows any principal the actions and resource of grant
// ("ACTION[,ACTION...] RESOURCE"). An empty policy is AWS's default, which
// allows everything, and stays empty (aws-rules 6.1.1).
func WidenedPolicy(policy, grant string) (string, error) {
	actions, resource, ok := strings.Cut(grant, " ")
	if !ok || actions == "" || resource == "" {
		return "", fmt.Errorf("policy grant %q is not \"ACTION[,ACTION...] RESOURCE\"", grant)
	}
	if strings.TrimSpace(policy) == "" {
		return "", nil
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return "", fmt.Errorf("the policy is not a JSON document: %w", err)
	}
	if doc == nil { // "null"
		return "", errors.New("the policy is not a JSON object")
	}
	var statements []any
	switch s := doc["Statement"].(type) {
	case []any:
		statements = s
	case map[string]any:
		statements = []any{s}
	case nil:
	default:
		// Replacing it would drop what it says.
		return "", errors.New("the policy's Statement is neither an object nor a list")
	}
	var action any = actions
	if list := strings.Split(actions, ","); len(list) > 1 {
		action = list
	}
	doc["Statement"] = append(statements, map[string]any{
		"Sid": "VpctraceFix", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource,
	})
	out, err := json.Marshal(doc)
	return string(out), err
}
