package terraform

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/whatif"
)

// parseBlock parses the text of one block for hclwrite.
func parseBlock(src string) (*hclwrite.Block, error) {
	f, diags := hclwrite.ParseConfig([]byte(src), "", hcl.InitialPos)
	if diags.HasErrors() || len(f.Body().Blocks()) != 1 {
		return nil, fmt.Errorf("not one block: %q", src)
	}
	b := f.Body().Blocks()[0]
	f.Body().RemoveBlock(b)
	return b, nil
}

// mountTarget writes the aws_efs_mount_target AddMountTarget adds.
func (p *patcher) mountTarget(c whatif.Change) error {
	fs := find(p.after.FileSystems, c.Target)
	if fs == nil {
		return p.refuse("file system %s is not in the world", c.Target)
	}
	mt := fs.MountTargets[len(fs.MountTargets)-1]
	m, err := p.home(c.Target, append([]string{c.Value}, mt.SecurityGroups...)...)
	if err != nil {
		return p.wrap(err)
	}
	fsRef, _ := p.ref(m, c.Target, "id")
	sub, _ := p.ref(m, c.Value, "id")
	attrs := [][2]string{{"file_system_id", fsRef}, {"subnet_id", sub}}
	if len(mt.SecurityGroups) > 0 {
		groups := p.copied(m, fs.MountTargets[0].ID, "security_groups")
		if groups == "" {
			if groups, err = p.refs(m, mt.SecurityGroups, "id"); err != nil {
				return p.wrap(err)
			}
		}
		attrs = append(attrs, [2]string{"security_groups", groups})
	}
	_, err = p.add(m, "", "aws_efs_mount_target", nameOf(c.Target)+"_"+nameOf(c.Value), newBlock{attrs: attrs})
	return err
}

// copied returns the text of attribute attr of object id when a new block
// in module m can take it as written: the object is declared in m and the
// expression does not depend on the instance. "" otherwise.
func (p *patcher) copied(m *module, id, attr string) string {
	a, ok := parseAddress(id)
	if !ok || a.module != m.addr {
		return ""
	}
	b, ok := m.find(a)
	if !ok {
		return ""
	}
	e := b.attr(attr)
	if e == nil || dependsOn(e.Expr, "each", "count", "self") {
		return ""
	}
	return b.text(e.Expr)
}

// serviceSuffix is the part of an endpoint service name after the region:
// "ecr.api" of com.amazonaws.ap-northeast-1.ecr.api.
func serviceSuffix(name string) string {
	if _, svc, ok := model.SplitServiceName(name); ok {
		return svc
	}
	return name
}

// endpoint writes the aws_vpc_endpoint AddEndpoint adds, and the group it
// makes for it.
func (p *patcher) endpoint(c whatif.Change) error {
	ep := find(p.after.Endpoints, c.AddedEndpoint(p.base))
	if ep == nil {
		return p.refuse("whatif added no endpoint for %s", c.Value)
	}
	name := serviceSuffix(c.Value)
	if ep.Type == model.EndpointGateway {
		m, err := p.homeWith(ep.VPC, nil, [][]string{ep.RouteTables})
		if err != nil {
			return p.wrap(err)
		}
		vpc, _ := p.ref(m, ep.VPC, "id")
		rts, _ := p.refs(m, ep.RouteTables, "id")
		_, err = p.add(m, "", "aws_vpc_endpoint", name, newBlock{attrs: [][2]string{
			{"vpc_id", vpc}, {"service_name", quote(c.Value)}, {"vpc_endpoint_type", `"Gateway"`}, {"route_table_ids", rts},
		}})
		return err
	}
	// The endpoint and the group whatif makes for it go where the VPC,
	// the subnets, the endpoint's other groups and the groups that group
	// admits can all be referred to.
	newGroup := whatif.EndpointGroupID(ep.VPC)
	var groups, refer []string
	for _, g := range ep.SecurityGroups {
		if g != newGroup {
			groups = append(groups, g)
			refer = append(refer, g)
		} else if sg := find(p.after.SecurityGroups, g); sg != nil && len(sg.Ingress) > 0 {
			refer = append(refer, sg.Ingress[0].SecurityGroups...)
		}
	}
	m, err := p.homeWith(ep.VPC, refer, [][]string{ep.Subnets})
	if err != nil {
		return p.wrap(err)
	}
	vpc, _ := p.ref(m, ep.VPC, "id")
	subnets, sgs := "", ""
	if like := p.like(ep); like != "" {
		subnets, sgs = p.copied(m, like, "subnet_ids"), p.copied(m, like, "security_group_ids")
	}
	if subnets == "" {
		if subnets, err = p.refs(m, ep.Subnets, "id"); err != nil {
			return p.wrap(err)
		}
	}
	if len(ep.SecurityGroups) > 0 && (sgs == "" || len(groups) < len(ep.SecurityGroups)) {
		var parts []string
		for _, g := range ep.SecurityGroups {
			r, err := p.endpointGroupRef(m, g, newGroup)
			if err != nil {
				return p.wrap(err)
			}
			parts = append(parts, r)
		}
		sgs = "[" + strings.Join(parts, ", ") + "]"
	}
	attrs := [][2]string{{"vpc_id", vpc}, {"service_name", quote(c.Value)}, {"vpc_endpoint_type", `"Interface"`},
		{"private_dns_enabled", "true"}, {"subnet_ids", subnets}}
	if sgs != "" {
		attrs = append(attrs, [2]string{"security_group_ids", sgs})
	}
	nb := newBlock{attrs: attrs}
	// aws-rules 4.9.10: the types AWS needs in IPv6-only subnets, and IPv6
	// tasks in dual-stack ones; unset, the provider's and AWS's defaults.
	if ep.IPAddressType != "" {
		nb.attrs = append(nb.attrs, [2]string{"ip_address_type", quote(ep.IPAddressType)})
	}
	if ep.DNSRecordIPType != "" {
		nb.blocks = append(nb.blocks, newBlock{header: "dns_options", attrs: [][2]string{{"dns_record_ip_type", quote(ep.DNSRecordIPType)}}})
	}
	_, err = p.add(m, "", "aws_vpc_endpoint", name, nb)
	return err
}

// like is the ID of the endpoint whose subnets and groups whatif gave the
// new endpoint ep: the VPC's first interface endpoint with subnets, when
// ep has its subnets and groups (whatif puts ep elsewhere when an endpoint
// there cannot serve the tasks, aws-rules 4.9.10), or "".
func (p *patcher) like(ep *model.Endpoint) string {
	for _, e := range p.base.Endpoints {
		if e.VPC == ep.VPC && e.Type == model.EndpointInterface && len(e.Subnets) > 0 {
			if slices.Equal(e.Subnets, ep.Subnets) && slices.Equal(e.SecurityGroups, ep.SecurityGroups) {
				return e.ID
			}
			return ""
		}
	}
	return ""
}

// endpointGroupRef refers to group g from m; for the group whatif makes
// (newGroup), it writes that group first, once.
func (p *patcher) endpointGroupRef(m *module, g, newGroup string) (string, error) {
	if g != newGroup {
		return p.ref(m, g, "id")
	}
	key := "group " + g + "="
	for n := range p.added[m] {
		if strings.HasPrefix(n, key) {
			return strings.TrimPrefix(n, key), nil
		}
	}
	sg := find(p.after.SecurityGroups, g)
	if sg == nil || len(sg.Ingress) == 0 {
		return "", fmt.Errorf("whatif made no endpoint group %s", g)
	}
	rule := sg.Ingress[0]
	vpc, err := p.ref(m, sg.VPC, "id")
	if err != nil {
		return "", err
	}
	in := newBlock{header: "ingress", attrs: [][2]string{
		{"description", quote(rule.Description)}, {"from_port", "443"}, {"to_port", "443"}, {"protocol", `"tcp"`},
	}}
	if len(rule.SecurityGroups) > 0 {
		refs, err := p.refs(m, rule.SecurityGroups, "id")
		if err != nil {
			return "", err
		}
		in.attrs = append(in.attrs, [2]string{"security_groups", refs})
	} else {
		var v4, v6 []string
		for _, c := range rule.CIDRs {
			if c.Addr().Is4() {
				v4 = append(v4, quote(c.String()))
			} else {
				v6 = append(v6, quote(c.String()))
			}
		}
		if len(v4) > 0 {
			in.attrs = append(in.attrs, [2]string{"cidr_blocks", "[" + strings.Join(v4, ", ") + "]"})
		}
		if len(v6) > 0 {
			in.attrs = append(in.attrs, [2]string{"ipv6_cidr_blocks", "[" + strings.Join(v6, ", ") + "]"})
		}
	}
	name, err := p.add(m, "", "aws_security_group", "endpoints", newBlock{
		attrs:  [][2]string{{"description", `"Interface endpoints: HTTPS from the tasks"`}, {"vpc_id", vpc}},
		blocks: []newBlock{in},
	})
	if err != nil {
		return "", err
	}
	r := "aws_security_group." + name + ".id"
	p.added[m][key+r] = true
	return r, nil
}

// policy writes WidenEndpointPolicy: a statement in the policy document
// data source the endpoint's policy comes from, or the widened document in
// place of a literal one.
func (p *patcher) policy(c whatif.Change) error {
	m, _, b, err := p.object(c.Target, "aws_vpc_endpoint")
	if err != nil {
		return err
	}
	before, after := find(p.base.Endpoints, c.Target), find(p.after.Endpoints, c.Target)
	if before == nil || after == nil || before.Policy == after.Policy {
		return nil
	}
	a := b.attr("policy")
	if a == nil {
		return p.refuse("%s has no policy attribute: its policy comes from elsewhere (%s)", b.label(), before.PolicySource)
	}
	if err := p.editable(m, c.Target); err != nil {
		return err
	}
	if dependsOn(a.Expr, "each", "count") {
		return p.refuse("%s sets policy = %s (%s) per instance; widen the document it reads for %s", b.label(), b.text(a.Expr), where(a.Expr.Range()), c.Target)
	}
	if doc, ok := policyDocument(a.Expr); ok {
		d, found := m.find(address{mode: "data", typ: "aws_iam_policy_document", name: doc})
		if !found || d.repeated() != nil {
			return p.refuse("%s sets policy = %s (%s), a policy document vpctrace cannot edit", b.label(), b.text(a.Expr), where(a.Expr.Range()))
		}
		return p.statement(d, c.Value)
	}
	// jsonencode({... Statement = [...]}) takes one more statement, the
	// rest kept as written, references included.
	if src, e, err := b.current("policy"); err == nil {
		if out, ok := appendStatement(src, e, c.Value); ok {
			return p.setIn(b, "", [][2]string{{"policy", out}})
		}
	}
	if !literalPolicy(a.Expr) {
		return p.refuse("%s sets policy = %s (%s), which is neither a literal document, jsonencode of one with a Statement list, nor a data.aws_iam_policy_document", b.label(), b.text(a.Expr), where(a.Expr.Range()))
	}
	var doc any
	if err := json.Unmarshal([]byte(after.Policy), &doc); err != nil {
		return p.refuse("the widened policy of %s: %v", c.Target, err)
	}
	return p.setIn(b, "", [][2]string{{"policy", "jsonencode(" + hclValue(doc) + ")"}})
}

// appendStatement adds the statement of grant to src, the text of
// jsonencode({... Statement = [...] ...}), keeping the rest as written.
func appendStatement(src string, e hclsyntax.Expression, grant string) (string, bool) {
	call, ok := e.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 {
		return "", false
	}
	obj, ok := call.Args[0].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return "", false
	}
	it := objectItem(obj, "Statement")
	if it == nil {
		return "", false
	}
	list, ok := it.ValueExpr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return "", false
	}
	actions, resource, _ := strings.Cut(grant, " ")
	var action any = actions
	if l := strings.Split(actions, ","); len(l) > 1 {
		action = l
	}
	st := hclValue(map[string]any{"Sid": "VpctraceFix", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource})
	r := list.Range()
	return src[:r.Start.Byte] + appendItem(src[r.Start.Byte:r.End.Byte], shifted(list, r.Start.Byte), st) + src[r.End.Byte:], true
}

// shifted returns a copy of tuple t whose item positions are relative to
// its own start, as appendItem wants them when given t's text alone.
func shifted(t *hclsyntax.TupleConsExpr, by int) *hclsyntax.TupleConsExpr {
	out := &hclsyntax.TupleConsExpr{SrcRange: t.SrcRange, OpenRange: t.OpenRange}
	out.SrcRange.Start.Byte -= by
	out.SrcRange.End.Byte -= by
	for _, x := range t.Exprs {
		rg := x.Range()
		rg.Start.Byte -= by
		rg.End.Byte -= by
		out.Exprs = append(out.Exprs, &hclsyntax.LiteralValueExpr{SrcRange: rg})
	}
	return out
}

// hclValue writes a JSON value as HCL for jsonencode: objects one
// attribute a line in key order, lists of scalars on one line.
func hclValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		var sb strings.Builder
		sb.WriteString("{\n")
		for _, k := range keys {
			name := k
			if !isIdent(k) {
				name = quote(k)
			}
			sb.WriteString(name + " = " + hclValue(x[k]) + "\n")
		}
		sb.WriteString("}")
		return sb.String()
	case []any:
		parts := make([]string, len(x))
		nested := false
		for i, e := range x {
			parts[i] = hclValue(e)
			_, isMap := e.(map[string]any)
			nested = nested || isMap
		}
		if nested {
			return "[\n" + strings.Join(parts, ",\n") + ",\n]"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = quote(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case string:
		return quote(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// policyDocument returns X when e is data.aws_iam_policy_document.X.json.
func policyDocument(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(t.Traversal) != 4 || t.Traversal.RootName() != "data" {
		return "", false
	}
	var names []string
	for _, s := range t.Traversal[1:] {
		a, ok := s.(hcl.TraverseAttr)
		if !ok {
			return "", false
		}
		names = append(names, a.Name)
	}
	return names[1], names[0] == "aws_iam_policy_document" && names[2] == "json"
}

// literalPolicy reports whether e is a document written out: a string
// without interpolation, or jsonencode of a value with no references.
func literalPolicy(e hclsyntax.Expression) bool {
	if len(e.Variables()) > 0 {
		return false
	}
	switch x := e.(type) {
	case *hclsyntax.TemplateExpr:
		return x.IsStringLiteral()
	case *hclsyntax.FunctionCallExpr:
		return x.Name == "jsonencode" && len(x.Args) == 1
	}
	return false
}

// statement adds to a policy document data source the statement whatif
// adds for grant "ACTION[,ACTION...] RESOURCE".
func (p *patcher) statement(d block, grant string) error {
	actions, resource, _ := strings.Cut(grant, " ")
	var list []string
	for _, a := range strings.Split(actions, ",") {
		list = append(list, quote(a))
	}
	return p.appendNested(d, newBlock{header: "statement", attrs: [][2]string{
		{"sid", `"VpctraceFix"`}, {"effect", `"Allow"`}, {"actions", "[" + strings.Join(list, ", ") + "]"}, {"resources", "[" + quote(resource) + "]"},
	}, blocks: []newBlock{{header: "principals", attrs: [][2]string{{"type", `"*"`}, {"identifiers", `["*"]`}}}}})
}
