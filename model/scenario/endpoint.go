package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

var endpointKeys = []string{
	"vpc", "service", "type", "route_tables", "subnets", "ips", "security_groups",
	"private_dns", "private_dns_only_for_inbound_resolver", "policy",
	"ip_address_type", "dns_record_ip_type",
}

func decodeEndpoint(o *object) model.Endpoint {
	e := model.Endpoint{
		ID:             o.id,
		Source:         o.src,
		VPC:            o.ref("vpc"),
		RouteTables:    o.refs("route_tables"),
		Subnets:        o.refs("subnets"),
		SecurityGroups: o.refs("security_groups"),
		// Unset: the simulator decides from the VPC (aws-rules 10.6).
		PrivateDNSOnlyForInboundResolver: o.tristate("private_dns_only_for_inbound_resolver"),
	}
	e.ServiceName = serviceName(o, e.VPC)
	e.Type = endpointType(o, e.ServiceName)
	// CreateVpcEndpoint turns private DNS on by default for an interface
	// endpoint to an AWS service (aws-rules 3.2.1).
	e.PrivateDNS = o.flag("private_dns", e.Type == model.EndpointInterface && isAWSService(e.ServiceName))
	e.IPs = endpointIPs(o, e.Subnets)
	e.Policy, e.PolicySource = policy(o)
	// aws-rules 10.44: what an IPv6-only task gets from its private DNS.
	e.IPAddressType, _ = get(o, "ip_address_type", oneOf("an IP address type", model.EndpointIPv4, model.EndpointDualstack, model.EndpointIPv6))
	e.DNSRecordIPType, _ = get(o, "dns_record_ip_type", oneOf("a DNS record IP type", model.EndpointIPv4, model.EndpointDualstack, model.EndpointIPv6, model.EndpointServiceDefined))
	return e
}

// serviceName expands a short service name ("ecr.api") to the full name in
// the region of the endpoint's VPC; full names are kept as written.
func serviceName(o *object, vpc string) string {
	if !o.require("service", "a service such as ecr.api or com.amazonaws.REGION.ecr.api") {
		return ""
	}
	s := o.str("service")
	if s == "" || strings.HasPrefix(s, "com.amazonaws.") || strings.HasPrefix(s, "aws.") {
		return s
	}
	return "com.amazonaws." + o.d.vpcRegion(vpc) + "." + s
}

// isAWSService reports whether name is an AWS service's endpoint service
// (com.amazonaws.REGION.SERVICE), not a PrivateLink endpoint service
// (com.amazonaws.vpce.REGION.vpce-svc-...).
func isAWSService(name string) bool {
	region, _, ok := model.SplitServiceName(name)
	return ok && region != "vpce"
}

// endpointType reads type, defaulting to Gateway for an S3 or DynamoDB
// endpoint that names route tables and to Interface otherwise.
func endpointType(o *object, service string) model.EndpointType {
	if t, ok := get(o, "type", oneOf("an endpoint type", string(model.EndpointInterface), string(model.EndpointGateway))); ok {
		return model.EndpointType(t)
	}
	_, svc, _ := model.SplitServiceName(service)
	if (svc == "s3" || svc == "dynamodb") && o.has("route_tables") {
		return model.EndpointGateway
	}
	return model.EndpointInterface
}

// endpointIPs reads the mapping of subnet ID to ENI address.
func endpointIPs(o *object, subnets []string) map[string]netip.Addr {
	var ips map[string]netip.Addr
	o.pairs("ips", "a mapping of subnet id to IP address", false, func(k, v *yaml.Node, path string) {
		if !slices.Contains(subnets, k.Value) {
			o.fail(k, model.CodeInvalidValue, "%s: %q is not one of the endpoint's subnets (expected one of: %s)", o.sub("ips"), k.Value, strings.Join(subnets, ", "))
			return
		}
		if a, ok := parseAddr(o, v, path); ok {
			if ips == nil {
				ips = map[string]netip.Addr{}
			}
			ips[k.Value] = a
		}
	})
	return ips
}

// policy reads the endpoint policy: a JSON string, a YAML mapping (the
// policy document) or a YAML list (its statements), the last two encoded as
// JSON.
func policy(o *object) (string, model.Pos) {
	n := o.value("policy")
	if n == nil {
		return "", model.Pos{}
	}
	path, pos := o.sub("policy"), o.d.pos(n)
	if n.Kind == yaml.ScalarNode {
		var doc any
		err := json.Unmarshal([]byte(n.Value), &doc)
		if _, isObject := doc.(map[string]any); err != nil || !isObject {
			o.fail(n, model.CodeInvalidValue, "%s: not a valid JSON policy document: %s (expected a JSON object, or the policy written as a YAML mapping)", path, jsonProblem(err))
			return "", model.Pos{}
		}
		return n.Value, pos
	}
	if n.Kind == yaml.SequenceNode {
		n = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "Version"},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "2012-10-17"},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "Statement"},
			n,
		}}
	}
	var b bytes.Buffer
	if err := writeJSON(o.d, &b, n, 0); err != nil {
		if o.d.aliases > maxAliases {
			return "", model.Pos{} // reported where the alias budget ran out
		}
		at := err.node
		if at == nil {
			at = o.value("policy")
		}
		o.fail(at, model.CodeInvalidValue, "%s: %s", path, err.msg)
		return "", model.Pos{}
	}
	return b.String(), pos
}

func jsonProblem(err error) string {
	if err == nil {
		return "the value is not an object"
	}
	return err.Error()
}

// maxJSONDepth bounds the nesting of a policy written in YAML.
const maxJSONDepth = 64

// jsonError is a problem converting a YAML node to JSON, at node (nil:
// the policy as a whole).
type jsonError struct {
	node *yaml.Node
	msg  string
}

// writeJSON encodes n as JSON, keeping mapping keys in input order.
func writeJSON(d *decoder, b *bytes.Buffer, n *yaml.Node, depth int) *jsonError {
	at := n
	if n = d.resolve(n); n == nil {
		return &jsonError{at, "too many aliases"}
	}
	if depth > maxJSONDepth {
		return &jsonError{nil, fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
	}
	switch n.Kind {
	case yaml.MappingNode:
		return writeJSONObject(d, b, n, depth)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(d, b, item, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		b.Write(jsonScalar(n))
		return nil
	}
	return &jsonError{n, "expected a mapping, a list or a scalar, found " + describe(n)}
}

func writeJSONObject(d *decoder, b *bytes.Buffer, n *yaml.Node, depth int) *jsonError {
	b.WriteByte('{')
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			return &jsonError{n.Content[i], "a policy key must be a string"}
		}
		if seen[k.Value] {
			return &jsonError{k, fmt.Sprintf("key %q appears twice", k.Value)}
		}
		seen[k.Value] = true
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(k.Value))
		b.WriteByte(':')
		if err := writeJSON(d, b, n.Content[i+1], depth+1); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// jsonScalar encodes a YAML scalar as the JSON value of the same type;
// numbers JSON cannot hold (hex, infinities) become strings.
func jsonScalar(n *yaml.Node) []byte {
	switch n.ShortTag() {
	case "!!null":
		return []byte("null")
	case "!!bool":
		if v, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return []byte(strconv.FormatBool(v))
		}
	case "!!int":
		if v, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return []byte(strconv.FormatInt(v, 10))
		}
	case "!!float":
		if v, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			if out, err := json.Marshal(v); err == nil {
				return out
			}
		}
	}
	return jsonString(n.Value)
}

// jsonString encodes s as a JSON string without HTML escaping.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail (bad UTF-8 becomes U+FFFD)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
