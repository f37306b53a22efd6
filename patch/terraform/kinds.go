package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/whatif"
)

// perInstance handles an attribute of a for_each resource whose
// expression depends on the instance: overwriting it would change every
// instance. When the attribute reads each.value.X (or lookup(each.value,
// "X", ...)) and for_each is a map written in locals, it sets X in the
// instance's entry of that map instead; otherwise it refuses.
func (p *patcher) perInstance(b block, id string, a *hclsyntax.Attribute, want string) error {
	if p.setEntry(b, id, a, want) {
		return nil
	}
	return p.refuse("%s sets %s = %s (%s) per instance of its %s; set it to %s in the input that gives that value for %s",
		b.label(), a.Name, b.text(a.Expr), where(a.Expr.Range()), b.repeated().Name, want, id)
}

// setEntry sets field X of the entry of instance id in the locals map
// that b's for_each reads, when a reads each.value.X. It reports whether
// it did.
func (p *patcher) setEntry(b block, id string, a *hclsyntax.Attribute, want string) bool {
	field, ok := eachField(a.Expr)
	fe := b.attr("for_each")
	addr, okAddr := parseAddress(id)
	if !ok || fe == nil || !okAddr {
		return false
	}
	key, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(addr.key, "["), "]"))
	t, isTrav := fe.Expr.(*hclsyntax.ScopeTraversalExpr)
	if err != nil || !isTrav || len(t.Traversal) != 2 || t.Traversal.RootName() != "local" {
		return false
	}
	step, ok := t.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return false
	}
	m, err := p.ms.module(addr.module)
	if err != nil || m.readOnly != "" {
		return false
	}
	for _, f := range m.files {
		for _, l := range f.blocks() {
			if l.s.Type != "locals" || l.attr(step.Name) == nil {
				continue
			}
			src, e, err := l.current(step.Name)
			if err != nil {
				return false
			}
			out, ok := setField(src, e, key, field, want)
			if !ok {
				return false
			}
			return p.setIn(l, "", [][2]string{{step.Name, out}}) == nil
		}
	}
	return false
}

// eachField returns X when e is each.value.X, each.value["X"] or
// lookup(each.value, "X", DEFAULT).
func eachField(e hclsyntax.Expression) (string, bool) {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		tr := x.Traversal
		if len(tr) != 3 || tr.RootName() != "each" {
			return "", false
		}
		if v, ok := tr[1].(hcl.TraverseAttr); !ok || v.Name != "value" {
			return "", false
		}
		switch s := tr[2].(type) {
		case hcl.TraverseAttr:
			return s.Name, true
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				return s.Key.AsString(), true
			}
		}
	case *hclsyntax.FunctionCallExpr:
		if x.Name != "lookup" || len(x.Args) < 2 {
			return "", false
		}
		if v, ok := x.Args[0].(*hclsyntax.ScopeTraversalExpr); !ok || compact(string(hclTraversal(v.Traversal))) != "each.value" {
			return "", false
		}
		return literalString(x.Args[1])
	}
	return "", false
}

// hclTraversal writes a traversal of names as text.
func hclTraversal(t hcl.Traversal) []byte {
	var out []string
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		default:
			return nil
		}
	}
	return []byte(strings.Join(out, "."))
}

// setField returns src, the text of map expression e, with field of the
// entry key set to want: its value replaced, or the field added.
func setField(src string, e hclsyntax.Expression, key, field, want string) (string, bool) {
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return "", false
	}
	entry := objectItem(obj, key)
	if entry == nil {
		return "", false
	}
	inner, ok := entry.ValueExpr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return "", false
	}
	if it := objectItem(inner, field); it != nil {
		r := it.ValueExpr.Range()
		return src[:r.Start.Byte] + want + src[r.End.Byte:], true
	}
	r := inner.Range()
	body := strings.TrimSpace(src[r.Start.Byte+1 : r.End.Byte-1])
	switch {
	case body == "":
		body = "{ " + field + " = " + want + " }"
	case strings.Contains(src[r.Start.Byte:r.End.Byte], "\n"):
		body = "{\n" + body + "\n" + field + " = " + want + "\n}"
	default:
		body = "{ " + strings.TrimSuffix(body, ",") + ", " + field + " = " + want + " }"
	}
	return src[:r.Start.Byte] + body + src[r.End.Byte:], true
}

// objectItem is the item of key name in an object constructor, or nil.
func objectItem(o *hclsyntax.ObjectConsExpr, name string) *hclsyntax.ObjectConsItem {
	for i, it := range o.Items {
		k := it.KeyExpr
		if w, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
			if kw := hcl.ExprAsKeyword(w.Wrapped); kw != "" {
				if kw == name {
					return &o.Items[i]
				}
				continue
			}
			k = w.Wrapped
		}
		if v, ok := literalString(k); ok && v == name {
			return &o.Items[i]
		}
	}
	return nil
}

// flipPublicIP sets assign_public_ip in the service's network_configuration.
func (p *patcher) flipPublicIP(c whatif.Change) error {
	m, _, b, err := p.object(c.Target, "aws_ecs_service")
	if err != nil {
		return err
	}
	if err := p.editable(m, c.Target); err != nil {
		return err
	}
	svc := find(p.after.Services, c.Target)
	nc := b.nested("network_configuration")
	if svc == nil || len(nc) != 1 {
		return p.refuse("%s at %s has no network_configuration block to set assign_public_ip in", b.label(), where(b.s.DefRange()))
	}
	attrs := [][2]string{{"assign_public_ip", strconv.FormatBool(svc.AssignPublicIP)}}
	if err := p.uniform(b, nc[0], c.Target, attrs); err != nil {
		return err
	}
	return p.setIn(nc[0], c.Target, attrs)
}

// associateRouteTable adds a route table to a gateway endpoint: another
// aws_vpc_endpoint_route_table_association where the root uses them, else
// in its route_table_ids.
func (p *patcher) associateRouteTable(c whatif.Change) error {
	m, a, b, err := p.object(c.Target, "aws_vpc_endpoint")
	if err != nil {
		return err
	}
	if p.usesAssociations(m, a) {
		home, err := p.home(c.Target, c.Value)
		if err != nil {
			return err
		}
		ep, err1 := p.ref(home, c.Target, "id")
		rt, err2 := p.ref(home, c.Value, "id")
		if err1 != nil || err2 != nil {
			return p.wrap(firstErr(err1, err2))
		}
		_, err = p.add(home, "", "aws_vpc_endpoint_route_table_association", nameOf(c.Target)+"_"+nameOf(c.Value),
			newBlock{attrs: [][2]string{{"vpc_endpoint_id", ep}, {"route_table_id", rt}}})
		return err
	}
	if err := p.editable(m, c.Target); err != nil {
		return err
	}
	if rep := b.repeated(); rep != nil {
		return p.refuse("%s has %s = %s (%s): a route table added to its route_table_ids would be added to every endpoint it makes", b.label(), rep.Name, b.text(rep.Expr), where(rep.Expr.Range()))
	}
	rt, err := p.ref(m, c.Value, "id")
	if err != nil {
		return p.wrap(err)
	}
	if attr := b.attr("route_table_ids"); attr != nil && dependsOn(attr.Expr, "each", "count") {
		return p.perInstance(b, c.Target, attr, "a list with "+rt)
	}
	src, e, err := b.current("route_table_ids")
	switch {
	case err != nil:
		return p.wrap(err)
	case e == nil:
		return p.setIn(b, c.Target, [][2]string{{"route_table_ids", "[" + rt + "]"}})
	}
	if t, ok := e.(*hclsyntax.TupleConsExpr); ok {
		return p.setIn(b, c.Target, [][2]string{{"route_table_ids", appendItem(src, t, rt)}})
	}
	return p.setIn(b, c.Target, [][2]string{{"route_table_ids", "concat(" + src + ", [" + rt + "])"}})
}

// usesAssociations reports whether the files manage the route tables of
// endpoint a with aws_vpc_endpoint_route_table_association resources.
func (p *patcher) usesAssociations(m *module, a address) bool {
	want := "aws_vpc_endpoint." + a.name
	for _, mod := range p.ms.byAddr {
		if !strings.HasPrefix(m.addr, mod.addr) {
			continue
		}
		for _, r := range mod.blocksOf("resource", "aws_vpc_endpoint_route_table_association") {
			if e := r.attr("vpc_endpoint_id"); e != nil && mod == m && strings.Contains(compact(r.text(e.Expr)), want) {
				return true
			}
		}
	}
	return false
}

// appendItem returns src, the text of tuple t, with item added,
// keeping its layout and comments.
func appendItem(src string, t *hclsyntax.TupleConsExpr, item string) string {
	start := t.Range().Start.Byte
	if len(t.Exprs) == 0 {
		return "[" + item + "]"
	}
	last := t.Exprs[len(t.Exprs)-1].Range().End.Byte - start
	rest := src[last : len(src)-1] // after the last item, before "]"
	head := src[:last] + ","
	// One item a line when the first starts on a line of its own; else
	// the next item follows the last, as in [{ ... }, { ... }].
	if strings.Contains(src[:t.Exprs[0].Range().Start.Byte-start], "\n") {
		// rest holds the last item's comma, comments and newline.
		rest = strings.TrimPrefix(strings.TrimLeft(rest, " \t"), ",")
		if !strings.HasSuffix(strings.TrimRight(rest, " \t"), "\n") {
			rest += "\n"
		}
		return head + rest + item + ",\n]"
	}
	return head + " " + item + strings.TrimPrefix(strings.TrimSpace(rest), ",") + "]"
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// find returns the object of ID id in s.
func find[T any](s []T, id string) *T {
	for i := range s {
		if idOf(&s[i]) == id {
			return &s[i]
		}
	}
	return nil
}

func idOf(v any) string {
	switch o := v.(type) {
	case *model.Service:
		return o.ID
	case *model.SecurityGroup:
		return o.ID
	case *model.NetworkACL:
		return o.ID
	case *model.RouteTable:
		return o.ID
	case *model.Endpoint:
		return o.ID
	case *model.FileSystem:
		return o.ID
	case *model.VPC:
		return o.ID
	case *model.Subnet:
		return o.ID
	case *model.PrefixList:
		return o.ID
	}
	return ""
}

// sgRule writes the rule AllowEgress, AllowIngress or AddS3Egress adds.
func (p *patcher) sgRule(c whatif.Change) error {
	m, _, b, err := p.object(c.Target, "aws_security_group", "aws_default_security_group")
	if err != nil {
		return err
	}
	g := find(p.after.SecurityGroups, c.Target)
	dir, rules := "egress", g.Egress
	if c.Kind == whatif.AllowIngress {
		dir, rules = "ingress", g.Ingress
	}
	rule := rules[len(rules)-1]
	family := p.ruleFamily(c.Target)
	// The provider manages a direction's rules inline only when the block
	// writes that direction; standalone rules beside them would fight. A
	// default group with no inline rules has none (it removes the others).
	// A group made by count or for_each takes a standalone rule for its
	// one instance where it can.
	if inline(b, dir) || family == "" && b.repeated() == nil && (inline(b, "ingress", "egress") || b.s.Labels[0] == "aws_default_security_group") {
		if err := p.editable(m, c.Target); err != nil {
			return err
		}
		return p.inlineSGRule(m, b, c.Target, dir, rule)
	}
	return p.standaloneSGRule(c.Target, dir, rule, family == "aws_security_group_rule")
}

// ruleFamily returns the type of the standalone rule resources that
// manage group sg: aws_security_group_rule when only those do,
// aws_vpc_security_group_ingress_rule when any of the newer ones do, ""
// when none do.
func (p *patcher) ruleFamily(sg string) string {
	legacy, current := false, false
	for _, m := range p.ms.byAddr {
		self, err := p.ref(m, sg, "id")
		if err != nil {
			continue
		}
		for _, typ := range []string{"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"} {
			for _, r := range m.blocksOf("resource", typ) {
				if a := r.attr("security_group_id"); a != nil && compact(r.text(a.Expr)) == compact(self) {
					legacy = legacy || typ == "aws_security_group_rule"
					current = current || typ != "aws_security_group_rule"
				}
			}
		}
	}
	switch {
	case current:
		return "aws_vpc_security_group_ingress_rule"
	case legacy:
		return "aws_security_group_rule"
	}
	return ""
}

// inline reports whether b holds rules of kinds inline: nested blocks or
// attributes.
func inline(b block, kinds ...string) bool {
	for _, k := range kinds {
		if len(b.nested(k)) > 0 || b.attr(k) != nil {
			return true
		}
	}
	return false
}

// peer is the rule's peer as attribute name and expression: kind is
// "group", "cidr4", "cidr6" or "prefix".
func (p *patcher) peer(m *module, r model.SGRule) (kind, expr string, err error) {
	switch {
	case len(r.SecurityGroups) > 0:
		e, err := p.ref(m, r.SecurityGroups[0], "id")
		return "group", e, err
	case len(r.CIDRs) > 0:
		if r.CIDRs[0].Addr().Is4() {
			return "cidr4", quote(r.CIDRs[0].String()), nil
		}
		return "cidr6", quote(r.CIDRs[0].String()), nil
	case len(r.PrefixLists) > 0:
		e, err := p.prefixList(m, r.PrefixLists[0])
		return "prefix", e, err
	}
	return "", "", fmt.Errorf("the rule has no peer")
}

func (p *patcher) inlineSGRule(m *module, b block, id, dir string, r model.SGRule) error {
	kind, expr, err := p.peer(m, r)
	if err != nil {
		return p.wrap(err)
	}
	fields := map[string]string{"group": "security_groups", "cidr4": "cidr_blocks", "cidr6": "ipv6_cidr_blocks", "prefix": "prefix_list_ids"}
	if a := b.attr(dir); a != nil {
		src, e, err := b.current(dir)
		if err != nil {
			return p.wrap(err)
		}
		t, ok := e.(*hclsyntax.TupleConsExpr)
		if !ok || b.repeated() != nil {
			return p.refuse("%s sets %s = %s (%s), which is not a list vpctrace can add a rule to for %s alone", b.label(), dir, b.text(a.Expr), where(a.Expr.Range()), id)
		}
		obj := map[string]string{"cidr_blocks": "[]", "ipv6_cidr_blocks": "[]", "prefix_list_ids": "[]", "security_groups": "[]"}
		obj[fields[kind]] = "[" + expr + "]"
		item := fmt.Sprintf("{\ndescription = %s\nfrom_port = %d\nto_port = %d\nprotocol = \"tcp\"\ncidr_blocks = %s\nipv6_cidr_blocks = %s\nprefix_list_ids = %s\nsecurity_groups = %s\nself = false\n}",
			quote(r.Description), r.FromPort, r.ToPort, obj["cidr_blocks"], obj["ipv6_cidr_blocks"], obj["prefix_list_ids"], obj["security_groups"])
		return p.setIn(b, "", [][2]string{{dir, appendItem(src, t, item)}})
	}
	nb := newBlock{header: dir, attrs: [][2]string{
		{"description", quote(r.Description)},
		{"from_port", strconv.Itoa(r.FromPort)},
		{"to_port", strconv.Itoa(r.ToPort)},
		{"protocol", `"tcp"`},
		{fields[kind], "[" + expr + "]"},
	}}
	return p.appendFor(b, id, nb)
}

// appendFor adds nested block nb to b for instance id only: as it is
// when b makes one instance, else as a dynamic block that only the
// instance of id's key has.
func (p *patcher) appendFor(b block, id string, nb newBlock) error {
	rep := b.repeated()
	if rep == nil {
		return p.appendNested(b, nb)
	}
	a, ok := parseAddress(id)
	if !ok || a.key == "" {
		return p.refuse("%s has %s but %s names no instance", b.label(), rep.Name, id)
	}
	key := a.key[1 : len(a.key)-1]
	cond := "each.key == " + key
	if rep.Name == "count" {
		cond = "count.index == " + key
	}
	return p.appendNested(b, newBlock{
		header: fmt.Sprintf("dynamic %q", nb.header),
		attrs:  [][2]string{{"for_each", cond + " ? [1] : []"}},
		blocks: []newBlock{{header: "content", attrs: nb.attrs, blocks: nb.blocks}},
	})
}

// appendNested adds a nested block to b, after its last block of the
// same type if any.
func (p *patcher) appendNested(b block, nb newBlock) error {
	src := nb.text("")
	f, err := parseBlock(src)
	if err != nil {
		return err
	}
	b.w.Body().AppendNewline()
	b.w.Body().AppendBlock(f)
	b.touch()
	return nil
}

func (p *patcher) standaloneSGRule(sg, dir string, r model.SGRule, legacy bool) error {
	var others []string
	if len(r.SecurityGroups) > 0 {
		others = r.SecurityGroups[:1]
	}
	m, err := p.home(sg, others...)
	if err != nil {
		return p.wrap(err)
	}
	kind, expr, err := p.peer(m, r)
	if err != nil {
		return p.wrap(err)
	}
	self, _ := p.ref(m, sg, "id")
	typ := "aws_vpc_security_group_" + dir + "_rule"
	fields := map[string]string{"group": "referenced_security_group_id", "cidr4": "cidr_ipv4", "cidr6": "cidr_ipv6", "prefix": "prefix_list_id"}
	nb := newBlock{attrs: [][2]string{
		{"security_group_id", self},
		{"description", quote(r.Description)},
		{"ip_protocol", `"tcp"`},
		{"from_port", strconv.Itoa(r.FromPort)},
		{"to_port", strconv.Itoa(r.ToPort)},
		{fields[kind], expr},
	}}
	if legacy {
		typ = "aws_security_group_rule"
		fields = map[string]string{"group": "source_security_group_id", "cidr4": "cidr_blocks", "cidr6": "ipv6_cidr_blocks", "prefix": "prefix_list_ids"}
		if kind != "group" {
			expr = "[" + expr + "]"
		}
		nb.attrs = [][2]string{
			{"type", quote(dir)},
			{"security_group_id", self},
			{"description", quote(r.Description)},
			{"protocol", `"tcp"`},
			{"from_port", strconv.Itoa(r.FromPort)},
			{"to_port", strconv.Itoa(r.ToPort)},
			{fields[kind], expr},
		}
	}
	to := map[string]string{"egress": "to", "ingress": "from"}[dir]
	peerName := map[string]string{"cidr4": "cidr", "cidr6": "cidr", "prefix": "s3"}[kind]
	if len(r.CIDRs) > 0 && r.CIDRs[0].Bits() == 0 {
		peerName = "anywhere"
	}
	if kind == "group" {
		peerName = nameOf(r.SecurityGroups[0])
	}
	if r.FromPort == 443 && r.ToPort == 443 {
		peerName = "https_" + to + "_" + peerName
	} else {
		peerName = strconv.Itoa(r.FromPort) + "_" + to + "_" + peerName
	}
	_, err = p.add(m, "", typ, nameOf(sg)+"_"+peerName, nb)
	return err
}

// prefixList returns the expression of the ID of prefix list pl from m:
// the prefix_list_id of a gateway endpoint of its service, a prefix list
// of the world, a data source that reads it, or a new data source.
func (p *patcher) prefixList(m *module, pl string) (string, error) {
	for _, e := range p.base.Endpoints {
		if e.Type == model.EndpointGateway && e.ServiceName == pl {
			if r, err := p.ref(m, e.ID, "prefix_list_id"); err == nil {
				return r, nil
			}
		}
	}
	if l := find(p.base.PrefixLists, pl); l != nil {
		return p.ref(m, l.ID, "id")
	}
	if !model.IsAWSManagedPrefixList(pl) {
		return "", fmt.Errorf("prefix list %s is not declared in the files", pl)
	}
	for _, d := range m.blocksOf("data", "aws_prefix_list") {
		if a := d.attr("name"); a != nil && d.repeated() == nil {
			if v, ok := literalString(a.Expr); ok && v == pl {
				return "data.aws_prefix_list." + d.s.Labels[1] + ".id", nil
			}
		}
	}
	key := "prefix " + pl
	if p.added[m] != nil {
		for n := range p.added[m] {
			if strings.HasPrefix(n, key+"=") {
				return strings.TrimPrefix(n, key+"="), nil
			}
		}
	}
	_, svc, _ := model.SplitServiceName(pl)
	name, err := p.add(m, "data", "aws_prefix_list", svc, newBlock{attrs: [][2]string{{"name", quote(pl)}}})
	if err != nil {
		return "", err
	}
	r := "data.aws_prefix_list." + name + ".id"
	p.added[m][key+"="+r] = true
	return r, nil
}

// aclRule writes the rule AllowNACL adds.
func (p *patcher) aclRule(c whatif.Change) error {
	m, _, b, err := p.object(c.Target, "aws_network_acl", "aws_default_network_acl")
	if err != nil {
		return err
	}
	acl := find(p.after.NetworkACLs, c.Target)
	rules := acl.Ingress
	if c.Value == "egress" {
		rules = acl.Egress
	}
	if len(rules) == 0 {
		return p.refuse("whatif added no %s rule to %s", c.Value, c.Target)
	}
	r := rules[0]
	if inline(b, "ingress", "egress") || b.s.Labels[0] == "aws_default_network_acl" {
		if err := p.editable(m, c.Target); err != nil {
			return err
		}
		if b.attr(c.Value) != nil {
			return p.refuse("%s sets %s as an attribute (%s); vpctrace adds rules as blocks only", b.label(), c.Value, where(b.attr(c.Value).Expr.Range()))
		}
		return p.appendFor(b, c.Target, newBlock{header: c.Value, attrs: [][2]string{
			{"protocol", `"tcp"`},
			{"rule_no", strconv.Itoa(r.Number)},
			{"action", `"allow"`},
			{"cidr_block", quote(r.CIDR.String())},
			{"from_port", strconv.Itoa(r.FromPort)},
			{"to_port", strconv.Itoa(r.ToPort)},
		}})
	}
	home, err := p.home(c.Target)
	if err != nil {
		return p.wrap(err)
	}
	self, _ := p.ref(home, c.Target, "id")
	ports := strconv.Itoa(r.FromPort)
	if r.FromPort != r.ToPort {
		ports = "ephemeral"
	}
	_, err = p.add(home, "", "aws_network_acl_rule", nameOf(c.Target)+"_"+c.Value+"_"+ports, newBlock{attrs: [][2]string{
		{"network_acl_id", self},
		{"rule_number", strconv.Itoa(r.Number)},
		{"egress", strconv.FormatBool(c.Value == "egress")},
		{"protocol", `"tcp"`},
		{"rule_action", `"allow"`},
		{"cidr_block", quote(r.CIDR.String())},
		{"from_port", strconv.Itoa(r.FromPort)},
		{"to_port", strconv.Itoa(r.ToPort)},
	}})
	return err
}

// routeTargets are the target attributes of a route.
var routeTargets = []string{"carrier_gateway_id", "core_network_arn", "egress_only_gateway_id", "gateway_id", "local_gateway_id",
	"nat_gateway_id", "network_interface_id", "transit_gateway_id", "vpc_endpoint_id", "vpc_peering_connection_id"}

// defaultRoute writes AddDefaultRoute: the inline 0.0.0.0/0 route of the
// table, the aws_route that holds it, or a new aws_route.
func (p *patcher) defaultRoute(c whatif.Change) error {
	m, _, b, err := p.object(c.Target, "aws_route_table", "aws_default_route_table")
	if err != nil {
		return err
	}
	if a := b.attr("route"); a != nil {
		return p.refuse("%s sets route as an attribute (%s); vpctrace edits route blocks only", b.label(), where(a.Expr.Range()))
	}
	if routes := b.nested("route"); len(routes) > 0 {
		if err := p.editable(m, c.Target); err != nil {
			return err
		}
		nat, err := p.ref(m, c.Value, "id")
		if err != nil {
			return p.wrap(err)
		}
		if r := b.repeated(); r != nil {
			// A route for this table alone: a dynamic block, unless a
			// 0.0.0.0/0 route is there to replace.
			if t := find(p.base.RouteTables, c.Target); t == nil || slices.ContainsFunc(t.Routes, func(r model.Route) bool { return r.Destination.String() == "0.0.0.0/0" }) {
				return p.refuse("%s has inline routes and %s = %s (%s): its 0.0.0.0/0 route cannot be replaced for %s alone", b.label(), r.Name, b.text(r.Expr), where(r.Expr.Range()), c.Target)
			}
			return p.appendFor(b, c.Target, newBlock{header: "route", attrs: [][2]string{{"cidr_block", `"0.0.0.0/0"`}, {"nat_gateway_id", nat}}})
		}
		for _, r := range routes {
			if a := r.attr("cidr_block"); a != nil {
				if v, ok := literalString(a.Expr); ok && v == "0.0.0.0/0" {
					return p.retarget(r, nat)
				}
			}
		}
		return p.appendNested(b, newBlock{header: "route", attrs: [][2]string{{"cidr_block", `"0.0.0.0/0"`}, {"nat_gateway_id", nat}}})
	}
	if r, ok := p.routeResource(c.Target); ok {
		rm, err := p.moduleOfFile(r.f)
		if err != nil {
			return err
		}
		if err := p.editable(rm, r.label()); err != nil {
			return err
		}
		if rep := r.repeated(); rep != nil {
			return p.refuse("the 0.0.0.0/0 route of %s is %s, which has %s = %s (%s): changing its target would change every route it makes", c.Target, r.label(), rep.Name, r.text(rep.Expr), where(rep.Expr.Range()))
		}
		nat, err := p.ref(rm, c.Value, "id")
		if err != nil {
			return p.wrap(err)
		}
		return p.retarget(r, nat)
	}
	home, err := p.home(c.Target, c.Value)
	if err != nil {
		return p.wrap(err)
	}
	rt, _ := p.ref(home, c.Target, "id")
	nat, _ := p.ref(home, c.Value, "id")
	_, err = p.add(home, "", "aws_route", nameOf(c.Target)+"_default", newBlock{attrs: [][2]string{
		{"route_table_id", rt}, {"destination_cidr_block", `"0.0.0.0/0"`}, {"nat_gateway_id", nat},
	}})
	return err
}

// retarget makes route block r go to NAT gateway nat.
func (p *patcher) retarget(r block, nat string) error {
	for _, t := range routeTargets {
		if r.attr(t) != nil {
			r.w.Body().RemoveAttribute(t)
		}
	}
	return p.setIn(r, "", [][2]string{{"nat_gateway_id", nat}})
}

// routeResource finds the aws_route block that gave table rt its
// 0.0.0.0/0 route in the base world.
func (p *patcher) routeResource(rt string) (block, bool) {
	t := find(p.base.RouteTables, rt)
	if t == nil {
		return block{}, false
	}
	for _, r := range t.Routes {
		if r.Destination.String() != "0.0.0.0/0" || !r.Source.IsValid() {
			continue
		}
		for _, m := range p.ms.byAddr {
			for _, f := range m.files {
				if f.path != r.Source.File {
					continue
				}
				for _, b := range f.blocks() {
					rg := b.s.Range()
					if b.s.Type == "resource" && b.s.Labels[0] == "aws_route" && rg.Start.Line <= r.Source.Line && r.Source.Line <= rg.End.Line {
						return b, true
					}
				}
			}
		}
	}
	return block{}, false
}

func (p *patcher) moduleOfFile(f *file) (*module, error) {
	for _, m := range p.ms.byAddr {
		if slices.Contains(m.files, f) {
			return m, nil
		}
	}
	return nil, fmt.Errorf("%s belongs to no module", f.rel)
}
