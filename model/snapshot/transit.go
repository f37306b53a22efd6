package snapshot

import (
	"encoding/json"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// Commands of the transit gateway responses, as messages and
// World.Unknowns name them.
const (
	cmdDescribeTGWs              = "aws ec2 describe-transit-gateways"
	cmdDescribeTGWAttachments    = "aws ec2 describe-transit-gateway-attachments"
	cmdDescribeTGWVPCAttachments = "aws ec2 describe-transit-gateway-vpc-attachments"
	cmdDescribeTGWRouteTables    = "aws ec2 describe-transit-gateway-route-tables"
	cmdSearchTGWRoutes           = "aws ec2 search-transit-gateway-routes"
	cmdTGWAssociations           = "aws ec2 get-transit-gateway-route-table-associations"
	cmdTGWPropagations           = "aws ec2 get-transit-gateway-route-table-propagations"
)

// transitKinds are the transit gateway responses vpctrace reads.
var transitKinds = []kind{
	// DescribeTransitGateways: {"TransitGateways": [TransitGateway]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTransitGateways.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayOptions.html
	{command: cmdDescribeTGWs, key: "TransitGateways", decode: decodeTGWs},
	// DescribeTransitGatewayAttachments: {"TransitGatewayAttachments":
	// [TransitGatewayAttachment]}, each with its Association.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTransitGatewayAttachments.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayAttachment.html
	{command: cmdDescribeTGWAttachments, key: "TransitGatewayAttachments", decode: decodeTGWAttachments},
	// DescribeTransitGatewayVpcAttachments: {"TransitGatewayVpcAttachments":
	// [TransitGatewayVpcAttachment]}, with the attachment's SubnetIds.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTransitGatewayVpcAttachments.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayVpcAttachment.html
	{command: cmdDescribeTGWVPCAttachments, key: "TransitGatewayVpcAttachments", decode: decodeTGWVPCAttachments},
	// DescribeTransitGatewayRouteTables: {"TransitGatewayRouteTables":
	// [TransitGatewayRouteTable]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTransitGatewayRouteTables.html
	{command: cmdDescribeTGWRouteTables, key: "TransitGatewayRouteTables", decode: decodeTGWRouteTables},
	// SearchTransitGatewayRoutes: {"Routes": [TransitGatewayRoute],
	// "AdditionalRoutesAvailable"}; the table is not in the output, so its
	// ID comes from the file's name (tgw-routes-tgw-rtb-0123.json).
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SearchTransitGatewayRoutes.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRoute.html
	{command: cmdSearchTGWRoutes, key: "Routes", match: func(top map[string]json.RawMessage) bool {
		_, more := top["AdditionalRoutesAvailable"]
		return more || itemsHave(top["Routes"], "TransitGatewayAttachments", "Type")
	}, decode: decodeTGWRoutes},
	// GetTransitGatewayRouteTableAssociations: {"Associations":
	// [TransitGatewayRouteTableAssociation]}; the table's ID comes from
	// the file's name.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetTransitGatewayRouteTableAssociations.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRouteTableAssociation.html
	{command: cmdTGWAssociations, key: "Associations", match: func(top map[string]json.RawMessage) bool {
		return itemsHave(top["Associations"], "TransitGatewayAttachmentId")
	}, decode: decodeTGWAssociations},
	// GetTransitGatewayRouteTablePropagations:
	// {"TransitGatewayRouteTablePropagations":
	// [TransitGatewayRouteTablePropagation]}; the table's ID comes from
	// the file's name.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetTransitGatewayRouteTablePropagations.html
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRouteTablePropagation.html
	{command: cmdTGWPropagations, key: "TransitGatewayRouteTablePropagations", decode: decodeTGWPropagations},
}

// transitState is what the transit gateway decoders keep for
// finishTransit, which resolves it once every response is read.
type transitState struct {
	// attachments and vpcAttachments are the attachments as the two
	// describe responses give them, in input order.
	attachments    []at[ec2types.TransitGatewayAttachment]
	vpcAttachments []at[ec2types.TransitGatewayVpcAttachment]
	// routes, associations and propagations hold, per route table ID, the
	// responses that the file names tie to it.
	routes       map[string]*tgwRoutesFile
	associations map[string][]at[ec2types.TransitGatewayRouteTableAssociation]
	propagations map[string][]at[ec2types.TransitGatewayRouteTablePropagation]
}

// tgwRoutesFile is the search-transit-gateway-routes output of one table.
type tgwRoutesFile struct {
	routes    []at[ec2types.TransitGatewayRoute]
	truncated bool
	pos       model.Pos // of AdditionalRoutesAvailable, or the file
}

// itemsHave reports whether raw is a JSON array that is empty or whose
// first item has one of the keys: it tells a response apart from another
// with the same top-level key.
func itemsHave(raw json.RawMessage, keys ...string) bool {
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return false
	}
	if len(items) == 0 {
		return true
	}
	for _, k := range keys {
		if _, ok := items[0][k]; ok {
			return true
		}
	}
	return false
}

// decodeTGWs reads describe-transit-gateways. Only available transit
// gateways count (aws-rules 11.3.1). The default route table options
// are read as AWS prints them (aws-rules 4.8.3); finishTransit makes
// every association and propagation explicit (aws-rules 11.3.3).
func decodeTGWs(b *builder, d *doc) {
	for _, v := range decodeList[ec2types.TransitGateway](b, d, "TransitGateways") {
		id := str(v.v.TransitGatewayId)
		if arn := str(v.v.TransitGatewayArn); arn != "" {
			// A transit gateway may be shared from another account.
			b.noteARN(arn, v.field("TransitGatewayArn"), false)
		}
		if !b.hasID(id, v.pos, "transit gateway", "TransitGatewayId") || v.v.State != ec2types.TransitGatewayStateAvailable || b.hasTGW(id) {
			continue
		}
		tgw := model.TransitGateway{ID: id, Source: v.pos}
		if o := v.v.Options; o != nil {
			tgw.DefaultAssociation = o.DefaultRouteTableAssociation == ec2types.DefaultRouteTableAssociationValueEnable
			tgw.DefaultPropagation = o.DefaultRouteTablePropagation == ec2types.DefaultRouteTablePropagationValueEnable
			tgw.SecurityGroupReferencing = o.SecurityGroupReferencingSupport == ec2types.SecurityGroupReferencingSupportValueEnable
			tgw.DefaultRouteTable = str(o.AssociationDefaultRouteTableId)
			if tgw.DefaultRouteTable == "" {
				tgw.DefaultRouteTable = str(o.PropagationDefaultRouteTableId)
			}
		}
		b.w.TransitGateways = append(b.w.TransitGateways, tgw)
	}
}

// hasID reports whether an object of a response has its ID; one without
// is an error at p, and is left out.
func (b *builder) hasID(id string, p model.Pos, what, key string) bool {
	if id == "" {
		b.errorf(p, model.CodeMissingField, "%s has no %s", what, key)
	}
	return id != ""
}

// hasTGW reports whether the world already has transit gateway id (a
// second page or file that repeats it).
func (b *builder) hasTGW(id string) bool {
	for _, t := range b.w.TransitGateways {
		if t.ID == id {
			return true
		}
	}
	return false
}

// decodeTGWAttachments reads describe-transit-gateway-attachments;
// finishTransit turns them into the world's attachments.
func decodeTGWAttachments(b *builder, d *doc) {
	b.transit.attachments = append(b.transit.attachments,
		decodeList[ec2types.TransitGatewayAttachment](b, d, "TransitGatewayAttachments")...)
}

// decodeTGWVPCAttachments reads describe-transit-gateway-vpc-attachments,
// which gives a VPC attachment's subnets and appliance mode.
func decodeTGWVPCAttachments(b *builder, d *doc) {
	b.transit.vpcAttachments = append(b.transit.vpcAttachments,
		decodeList[ec2types.TransitGatewayVpcAttachment](b, d, "TransitGatewayVpcAttachments")...)
}

// decodeTGWRouteTables reads describe-transit-gateway-route-tables. Only
// available tables count (aws-rules 11.3.1); their routes come from
// search-transit-gateway-routes (finishTransit).
func decodeTGWRouteTables(b *builder, d *doc) {
	for _, v := range decodeList[ec2types.TransitGatewayRouteTable](b, d, "TransitGatewayRouteTables") {
		id := str(v.v.TransitGatewayRouteTableId)
		if !b.hasID(id, v.pos, "transit gateway route table", "TransitGatewayRouteTableId") ||
			v.v.State != ec2types.TransitGatewayRouteTableStateAvailable || b.tgwTable(id) != nil {
			continue
		}
		b.w.TransitGatewayRouteTables = append(b.w.TransitGatewayRouteTables,
			model.TransitGatewayRouteTable{ID: id, Source: v.pos, TransitGateway: str(v.v.TransitGatewayId)})
	}
}

// tgwTable returns the world's transit gateway route table id, or nil.
func (b *builder) tgwTable(id string) *model.TransitGatewayRouteTable {
	for i := range b.w.TransitGatewayRouteTables {
		if b.w.TransitGatewayRouteTables[i].ID == id {
			return &b.w.TransitGatewayRouteTables[i]
		}
	}
	return nil
}

// tableOfFile returns the route table ID in the name of d, a response
// that does not say which table it describes; a name without one is a
// warning, and the file is left out (aws-rules 11.3.2).
func (b *builder) tableOfFile(d *doc, command, example string) string {
	id := d.nameID("tgw-rtb-")
	if id == "" {
		b.warnf(model.Pos{File: d.path}, CodeNotRecognised,
			"the output of %s does not say which transit gateway route table it describes, and the file's name holds no tgw-rtb- ID (name it e.g. %s-tgw-rtb-0123abcd.json): left out", command, example)
	}
	return id
}

// decodeTGWRoutes reads search-transit-gateway-routes of the table its
// file's name gives.
func decodeTGWRoutes(b *builder, d *doc) {
	table := b.tableOfFile(d, cmdSearchTGWRoutes, "tgw-routes")
	if table == "" {
		return
	}
	var more struct{ AdditionalRoutesAvailable *bool }
	if raw, ok := d.top["AdditionalRoutesAvailable"]; ok {
		if err := json.Unmarshal(raw, &more.AdditionalRoutesAvailable); err != nil {
			b.jsonError(d, d.idx["/AdditionalRoutesAvailable"], err)
		}
	}
	routes := decodeList[ec2types.TransitGatewayRoute](b, d, "Routes")
	s := &b.transit
	if s.routes == nil {
		s.routes = map[string]*tgwRoutesFile{}
	}
	f := s.routes[table]
	if f == nil {
		f = &tgwRoutesFile{}
		s.routes[table] = f
	}
	f.routes = append(f.routes, routes...)
	if more.AdditionalRoutesAvailable != nil && *more.AdditionalRoutesAvailable {
		f.truncated, f.pos = true, d.pos("/AdditionalRoutesAvailable")
	}
}

// decodeTGWAssociations reads get-transit-gateway-route-table-associations
// of the table its file's name gives.
func decodeTGWAssociations(b *builder, d *doc) {
	table := b.tableOfFile(d, cmdTGWAssociations, "tgw-associations")
	if table == "" {
		return
	}
	s := &b.transit
	if s.associations == nil {
		s.associations = map[string][]at[ec2types.TransitGatewayRouteTableAssociation]{}
	}
	s.associations[table] = append(s.associations[table],
		decodeList[ec2types.TransitGatewayRouteTableAssociation](b, d, "Associations")...)
}

// decodeTGWPropagations reads get-transit-gateway-route-table-propagations
// of the table its file's name gives.
func decodeTGWPropagations(b *builder, d *doc) {
	table := b.tableOfFile(d, cmdTGWPropagations, "tgw-propagations")
	if table == "" {
		return
	}
	s := &b.transit
	if s.propagations == nil {
		s.propagations = map[string][]at[ec2types.TransitGatewayRouteTablePropagation]{}
	}
	s.propagations[table] = append(s.propagations[table],
		decodeList[ec2types.TransitGatewayRouteTablePropagation](b, d, "TransitGatewayRouteTablePropagations")...)
}
