package snapshot_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53resolver"
)

// responseShape returns a new value of the AWS SDK's output type of the
// response whose top-level keys are top, or nil.
func responseShape(top map[string]json.RawMessage) any {
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("Vpcs"):
		return &ec2.DescribeVpcsOutput{}
	case has("VpcId") && (has("EnableDnsSupport") || has("EnableDnsHostnames")):
		return &ec2.DescribeVpcAttributeOutput{}
	case has("Subnets"):
		return &ec2.DescribeSubnetsOutput{}
	case has("RouteTables"):
		return &ec2.DescribeRouteTablesOutput{}
	case has("InternetGateways"):
		return &ec2.DescribeInternetGatewaysOutput{}
	case has("NatGateways"):
		return &ec2.DescribeNatGatewaysOutput{}
	case has("VpcEndpoints"):
		return &ec2.DescribeVpcEndpointsOutput{}
	case has("NetworkAcls"):
		return &ec2.DescribeNetworkAclsOutput{}
	case has("PrefixLists"):
		return &ec2.DescribePrefixListsOutput{}
	case has("DhcpOptions"):
		return &ec2.DescribeDhcpOptionsOutput{}
	case has("Reservations"):
		return &ec2.DescribeInstancesOutput{}
	case has("SecurityGroups") && bytes.HasPrefix(bytes.TrimLeft(top["SecurityGroups"][1:], " \n\t\r"), []byte(`"`)):
		return &efs.DescribeMountTargetSecurityGroupsOutput{}
	case has("SecurityGroups"):
		return &ec2.DescribeSecurityGroupsOutput{}
	case has("TransitGateways"):
		return &ec2.DescribeTransitGatewaysOutput{}
	case has("TransitGatewayAttachments"):
		return &ec2.DescribeTransitGatewayAttachmentsOutput{}
	case has("TransitGatewayVpcAttachments"):
		return &ec2.DescribeTransitGatewayVpcAttachmentsOutput{}
	case has("TransitGatewayRouteTables"):
		return &ec2.DescribeTransitGatewayRouteTablesOutput{}
	case has("Routes") && has("AdditionalRoutesAvailable"):
		return &ec2.SearchTransitGatewayRoutesOutput{}
	case has("Associations"):
		return &ec2.GetTransitGatewayRouteTableAssociationsOutput{}
	case has("TransitGatewayRouteTablePropagations"):
		return &ec2.GetTransitGatewayRouteTablePropagationsOutput{}
	case has("HostedZoneSummaries"):
		return &route53.ListHostedZonesByVPCOutput{}
	case has("HostedZone"):
		return &route53.GetHostedZoneOutput{}
	case has("ResourceRecordSets"):
		return &route53.ListResourceRecordSetsOutput{}
	case has("ResolverRules"):
		return &route53resolver.ListResolverRulesOutput{}
	case has("ResolverRuleAssociations"):
		return &route53resolver.ListResolverRuleAssociationsOutput{}
	case has("clusters"):
		return &ecs.DescribeClustersOutput{}
	case has("services"):
		return &ecs.DescribeServicesOutput{}
	case has("taskDefinition"):
		return &ecs.DescribeTaskDefinitionOutput{}
	case has("FileSystems"):
		return &efs.DescribeFileSystemsOutput{}
	case has("MountTargets"):
		return &efs.DescribeMountTargetsOutput{}
	}
	return nil
}

// TestTwinShapes checks that every response of the twins has the shape of
// the AWS API's: each member is one of the SDK output type's (no unknown
// member, checked case-insensitively as the decoders read them) with a
// value of its type.
func TestTwinShapes(t *testing.T) {
	files, _ := filepath.Glob("testdata/twins/*/*.json")
	if len(files) == 0 {
		t.Fatal("no twins")
	}
	for _, f := range files {
		if filepath.Base(f) == "snapshot.json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		out := responseShape(top)
		if out == nil {
			t.Errorf("%s: no response has the top-level keys of this file", f)
			continue
		}
		// Route 53's XML API gives MaxItems as a string, and the CLI prints
		// it so ("100"); the SDK for Go makes it a number.
		delete(top, "MaxItems")
		data, _ = json.Marshal(top)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(out); err != nil {
			t.Errorf("%s: not shaped as %T: %v", f, out, err)
		}
	}
}
