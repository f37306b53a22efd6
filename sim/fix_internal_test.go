package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestChangeFix checks when a fix names the Terraform resource and
// attribute: only when the object's ID is the address of a resource of
// its kind, and Terraform changes the setting through that resource.
func TestChangeFix(t *testing.T) {
	const advice = "add a route"
	rt := model.Ref{Kind: model.KindRouteTable, ID: "aws_route_table.private"}
	for _, tc := range []struct {
		name                      string
		kind                      model.Kind
		id, field, attribute, val string
		want                      Fix
	}{
		{"a Terraform address", model.KindRouteTable, "aws_route_table.private", "routes", "route", "",
			Fix{Advice: advice, Object: rt, Field: "routes", Resource: rt.ID, Attribute: "route"}},
		{"an address in a module, with an index", model.KindRouteTable, "module.net.aws_route_table.private[0]", "routes", "route", "",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindRouteTable, ID: "module.net.aws_route_table.private[0]"}, Field: "routes",
				Resource: "module.net.aws_route_table.private[0]", Attribute: "route"}},
		{"the default table", model.KindRouteTable, "aws_default_route_table.main", "routes", "route", "",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindRouteTable, ID: "aws_default_route_table.main"}, Field: "routes",
				Resource: "aws_default_route_table.main", Attribute: "route"}},
		{"a scenario id: no Terraform part", model.KindRouteTable, "private", "routes", "route", "",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindRouteTable, ID: "private"}, Field: "routes"}},
		{"the address of another type: no Terraform part", model.KindRouteTable, "aws_vpc.main", "routes", "route", "",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindRouteTable, ID: "aws_vpc.main"}, Field: "routes"}},
		{"a setting Terraform changes through another resource", model.KindHostedZone, "aws_route53_zone.z", "records", "", "",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindHostedZone, ID: "aws_route53_zone.z"}, Field: "records"}},
		{"no object: advice only", model.KindRouteTable, "", "routes", "route", "",
			Fix{Advice: advice}},
		{"a value", model.KindInstance, "aws_instance.nat", "source_dest_check", "source_dest_check", "false",
			Fix{Advice: advice, Object: model.Ref{Kind: model.KindInstance, ID: "aws_instance.nat"}, Field: "source_dest_check",
				Resource: "aws_instance.nat", Attribute: "source_dest_check", Value: "false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, changeFix(advice, tc.kind, tc.id, tc.field, tc.attribute, tc.val)); diff != "" {
				t.Errorf("changeFix (-want +got):\n%s", diff)
			}
		})
	}
}
