package snapshot

import (
	"encoding/json"

	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	resolvertypes "github.com/aws/aws-sdk-go-v2/service/route53resolver/types"

	"github.com/vpctrace/vpctrace/model"
)

// Commands of the Route 53 responses, as messages and World.Unknowns name
// them.
const (
	cmdGetHostedZone         = "aws route53 get-hosted-zone"
	cmdListHostedZonesByVPC  = "aws route53 list-hosted-zones-by-vpc"
	cmdListRecordSets        = "aws route53 list-resource-record-sets"
	cmdListResolverRules     = "aws route53resolver list-resolver-rules"
	cmdListResolverRuleAssoc = "aws route53resolver list-resolver-rule-associations"
)

// route53Kinds are the Route 53 and Route 53 Resolver responses vpctrace
// reads.
var route53Kinds = []kind{
	// GetHostedZone: {"HostedZone": HostedZone, "DelegationSet", "VPCs":
	// [VPC]}; VPCs only for a private zone.
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html
	{command: cmdGetHostedZone, key: "HostedZone", object: true, decode: decodeHostedZone},
	// ListHostedZonesByVPC: {"HostedZoneSummaries": [HostedZoneSummary],
	// "MaxItems", "NextToken"}; the VPC is not in the output, so its ID
	// comes from the file's name (hosted-zones-vpc-0123.json).
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByVPC.html
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZoneSummary.html
	{command: cmdListHostedZonesByVPC, key: "HostedZoneSummaries", decode: decodeZonesByVPC},
	// ListResourceRecordSets: {"ResourceRecordSets": [ResourceRecordSet],
	// "IsTruncated", "MaxItems"}; the zone is not in the output, so its ID
	// comes from the file's name (records-Z0123456789ABC.json).
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
	{command: cmdListRecordSets, key: "ResourceRecordSets", decode: decodeRecordSets},
	// ListResolverRules: {"ResolverRules": [ResolverRule], "MaxResults",
	// "NextToken"}
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverRules.html
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverRule.html
	{command: cmdListResolverRules, key: "ResolverRules", decode: decodeResolverRules},
	// ListResolverRuleAssociations: {"ResolverRuleAssociations":
	// [ResolverRuleAssociation], "MaxResults", "NextToken"}
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverRuleAssociations.html
	// https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverRuleAssociation.html
	{command: cmdListResolverRuleAssoc, key: "ResolverRuleAssociations", decode: decodeResolverRuleAssociations},
}

// route53State is what the Route 53 decoders keep for finishRoute53,
// which resolves it once every response is read.
type route53State struct {
	// zones are the get-hosted-zone responses, in input order.
	zones []hostedZoneResponse
	// byVPC holds, per VPC ID, the zones list-hosted-zones-by-vpc gives.
	byVPC map[string][]at[r53types.HostedZoneSummary]
	// records holds, per zone ID, the list-resource-record-sets output.
	records map[string]*recordsFile
	rules   []at[resolvertypes.ResolverRule]
	assocs  []at[resolvertypes.ResolverRuleAssociation]
}

// hostedZoneResponse is one get-hosted-zone response.
type hostedZoneResponse struct {
	zone at[r53types.HostedZone]
	vpcs []at[r53types.VPC]
}

// recordsFile is the list-resource-record-sets output of one zone.
type recordsFile struct {
	sets      []at[r53types.ResourceRecordSet]
	truncated bool
	pos       model.Pos // of IsTruncated
	file      string    // the first file that gives them
}

// decodeHostedZone reads get-hosted-zone.
func decodeHostedZone(b *builder, d *doc) {
	z, ok := decodeOne[r53types.HostedZone](b, d, "HostedZone")
	if !ok {
		return
	}
	b.route53.zones = append(b.route53.zones, hostedZoneResponse{zone: z, vpcs: decodeList[r53types.VPC](b, d, "VPCs")})
}

// decodeZonesByVPC reads list-hosted-zones-by-vpc of the VPC its file's
// name gives; a name without one is a warning, and the file is left out
// (aws-rules 11.3.6).
func decodeZonesByVPC(b *builder, d *doc) {
	vpc := d.nameID("vpc-")
	if !isVPCID(vpc) {
		b.warnf(model.Pos{File: d.path}, CodeNotRecognised,
			"the output of %s does not say which VPC it describes, and the file's name holds no vpc- ID (name it e.g. hosted-zones-vpc-0123abcd.json): left out", cmdListHostedZonesByVPC)
		return
	}
	s := &b.route53
	if s.byVPC == nil {
		s.byVPC = map[string][]at[r53types.HostedZoneSummary]{}
	}
	s.byVPC[vpc] = append(s.byVPC[vpc], decodeList[r53types.HostedZoneSummary](b, d, "HostedZoneSummaries")...)
}

// isVPCID reports whether s looks like a VPC ID: "vpc-" and hex digits.
func isVPCID(s string) bool {
	if len(s) <= len("vpc-") || s[:4] != "vpc-" {
		return false
	}
	for _, c := range s[4:] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// decodeRecordSets reads list-resource-record-sets of the zone its file's
// name gives.
func decodeRecordSets(b *builder, d *doc) {
	zone := d.nameID("Z")
	if zone == "" {
		b.warnf(model.Pos{File: d.path}, CodeNotRecognised,
			"the output of %s does not say which hosted zone it describes, and the file's name holds no zone ID (name it e.g. records-Z0123456789ABC.json): left out", cmdListRecordSets)
		return
	}
	var truncated *bool
	if raw, ok := d.top["IsTruncated"]; ok {
		if err := json.Unmarshal(raw, &truncated); err != nil {
			b.jsonError(d, d.idx["/IsTruncated"], err)
		}
	}
	s := &b.route53
	if s.records == nil {
		s.records = map[string]*recordsFile{}
	}
	f := s.records[zone]
	if f == nil {
		f = &recordsFile{file: d.path}
		s.records[zone] = f
	}
	f.sets = append(f.sets, decodeList[r53types.ResourceRecordSet](b, d, "ResourceRecordSets")...)
	if truncated != nil && *truncated {
		f.truncated, f.pos = true, d.pos("/IsTruncated")
	}
}

// decodeResolverRules reads list-resolver-rules.
func decodeResolverRules(b *builder, d *doc) {
	rules := decodeList[resolvertypes.ResolverRule](b, d, "ResolverRules")
	for _, r := range rules {
		if arn := str(r.v.Arn); arn != "" {
			// A rule may be shared from another account.
			b.noteARN(arn, r.field("Arn"), false)
		}
	}
	b.route53.rules = append(b.route53.rules, rules...)
}

// decodeResolverRuleAssociations reads list-resolver-rule-associations.
func decodeResolverRuleAssociations(b *builder, d *doc) {
	b.route53.assocs = append(b.route53.assocs, decodeList[resolvertypes.ResolverRuleAssociation](b, d, "ResolverRuleAssociations")...)
}
