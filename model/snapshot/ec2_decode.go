package snapshot

import (
	"fmt"
	"net/netip"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// decodeInstances reads describe-instances: the instances of every
// reservation.
func decodeInstances(b *builder, d *doc) {
	for _, r := range decodeList[ec2types.Reservation](b, d, "Reservations") {
		for i, in := range r.v.Instances {
			b.ec2.instances = append(b.ec2.instances, child(r, fmt.Sprintf("Instances/%d", i), in))
		}
	}
}

// decodeSubnets reads describe-subnets, and notes the region of the
// subnets' ARNs (a subnet may be shared by another account: its account
// is not the snapshot's).
func decodeSubnets(b *builder, d *doc) {
	l := decodeList[ec2types.Subnet](b, d, "Subnets")
	for _, s := range l {
		b.noteARN(str(s.v.SubnetArn), s.field("SubnetArn"), false)
	}
	b.ec2.lists.subnets = append(b.ec2.lists.subnets, l...)
}

// decodeManagedPrefixLists reads describe-managed-prefix-lists, and notes
// the region of the lists' ARNs.
func decodeManagedPrefixLists(b *builder, d *doc) {
	l := decodeList[ec2types.ManagedPrefixList](b, d, "PrefixLists")
	for _, p := range l {
		b.noteARN(str(p.v.PrefixListArn), p.field("PrefixListArn"), false)
	}
	b.ec2.lists.managedLists = append(b.ec2.lists.managedLists, l...)
}

// decodePrefixListEntries reads get-managed-prefix-list-entries, whose
// list ID is in the file's name (aws-rules 11.2.9).
func decodePrefixListEntries(b *builder, d *doc) {
	id := d.nameID("pl-")
	if id == "" {
		b.warnf(model.Pos{File: d.path}, CodeNotRecognised, "the output of %s does not say which prefix list it lists: name the file after the list, e.g. prefix-list-entries-pl-0123abcd.json; left out", cmdPrefixListEntries)
		return
	}
	s := &b.ec2
	if s.plEntries == nil {
		s.plEntries = map[string][]at[ec2types.PrefixListEntry]{}
	}
	s.plEntries[id] = append(s.plEntries[id], decodeList[ec2types.PrefixListEntry](b, d, "Entries")...)
	if s.plEntries[id] == nil {
		s.plEntries[id] = []at[ec2types.PrefixListEntry]{} // an empty list is known
	}
}

// child is a value nested in a decoded value a, at its key path below a.
func child[U, T any](a at[T], path string, v U) at[U] {
	return at[U]{v: v, pos: a.field(path), doc: a.doc, ptr: a.ptr + "/" + path}
}

// protocol is the model's name of an IP protocol as EC2 prints it in
// security group and network ACL rules: "-1", a name, or a number.
func protocol(p string) string {
	switch strings.ToLower(p) {
	case "6", "tcp":
		return model.ProtocolTCP
	case "17", "udp":
		return model.ProtocolUDP
	case "1", "icmp":
		return "icmp"
	case "58", "icmpv6":
		return "icmpv6"
	case "-1", "all":
		return model.ProtocolAll
	}
	return p
}

// ports is a rule's port range (or ICMP type and code) for protocol
// proto: AWS prints none for "-1", and -1 for every ICMP type or code.
func ports(proto string, from, to *int32) (int, int) {
	switch proto {
	case model.ProtocolAll:
		return 0, 0
	case "icmp", "icmpv6":
		return intOr(from, -1), intOr(to, -1)
	case model.ProtocolTCP, model.ProtocolUDP:
		return intOr(from, 0), intOr(to, 65535)
	}
	return intOr(from, 0), intOr(to, 0)
}

func intOr(p *int32, def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}

// addr parses an IP address of a response; a malformed one is an error at
// p.
func (b *builder) addr(s string, p model.Pos) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		b.errorf(p, model.CodeInvalidValue, "%q is not an IP address", s)
		return netip.Addr{}, false
	}
	return a, true
}

// groupIDs is the IDs of security group identifiers, in order.
func groupIDs[T ec2types.GroupIdentifier | ec2types.SecurityGroupIdentifier](gs []T) []string {
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		var id *string
		switch v := any(g).(type) {
		case ec2types.GroupIdentifier:
			id = v.GroupId
		case ec2types.SecurityGroupIdentifier:
			id = v.GroupId
		}
		if s := str(id); s != "" {
			out = append(out, s)
		}
	}
	return out
}
