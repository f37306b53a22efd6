package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"

	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/vpctrace/vpctrace/model"
)

// Commands of the EFS responses, as messages and World.Unknowns name them.
const (
	cmdDescribeFileSystems    = "aws efs describe-file-systems"
	cmdDescribeMountTargets   = "aws efs describe-mount-targets"
	cmdDescribeMountTargetSGs = "aws efs describe-mount-target-security-groups"
)

// efsKinds are the EFS responses vpctrace reads. The CLI prints them in
// PascalCase, as the EFS API does.
var efsKinds = []kind{
	// DescribeFileSystems: {"FileSystems": [FileSystemDescription],
	// "Marker", "NextMarker"}
	// https://docs.aws.amazon.com/efs/latest/ug/API_DescribeFileSystems.html
	{command: cmdDescribeFileSystems, key: "FileSystems", decode: decodeFileSystems},
	// DescribeMountTargets: {"MountTargets": [MountTargetDescription],
	// "Marker", "NextMarker"}
	// https://docs.aws.amazon.com/efs/latest/ug/API_DescribeMountTargets.html
	{command: cmdDescribeMountTargets, key: "MountTargets", decode: decodeMountTargets},
	// DescribeMountTargetSecurityGroups: {"SecurityGroups": ["sg-..."]}, a
	// list of strings, where describe-security-groups gives a list of
	// objects under the same key. It does not say which mount target it
	// is of: the file's name does (aws-rules 11.4.9).
	// https://docs.aws.amazon.com/efs/latest/ug/API_DescribeMountTargetSecurityGroups.html
	{command: cmdDescribeMountTargetSGs, key: "SecurityGroups", match: isListOfStrings("SecurityGroups"), decode: decodeMountTargetGroups},
}

// efsState is what the EFS decoders resolve once every response is read.
type efsState struct {
	fileSystems  []at[efstypes.FileSystemDescription]
	mountTargets []at[efstypes.MountTargetDescription]
	// groups maps a mount target's ID to its security groups
	// (describe-mount-target-security-groups), in file order.
	groups      map[string]mountTargetGroups
	groupsOrder []string
}

// mountTargetGroups are the security groups of one mount target.
type mountTargetGroups struct {
	ids []string
	pos model.Pos
}

// isListOfStrings returns a kind's match func: the response's key holds a
// non-empty array whose first element is a string.
func isListOfStrings(key string) func(top map[string]json.RawMessage) bool {
	return func(top map[string]json.RawMessage) bool {
		var list []json.RawMessage
		if json.Unmarshal(top[key], &list) != nil || len(list) == 0 {
			return false
		}
		return bytes.HasPrefix(bytes.TrimSpace(list[0]), []byte(`"`))
	}
}

// decodeFileSystems reads describe-file-systems (aws-rules 11.4.8).
func decodeFileSystems(b *builder, d *doc) {
	for _, v := range decodeList[efstypes.FileSystemDescription](b, d, "FileSystems") {
		id := str(v.v.FileSystemId)
		if id == "" {
			b.errorf(v.pos, model.CodeMissingField, "a file system without FileSystemId: left out")
			continue
		}
		b.noteARN(str(v.v.FileSystemArn), v.field("FileSystemArn"), true)
		if b.firstDescription(model.KindFileSystem, id, []any{id, v.v.NumberOfMountTargets}, v.pos) {
			b.efs.fileSystems = append(b.efs.fileSystems, v)
		}
	}
}

// decodeMountTargets reads describe-mount-targets (aws-rules 11.4.8).
func decodeMountTargets(b *builder, d *doc) {
	for _, v := range decodeList[efstypes.MountTargetDescription](b, d, "MountTargets") {
		id := str(v.v.MountTargetId)
		if id == "" {
			b.errorf(v.pos, model.CodeMissingField, "a mount target without MountTargetId: left out")
			continue
		}
		identity := []string{str(v.v.FileSystemId), str(v.v.SubnetId), str(v.v.IpAddress), string(v.v.LifeCycleState)}
		if b.firstDescription(model.KindMountTarget, id, identity, v.pos) {
			b.efs.mountTargets = append(b.efs.mountTargets, v)
		}
	}
}

// decodeMountTargetGroups reads describe-mount-target-security-groups, of
// the mount target its file's name gives (aws-rules 11.4.9).
func decodeMountTargetGroups(b *builder, d *doc) {
	id := d.nameID("fsmt-")
	if id == "" {
		b.warnf(model.Pos{File: d.path}, CodeNotRecognised, "%s output does not say which mount target it is of, and the file's name names none: left out; name the file after its mount target, as snapshot-commands does (mount-target-sgs-fsmt-0123456789abcdef0.json)",
			cmdDescribeMountTargetSGs)
		return
	}
	var r struct{ SecurityGroups []string }
	if err := json.Unmarshal(d.data, &r); err != nil {
		b.jsonError(d, 0, err)
		return
	}
	s := &b.efs
	if s.groups == nil {
		s.groups = map[string]mountTargetGroups{}
	}
	g := mountTargetGroups{ids: r.SecurityGroups, pos: d.pos("/SecurityGroups")}
	if !b.firstDescription(model.KindMountTarget, id+"|security_groups", g.ids, g.pos) {
		return
	}
	s.groups[id] = g
	s.groupsOrder = append(s.groupsOrder, id)
}

// finishEFS builds the file systems with their available mount targets
// (aws-rules 11.4.8, 11.4.9). A file system whose mount targets the
// folder does not all describe is left out, so that the calls to it are
// unknown, and listed in World.Unknowns with the command that would
// describe them; so is one that task definitions name and the folder does
// not describe.
func (b *builder) finishEFS() {
	s := &b.efs
	byFS := map[string][]at[efstypes.MountTargetDescription]{}
	for _, mt := range s.mountTargets {
		fs := str(mt.v.FileSystemId)
		byFS[fs] = append(byFS[fs], mt)
	}
	described := map[string]bool{}
	unknown := map[string]bool{}
	for _, v := range s.fileSystems {
		id := str(v.v.FileSystemId)
		described[id] = true
		if n := int(v.v.NumberOfMountTargets); len(byFS[id]) < n {
			b.missing(model.KindFileSystem, id, "mount_targets", cmdDescribeMountTargets+" --file-system-id "+id, v.field("NumberOfMountTargets"))
			unknown[id] = true
			continue
		}
		fs := model.FileSystem{ID: id, Source: v.pos, FileSystemID: id}
		for _, mt := range byFS[id] {
			if mt.v.LifeCycleState == efstypes.LifeCycleStateAvailable {
				fs.MountTargets = append(fs.MountTargets, b.mountTarget(mt))
			}
		}
		b.w.FileSystems = append(b.w.FileSystems, fs)
	}
	for _, mt := range s.mountTargets {
		if id := str(mt.v.FileSystemId); !described[id] && !unknown[id] {
			b.missing(model.KindFileSystem, id, "file_system", cmdDescribeFileSystems+" --file-system-id "+id, mt.field("FileSystemId"))
			unknown[id] = true
		}
	}
	b.unusedMountTargetGroups()
	b.volumeFileSystems(described, unknown)
}

// mountTarget builds a mount target: its subnet and security groups when
// the snapshot describes them, its address.
func (b *builder) mountTarget(v at[efstypes.MountTargetDescription]) model.MountTarget {
	id := str(v.v.MountTargetId)
	o := ecsRef{model.KindMountTarget, id}
	mt := model.MountTarget{ID: id, Source: v.pos}
	if subnet := str(v.v.SubnetId); subnet != "" {
		if kept := b.keepDescribed(o, "subnet", []string{subnet}, b.describedSubnets(), refCmdSubnets+" --subnet-ids", v.field("SubnetId")); len(kept) == 1 {
			mt.Subnet = subnet
		}
	}
	if ip := str(v.v.IpAddress); ip != "" {
		addr, err := netip.ParseAddr(ip)
		if err != nil || !addr.Is4() {
			b.errorf(v.field("IpAddress"), model.CodeInvalidValue, "mount target %s: IpAddress %q is not an IPv4 address", id, ip)
		} else {
			mt.IP = addr
		}
	}
	g, ok := b.efs.groups[id]
	if !ok {
		b.missing(o.kind, id, "security_groups", cmdDescribeMountTargetSGs+" --mount-target-id "+id, v.pos)
		return mt
	}
	mt.SecurityGroups = b.keepDescribed(o, "security_groups", g.ids, b.describedGroups(), refCmdGroups+" --group-ids", g.pos)
	return mt
}

// unusedMountTargetGroups warns of the security groups of mount targets
// that no describe-mount-targets output describes: they are left out.
func (b *builder) unusedMountTargetGroups() {
	described := map[string]bool{}
	for _, mt := range b.efs.mountTargets {
		described[str(mt.v.MountTargetId)] = true
	}
	for _, id := range b.efs.groupsOrder {
		if !described[id] {
			b.warnf(b.efs.groups[id].pos, CodeMissing, "the security groups of mount target %s, which no %s output describes: left out", id, cmdDescribeMountTargets)
		}
	}
}

// volumeFileSystems lists in World.Unknowns the file systems that task
// definitions' EFS volumes name and the folder does not describe (nor
// has already listed).
func (b *builder) volumeFileSystems(described, listed map[string]bool) {
	for _, td := range b.w.TaskDefinitions {
		for _, v := range td.Volumes {
			if v.EFS == nil || v.EFS.FileSystemID == "" || described[v.EFS.FileSystemID] || listed[v.EFS.FileSystemID] {
				continue
			}
			id := v.EFS.FileSystemID
			listed[id] = true
			b.missing(model.KindFileSystem, id, "file_system", fmt.Sprintf("%s --file-system-id %s", cmdDescribeFileSystems, id), v.Source)
		}
	}
}
