package scenario

import "go.yaml.in/yaml/v3"

// detectLayout reads how the file indents, from the first examples it
// holds: a nested block mapping gives the unit, a block list under a key
// where its "-" stands, and the rules of security groups and network ACLs
// whether list items are flow mappings. Without examples: 2 spaces, "-"
// indented by the unit, flow items (as docs/scenario.md writes them).
func detectLayout(d *doc) layout {
	l := layout{unit: -1, seqIndent: -1, itemFlow: true}
	if d.root == nil {
		return layout{unit: 2, seqIndent: 2, itemFlow: true}
	}
	items := false
	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if isFlow(m) || v.Kind == yaml.AliasNode {
				continue
			}
			switch {
			case v.Kind == yaml.MappingNode && !isFlow(v) && len(v.Content) > 0 && v.Line > k.Line:
				if l.unit < 0 && v.Content[0].Column > k.Column {
					l.unit = v.Content[0].Column - k.Column
				}
				walk(v)
			case v.Kind == yaml.SequenceNode && !isFlow(v) && len(v.Content) > 0:
				if l.seqIndent < 0 {
					l.seqIndent = d.dashColumn(v.Content[0]) - k.Column
				}
				if !items && (k.Value == "ingress" || k.Value == "egress" || k.Value == "routes") && v.Content[0].Kind == yaml.MappingNode {
					items, l.itemFlow = true, isFlow(v.Content[0])
				}
				for _, it := range v.Content {
					if it.Kind == yaml.MappingNode && !isFlow(it) {
						walk(it)
					}
				}
			}
		}
	}
	walk(d.root)
	if l.unit <= 0 {
		l.unit = 2
	}
	if l.seqIndent < 0 {
		l.seqIndent = l.unit
	}
	return l
}
