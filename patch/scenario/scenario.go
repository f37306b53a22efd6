// Package scenario turns what-if changes (package whatif) into an edit of
// the YAML scenario file a world was loaded from (docs/scenario.md), the
// scenario half of vpctrace fix.
//
// The edit keeps the user's file: its comments, key order, flow or block
// style and indentation stay as written wherever nothing changes. It is
// made by splicing text at the positions the YAML parser gives, never by
// encoding the file again: a new object or rule is inserted after its
// siblings, in their style; a changed setting is replaced in place. The
// one rewrite is of a flow mapping on one line that gains a list of
// mappings (a security group "app: {vpc: main}" that gains egress rules),
// which is written in block style, its values as they were. New objects
// get readable IDs ("logs", "vpc-endpoints", "data-private-c"), not
// whatif's, and follow the first object of their collection: its keys'
// order, its flow or block style.
//
// Edits checks its own work: the patched text is decoded again; every
// object the changes touched must equal the one whatif.Apply made, up to
// source positions, the IDs of new objects and the order of routes, and
// every other object must read as it did before.
package scenario

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/whatif"
)

// Edits returns the edit of the scenario file that base was loaded from
// that makes changes, the way whatif.Apply(base, changes) makes them on
// the model. The edit's Path is the file's base name: the root is its
// directory. It returns no edit when the changes leave the text as it is,
// and an error, naming the change, for a change of a kind it does not
// write, one whatif.Apply refuses, or one it cannot write into this file
// (a value written with YAML anchors, say).
func Edits(file string, base *model.World, changes []whatif.Change) (edits []patch.Edit, err error) {
	defer func() {
		// A bug here must not take vpctrace fix down: it is an error, and
		// the fix is not offered.
		if r := recover(); r != nil {
			edits, err = nil, fmt.Errorf("internal error while writing the scenario: %v (please report it)", r)
		}
	}()
	old, err := readfile.Regular(file, readfile.Limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read the scenario: %w", err)
	}
	p, err := newPatcher(old, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
	}
	for _, c := range changes {
		if err := p.change(c); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Label(), err)
		}
	}
	if err := p.verify(file); err != nil {
		return nil, err
	}
	if string(p.e.d.text) == string(old) {
		return nil, nil
	}
	return []patch.Edit{{Path: filepath.ToSlash(filepath.Base(file)), Old: old, New: p.e.d.text}}, nil
}

// patcher applies changes to a world and to the text of its file alike.
type patcher struct {
	e editor
	// orig is the file as it was, which says how it writes things.
	orig *doc
	// w is the world with the changes so far applied by whatif.
	w *model.World
	// names maps the IDs whatif gives new objects to the file's IDs.
	names map[string]string
	// touched are the objects the changes touched, as whatif names them.
	touched []model.Ref
}

func newPatcher(text []byte, base *model.World) (*patcher, error) {
	d, err := parse(text)
	if err != nil {
		return nil, err
	}
	return &patcher{e: editor{d: d, lay: detectLayout(d)}, orig: d, w: model.Clone(base), names: map[string]string{}}, nil
}

// name is the file's ID of the object whatif calls id.
func (p *patcher) name(id string) string {
	if n, ok := p.names[id]; ok {
		return n
	}
	return id
}

func (p *patcher) nameAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = p.name(id)
	}
	return out
}

// change applies c to the world, then writes it into the text.
func (p *patcher) change(c whatif.Change) error {
	if c.Kind == whatif.AssociateRouteTable {
		// Associating a table the endpoint has changes nothing.
		if e := find(p.w.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target }); e != nil && slices.Contains(e.RouteTables, c.Value) {
			return nil
		}
	}
	touched, err := c.Apply(p.w)
	if err != nil {
		return err
	}
	p.touched = append(p.touched, touched...)
	switch c.Kind {
	case whatif.AddEndpoint:
		return p.addEndpoint(touched)
	case whatif.EnablePrivateDNS:
		return p.e.set(object("endpoints", p.name(c.Target)), "private_dns", boolean(true))
	case whatif.EnableVPCDNS:
		return p.enableVPCDNS(c)
	case whatif.AssociateRouteTable:
		return p.e.appendItem(object("endpoints", p.name(c.Target)), "route_tables", str(p.name(c.Value)), false)
	case whatif.AllowEgress, whatif.AllowIngress, whatif.AddS3Egress:
		return p.addSGRule(c)
	case whatif.AllowNACL:
		return p.addACLRule(c)
	case whatif.AddMountTarget:
		return p.addMountTarget(c)
	case whatif.WidenEndpointPolicy:
		return p.widenPolicy(c)
	case whatif.AddDefaultRoute:
		return p.addDefaultRoute(c)
	case whatif.SetPlatformVersion:
		return p.e.set(object("services", c.Target), "platform_version", str(c.Value))
	case whatif.FlipPublicIP:
		s := find(p.w.Services, func(s model.Service) bool { return s.ID == c.Target })
		return p.e.set(object("services", c.Target), "assign_public_ip", boolean(s.AssignPublicIP))
	}
	return fmt.Errorf("vpctrace does not write this kind of change into a scenario")
}

// find returns a pointer to the last element of s that match accepts, or
// nil: the last, since a change appends what it adds.
func find[T any](s []T, match func(T) bool) *T {
	for i := len(s) - 1; i >= 0; i-- {
		if match(s[i]) {
			return &s[i]
		}
	}
	return nil
}
