package snapshot

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

const (
	fsApp  = "fs-0123456789abcdef0"
	fsmtA  = "fsmt-0aaaa1111bbbb2222"
	fsmtC  = "fsmt-0cccc3333dddd4444"
	groupB = "sg-0aaaaaaaaaaaaaaa1"
)

// TestEFSResponses loads whole EFS snapshots and compares the file
// systems, the Unknowns and the diagnostics (aws-rules 11.4.8, 11.4.9).
func TestEFSResponses(t *testing.T) {
	const fsys, mts = "file-systems.json", "mount-targets-fs-0123456789abcdef0.json"
	for _, tc := range []struct {
		name string
		dir  string
		seed func(w *model.World) // nil: Load the folder
		want func(f fixture) view
	}{{
		// Without the EC2 responses, the subnets and groups are unknown.
		// The deleting mount target is left out; fs-0fedcba9876543210
		// counts a mount target the folder does not describe, and
		// fs-0aaaabbbbccccdddd has one but is not described (11.4.8); a
		// groups file named after no mount target, and one of a mount
		// target the folder does not describe, are left out (11.4.9).
		name: "no EC2 responses, 11.4.8, 11.4.9",
		dir:  "testdata/efs/basic",
		want: func(f fixture) view {
			return view{
				FileSystems: []model.FileSystem{{ID: fsApp, Source: f.obj(fsys, `"CreationToken": "app-data"`), FileSystemID: fsApp,
					MountTargets: []model.MountTarget{
						{ID: fsmtA, Source: f.obj(mts, `"MountTargetId": "`+fsmtA), IP: netip.MustParseAddr("10.0.1.25")},
						{ID: fsmtC, Source: f.obj(mts, `"MountTargetId": "`+fsmtC), IP: netip.MustParseAddr("10.0.2.25")},
					}}},
				Unknowns: []model.Unknown{
					lacking(model.KindMountTarget, fsmtA, "subnet", "aws ec2 describe-subnets --subnet-ids "+subnetA, f.value(mts, `"SubnetId": "`+subnetA+`",
            "LifeCycleState": "available",
            "IpAddress": "10.0.1.25"`)),
					lacking(model.KindMountTarget, fsmtA, "security_groups", "aws ec2 describe-security-groups --group-ids "+groupApp+" "+groupB,
						f.value("mount-target-sgs-fsmt-0aaaa1111bbbb2222.json", `"SecurityGroups": `)),
					lacking(model.KindMountTarget, fsmtC, "subnet", "aws ec2 describe-subnets --subnet-ids "+subnetB, f.value(mts, `"SubnetId": "`+subnetB)),
					lacking(model.KindMountTarget, fsmtC, "security_groups", "aws efs describe-mount-target-security-groups --mount-target-id "+fsmtC,
						f.obj(mts, `"MountTargetId": "`+fsmtC)),
					lacking(model.KindFileSystem, "fs-0fedcba9876543210", "mount_targets", "aws efs describe-mount-targets --file-system-id fs-0fedcba9876543210",
						f.value(fsys, `"NumberOfMountTargets": 1`)),
					lacking(model.KindFileSystem, "fs-0aaaabbbbccccdddd", "file_system", "aws efs describe-file-systems --file-system-id fs-0aaaabbbbccccdddd",
						f.value(mts, `"FileSystemId": "fs-0aaaabbbbccccdddd"`)),
				},
				Diags: model.Diagnostics{
					{Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "basic/mount-target-sgs.json"},
						Message: "aws efs describe-mount-target-security-groups output does not say which mount target it is of, and the file's name names none: left out; " +
							"name the file after its mount target, as snapshot-commands does (mount-target-sgs-fsmt-0123456789abcdef0.json)"},
					{Severity: model.SeverityWarning, Code: CodeMissing, Source: f.value("mount-target-sgs-fsmt-0999988887777aaaa.json", `"SecurityGroups": `),
						Message: "the security groups of mount target fsmt-0999988887777aaaa, which no aws efs describe-mount-targets output describes: left out"},
				},
			}
		},
	}, {
		// With the subnets and groups described, only fsmtC's groups file
		// is missing (11.4.9).
		name: "EC2 objects described, 11.4.8, 11.4.9",
		dir:  "testdata/efs/basic",
		seed: func(w *model.World) {
			w.Subnets = []model.Subnet{{ID: subnetA}, {ID: subnetB}}
			w.SecurityGroups = []model.SecurityGroup{{ID: groupApp}, {ID: groupB}}
		},
		want: func(f fixture) view {
			return view{
				FileSystems: []model.FileSystem{{ID: fsApp, Source: f.obj(fsys, `"CreationToken": "app-data"`), FileSystemID: fsApp,
					MountTargets: []model.MountTarget{
						{ID: fsmtA, Source: f.obj(mts, `"MountTargetId": "`+fsmtA), Subnet: subnetA, IP: netip.MustParseAddr("10.0.1.25"), SecurityGroups: []string{groupApp, groupB}},
						{ID: fsmtC, Source: f.obj(mts, `"MountTargetId": "`+fsmtC), Subnet: subnetB, IP: netip.MustParseAddr("10.0.2.25")},
					}}},
				Unknowns: []model.Unknown{
					lacking(model.KindMountTarget, fsmtC, "security_groups", "aws efs describe-mount-target-security-groups --mount-target-id "+fsmtC,
						f.obj(mts, `"MountTargetId": "`+fsmtC)),
					lacking(model.KindFileSystem, "fs-0fedcba9876543210", "mount_targets", "aws efs describe-mount-targets --file-system-id fs-0fedcba9876543210",
						f.value(fsys, `"NumberOfMountTargets": 1`)),
					lacking(model.KindFileSystem, "fs-0aaaabbbbccccdddd", "file_system", "aws efs describe-file-systems --file-system-id fs-0aaaabbbbccccdddd",
						f.value(mts, `"FileSystemId": "fs-0aaaabbbbccccdddd"`)),
				},
				Diags: model.Diagnostics{
					{Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "basic/mount-target-sgs.json"},
						Message: "aws efs describe-mount-target-security-groups output does not say which mount target it is of, and the file's name names none: left out; " +
							"name the file after its mount target, as snapshot-commands does (mount-target-sgs-fsmt-0123456789abcdef0.json)"},
					{Severity: model.SeverityWarning, Code: CodeMissing, Source: f.value("mount-target-sgs-fsmt-0999988887777aaaa.json", `"SecurityGroups": `),
						Message: "the security groups of mount target fsmt-0999988887777aaaa, which no aws efs describe-mount-targets output describes: left out"},
				},
			}
		},
	}, {
		// A malformed address and a group that is no string: positioned
		// errors (11.4.8, 11.4.9).
		name: "malformed values, 11.4.8, 11.4.9",
		dir:  "testdata/efs/malformed",
		want: func(f fixture) view {
			const mt = "mount-targets.json"
			return view{
				FileSystems: []model.FileSystem{{ID: fsApp, Source: f.obj("file-systems.json", `"FileSystemId"`), FileSystemID: fsApp,
					MountTargets: []model.MountTarget{{ID: fsmtA, Source: f.obj(mt, `"MountTargetId"`)}}}},
				Unknowns: []model.Unknown{
					lacking(model.KindMountTarget, fsmtA, "subnet", "aws ec2 describe-subnets --subnet-ids "+subnetA, f.value(mt, `"SubnetId": `)),
					lacking(model.KindMountTarget, fsmtA, "security_groups", "aws efs describe-mount-target-security-groups --mount-target-id "+fsmtA, f.obj(mt, `"MountTargetId"`)),
				},
				Diags: model.Diagnostics{
					{Severity: model.SeverityError, Code: CodeInvalidJSON, Source: f.at("mount-target-sgs-fsmt-0aaaa1111bbbb2222.json", "42"),
						Message: "SecurityGroups[1] is number, but the AWS API gives it as string"},
					{Severity: model.SeverityError, Code: model.CodeInvalidValue, Source: f.value(mt, `"IpAddress": `),
						Message: `mount target fsmt-0aaaa1111bbbb2222: IpAddress "10.0.1.300" is not an IPv4 address`},
				},
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var w *model.World
			var diags model.Diagnostics
			if tc.seed == nil {
				w, diags = Load(tc.dir)
			} else {
				w, diags = decodeInto(t, tc.dir, tc.seed)
				w.Subnets, w.SecurityGroups = nil, nil
			}
			if diff := cmp.Diff(tc.want(fixture{t, tc.dir}), viewOf(w, diags), cmpAddr); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMountTargetGroupsKind tells the two "SecurityGroups" responses apart:
// describe-mount-target-security-groups gives strings,
// describe-security-groups objects (aws-rules 11.4.9).
func TestMountTargetGroupsKind(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		efs        bool
	}{
		{"mount target groups", `{"SecurityGroups": ["sg-0123456789abcdef0"]}`, true},
		{"describe-security-groups", `{"SecurityGroups": [{"GroupId": "sg-0123456789abcdef0", "VpcId": "vpc-0123456789abcdef0"}]}`, false},
		// No element to tell by: an empty describe-security-groups page,
		// as a mount target always has a group.
		{"empty", `{"SecurityGroups": []}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc{path: "x.json", data: []byte(tc.body)}
			if err := json.Unmarshal(d.data, &d.top); err != nil {
				t.Fatal(err)
			}
			k, ok := recognise(d, kinds())
			if got := ok && k.command == cmdDescribeMountTargetSGs; got != tc.efs {
				t.Errorf("read as %s: %v (%q), want %v", cmdDescribeMountTargetSGs, got, k.command, tc.efs)
			}
		})
	}
}
