package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

const snapshotCommandsUsage = `Usage: vpctrace snapshot-commands [--region REGION] [--cluster NAME]... [-o FILE]

Prints a POSIX shell script of read-only AWS CLI v2 calls that collects an
account snapshot of one region: a folder of their unmodified JSON output
(--output json), one file a call, which vpctrace trace DIR reads. vpctrace
itself never calls AWS; run the script where the AWS CLI has credentials:

  vpctrace snapshot-commands --region ap-northeast-1 -o collect.sh
  sh collect.sh snapshot        # writes snapshot/*.json
  vpctrace trace snapshot

The script needs only the read actions of the IAM policy in
docs/snapshot.md. It refuses a folder that is not empty, says each file it
writes on stderr, and stops at the first error (set -eu). What it could
not collect makes the calls that depend on it unknown, never guessed.

Flags:
  --region REGION   the region to collect (default: the script takes
                    AWS_REGION, else AWS_DEFAULT_REGION, else the CLI
                    profile's region when it runs)
  --cluster NAME    collect only this ECS cluster, a name or an ARN
                    (repeatable; default: every cluster of the region)
  -o, --output FILE write the script to FILE (created or truncated,
                    executable) instead of stdout; "-" is stdout

Exit status: 0 when the script is printed; 2 when the command line is
wrong.
`

// clusterPattern is an ECS cluster name, or the ARN of one.
var clusterPattern = regexp.MustCompile(`^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/)?[A-Za-z0-9_-]{1,255}$`)

// runSnapshotCommands is "vpctrace snapshot-commands".
func runSnapshotCommands(args []string, stdout, stderr io.Writer) int {
	var (
		s      snapshotScript
		output string
	)
	fs := newFlagSet("snapshot-commands", snapshotCommandsUsage, stderr)
	fs.Func("region", "the region to collect", func(v string) error {
		if !model.IsRegion(v) {
			return fmt.Errorf("%q is not a region name (like us-east-1 or ap-northeast-1)", v)
		}
		s.region = v
		return nil
	})
	fs.Func("cluster", "an ECS cluster to collect (repeatable)", func(v string) error {
		if !clusterPattern.MatchString(v) {
			return fmt.Errorf("%q is not an ECS cluster name (letters, digits, - and _) or cluster ARN", v)
		}
		s.clusters = append(s.clusters, v)
		return nil
	})
	fs.StringVar(&output, "o", "", "write the script to FILE")
	fs.StringVar(&output, "output", "", "write the script to FILE")
	operands, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(operands) > 0 {
		usageError(stderr, "snapshot-commands", fmt.Sprintf("takes no PATH, got %q; the script takes the folder to write when it runs", operands[0]))
		return exitBadInput
	}
	script := s.script()
	if output == "" || output == "-" {
		io.WriteString(stdout, script)
		return exitOK
	}
	if err := os.WriteFile(output, []byte(script), 0o755); err != nil {
		fmt.Fprintf(stderr, "vpctrace: cannot write the script: %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(stderr, "vpctrace: wrote %s; run it with: sh %s DIR\n", output, shellQuote(output))
	return exitOK
}

// snapshotScript is what snapshot-commands collects: one region, and the
// ECS clusters to read (all when none is named).
type snapshotScript struct {
	region   string
	clusters []string
}

// script returns the shell script that collects the snapshot.
func (s snapshotScript) script() string {
	r := strings.NewReplacer(
		"@COMMAND@", s.commandLine(),
		"@REGION@", s.regionLines(),
		"@CLUSTERS@", s.clusterLines(),
	)
	return r.Replace(scriptTemplate)
}

// commandLine is the vpctrace command line that prints the script, for
// its header.
func (s snapshotScript) commandLine() string {
	cmd := "vpctrace snapshot-commands"
	if s.region != "" {
		cmd += " --region " + s.region
	}
	for _, c := range s.clusters {
		cmd += " --cluster " + c
	}
	return cmd
}

// regionLines set REGION: the one given, or the CLI's at run time.
func (s snapshotScript) regionLines() string {
	if s.region != "" {
		return "REGION=" + s.region
	}
	return `REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
if [ -z "$REGION" ]; then
  REGION=$(aws configure get region || true)
fi
if [ -z "$REGION" ]; then
  echo "snapshot: no region: set AWS_REGION, or print the script with vpctrace snapshot-commands --region REGION" >&2
  exit 1
fi`
}

// clusterLines set CLUSTERS: the clusters named, or every cluster of the
// region.
func (s snapshotScript) clusterLines() string {
	if len(s.clusters) > 0 {
		return "# Only the clusters named by --cluster.\nCLUSTERS='" + strings.Join(s.clusters, " ") + "'"
	}
	return "CLUSTERS=$(aws ecs list-clusters --region \"$REGION\" --query 'clusterArns[]' --output text)"
}

// scriptTemplate is the script; @NAME@ are replaced by script. Each call
// whose output is kept is "save FILE aws ... --output json", which the CLI
// prints whole, every page merged; each listing step, which only finds the
// IDs to call with, is "$(aws ... --query ... --output text)" (aws-rules
// 11.5.1). The four responses that do not say which object they describe
// are saved in files named by its ID (aws-rules 11.5.3, docs/snapshot.md).
// Route tables are searched with the filters the call requires (11.5.2);
// zones are read when this account or a service owns them (11.5.4);
// services are described 10 a call, clusters and container instances 100
// (11.5.5); only available mount targets are asked for their groups
// (11.5.6).
const scriptTemplate = `#!/bin/sh
# Collects an account snapshot for vpctrace: read-only AWS CLI v2 calls,
# each saving its unmodified JSON output (--output json) in one file.
# Printed by: @COMMAND@
# IAM actions needed (read only): see docs/snapshot.md in vpctrace.
#
# Usage: sh THIS-SCRIPT [DIR]    (DIR: a new or empty folder; default
# snapshot-REGION). Then: vpctrace trace DIR
set -euf

@REGION@
DIR=${1:-snapshot-$REGION}

if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
  echo "snapshot: $DIR is not empty; give a new or empty folder, so that no old file mixes in" >&2
  exit 1
fi
mkdir -p "$DIR"
cd "$DIR"

# save FILE COMMAND...: runs COMMAND and keeps its output in FILE, written
# only once COMMAND succeeds.
save() {
  file=$1
  shift
  echo "snapshot: writing $DIR/$file" >&2
  "$@" > "$file.part"
  mv "$file.part" "$file"
}

COLLECTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ACCOUNT=$(aws sts get-caller-identity --region "$REGION" --query Account --output text)

# EC2: VPCs and their DNS attributes.
save vpcs.json aws ec2 describe-vpcs --region "$REGION" --output json
VPCS=$(aws ec2 describe-vpcs --region "$REGION" --query 'Vpcs[].VpcId' --output text)
for vpc in $VPCS; do
  save "vpc-attribute-$vpc-enableDnsSupport.json" aws ec2 describe-vpc-attribute --region "$REGION" --vpc-id "$vpc" --attribute enableDnsSupport --output json
  save "vpc-attribute-$vpc-enableDnsHostnames.json" aws ec2 describe-vpc-attribute --region "$REGION" --vpc-id "$vpc" --attribute enableDnsHostnames --output json
done

# EC2: subnets, routing, gateways, endpoints, filters.
save subnets.json aws ec2 describe-subnets --region "$REGION" --output json
save route-tables.json aws ec2 describe-route-tables --region "$REGION" --output json
save internet-gateways.json aws ec2 describe-internet-gateways --region "$REGION" --output json
save egress-only-internet-gateways.json aws ec2 describe-egress-only-internet-gateways --region "$REGION" --output json
save nat-gateways.json aws ec2 describe-nat-gateways --region "$REGION" --output json
save vpc-endpoints.json aws ec2 describe-vpc-endpoints --region "$REGION" --output json
save security-groups.json aws ec2 describe-security-groups --region "$REGION" --output json
save security-group-rules.json aws ec2 describe-security-group-rules --region "$REGION" --output json
save network-acls.json aws ec2 describe-network-acls --region "$REGION" --output json
save network-interfaces.json aws ec2 describe-network-interfaces --region "$REGION" --output json
save dhcp-options.json aws ec2 describe-dhcp-options --region "$REGION" --output json

# EC2: prefix lists; the entries of each list not owned by AWS, in a file
# named by its ID (the response does not say which list it is).
save prefix-lists.json aws ec2 describe-prefix-lists --region "$REGION" --output json
save managed-prefix-lists.json aws ec2 describe-managed-prefix-lists --region "$REGION" --output json
LISTS=$(aws ec2 describe-managed-prefix-lists --region "$REGION" --query "PrefixLists[?OwnerId!='AWS'].PrefixListId" --output text)
for pl in $LISTS; do
  save "prefix-list-entries-$pl.json" aws ec2 get-managed-prefix-list-entries --region "$REGION" --prefix-list-id "$pl" --output json
done

# EC2: transit gateways; the routes, associations and propagations of
# each available route table, in files named by its ID.
save transit-gateways.json aws ec2 describe-transit-gateways --region "$REGION" --output json
save transit-gateway-attachments.json aws ec2 describe-transit-gateway-attachments --region "$REGION" --output json
save transit-gateway-vpc-attachments.json aws ec2 describe-transit-gateway-vpc-attachments --region "$REGION" --output json
save transit-gateway-route-tables.json aws ec2 describe-transit-gateway-route-tables --region "$REGION" --output json
TABLES=$(aws ec2 describe-transit-gateway-route-tables --region "$REGION" --query "TransitGatewayRouteTables[?State=='available'].TransitGatewayRouteTableId" --output text)
for rtb in $TABLES; do
  save "tgw-routes-$rtb.json" aws ec2 search-transit-gateway-routes --region "$REGION" --transit-gateway-route-table-id "$rtb" --filters Name=state,Values=active,blackhole --output json
  save "tgw-associations-$rtb.json" aws ec2 get-transit-gateway-route-table-associations --region "$REGION" --transit-gateway-route-table-id "$rtb" --output json
  save "tgw-propagations-$rtb.json" aws ec2 get-transit-gateway-route-table-propagations --region "$REGION" --transit-gateway-route-table-id "$rtb" --output json
done

# EC2: peering, and instances (NAT instances, EC2 container instances).
save vpc-peering-connections.json aws ec2 describe-vpc-peering-connections --region "$REGION" --output json
save instances.json aws ec2 describe-instances --region "$REGION" --output json

# Route 53: the private hosted zones of each VPC; each zone this account
# or an AWS service owns, with its records in a file named by its ID.
# Zones of other accounts cannot be read with this account's credentials.
ZONES=
for vpc in $VPCS; do
  save "hosted-zones-$vpc.json" aws route53 list-hosted-zones-by-vpc --vpc-id "$vpc" --vpc-region "$REGION" --output json
  ZONES="$ZONES $(aws route53 list-hosted-zones-by-vpc --vpc-id "$vpc" --vpc-region "$REGION" --query "HostedZoneSummaries[?Owner.OwningAccount=='$ACCOUNT' || Owner.OwningService].HostedZoneId" --output text)"
done
ZONES=$(printf '%s\n' $ZONES | sort -u)
for zone in $ZONES; do
  zone=${zone##*/}
  save "hosted-zone-$zone.json" aws route53 get-hosted-zone --id "$zone" --output json
  save "records-$zone.json" aws route53 list-resource-record-sets --hosted-zone-id "$zone" --output json
done

# Route 53 Resolver: forwarding rules and their VPC associations.
save resolver-rules.json aws route53resolver list-resolver-rules --region "$REGION" --output json
save resolver-rule-associations.json aws route53resolver list-resolver-rule-associations --region "$REGION" --output json

# ECS: clusters, services (10 a call), their task definitions, container
# instances (100 a call), and the account settings.
@CLUSTERS@
TASK_DEFINITIONS=

# describe_clusters CLUSTER...: describes the clusters, 100 a call.
describe_clusters() {
  k=0
  while [ $# -gt 0 ]; do
    batch=
    n=0
    while [ $# -gt 0 ] && [ $n -lt 100 ]; do batch="$batch $1"; shift; n=$((n + 1)); done
    k=$((k + 1))
    save "clusters-$k.json" aws ecs describe-clusters --region "$REGION" --clusters $batch --include CONFIGURATIONS SETTINGS --output json
  done
}

# describe_services CLUSTER SERVICE...: describes the services of CLUSTER,
# 10 a call, and notes their task definitions.
describe_services() {
  cluster=$1
  shift
  k=0
  while [ $# -gt 0 ]; do
    batch=
    n=0
    while [ $# -gt 0 ] && [ $n -lt 10 ]; do batch="$batch $1"; shift; n=$((n + 1)); done
    k=$((k + 1))
    save "services-${cluster##*/}-$k.json" aws ecs describe-services --region "$REGION" --cluster "$cluster" --services $batch --output json
    TASK_DEFINITIONS="$TASK_DEFINITIONS $(aws ecs describe-services --region "$REGION" --cluster "$cluster" --services $batch --query 'services[].taskDefinition' --output text)"
  done
}

# describe_container_instances CLUSTER INSTANCE...: describes the
# container instances of CLUSTER, 100 a call.
describe_container_instances() {
  cluster=$1
  shift
  k=0
  while [ $# -gt 0 ]; do
    batch=
    n=0
    while [ $# -gt 0 ] && [ $n -lt 100 ]; do batch="$batch $1"; shift; n=$((n + 1)); done
    k=$((k + 1))
    save "container-instances-${cluster##*/}-$k.json" aws ecs describe-container-instances --region "$REGION" --cluster "$cluster" --container-instances $batch --output json
  done
}

describe_clusters $CLUSTERS
for cluster in $CLUSTERS; do
  SERVICES=$(aws ecs list-services --region "$REGION" --cluster "$cluster" --query 'serviceArns[]' --output text)
  describe_services "$cluster" $SERVICES
  INSTANCES=$(aws ecs list-container-instances --region "$REGION" --cluster "$cluster" --query 'containerInstanceArns[]' --output text)
  describe_container_instances "$cluster" $INSTANCES
done
TASK_DEFINITIONS=$(printf '%s\n' $TASK_DEFINITIONS | sort -u)
for td in $TASK_DEFINITIONS; do
  name=$(printf '%s' "${td##*/}" | tr ':' '-')
  save "task-definition-$name.json" aws ecs describe-task-definition --region "$REGION" --task-definition "$td" --output json
done
save account-settings.json aws ecs list-account-settings --region "$REGION" --effective-settings --output json

# EFS: file systems, their mount targets, and the security groups of each
# available mount target, in a file named by its ID.
save file-systems.json aws efs describe-file-systems --region "$REGION" --output json
FILE_SYSTEMS=$(aws efs describe-file-systems --region "$REGION" --query 'FileSystems[].FileSystemId' --output text)
for fs in $FILE_SYSTEMS; do
  save "mount-targets-$fs.json" aws efs describe-mount-targets --region "$REGION" --file-system-id "$fs" --output json
  TARGETS=$(aws efs describe-mount-targets --region "$REGION" --file-system-id "$fs" --query "MountTargets[?LifeCycleState=='available'].MountTargetId" --output text)
  for mt in $TARGETS; do
    save "mount-target-sgs-$mt.json" aws efs describe-mount-target-security-groups --region "$REGION" --mount-target-id "$mt" --output json
  done
done

# The region and account of the snapshot, and when it was taken.
echo "snapshot: writing $DIR/snapshot.json" >&2
printf '{"region": "%s", "account": "%s", "collected_at": "%s"}\n' "$REGION" "$ACCOUNT" "$COLLECTED_AT" > snapshot.json
echo "snapshot: done; trace it with: vpctrace trace $DIR" >&2
`
