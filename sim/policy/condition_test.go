package policy

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// What a request says about the condition key under test.
type keyCase int

const (
	present     keyCase = iota // Context gives the value
	absent                     // Absent lists the key
	undecidable                // the request says nothing about the key
)

func (k keyCase) String() string {
	return [...]string{"present", "absent", "undecidable"}[k]
}

// TestConditionOperators checks each operator, with its key present, known
// absent and undecidable, through whole decisions on a policy whose only
// statement allows s3:GetObject under that one condition (aws-rules 6.1.3,
// 6.1.5).
func TestConditionOperators(t *testing.T) {
	const (
		vpc     = "aws:SourceVpc"
		vpcVal  = "vpc-0a1"
		arn     = "aws:SourceArn"
		arnVal  = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod"
		tls     = "aws:SecureTransport"
		tlsVal  = "true"
		private = "aws:VpcSourceIp"
		ipVal   = "10.0.1.5"
	)
	tests := []struct {
		op     string
		key    string
		values any    // as written in the policy
		val    string // the request's value when present
		keys   keyCase
		want   Effect
		desc   string // how the condition reads in Detail
	}{
		{"StringEquals", vpc, "vpc-0a1", vpcVal, present, Allowed, ""},
		{"StringEquals", vpc, []string{"vpc-0b2", "vpc-0c3"}, vpcVal, present, Denied, "aws:SourceVpc equals one of vpc-0b2, vpc-0c3"},
		{"StringEquals", vpc, "vpc-0a1", vpcVal, absent, Denied, "aws:SourceVpc equals vpc-0a1"},
		{"StringEquals", vpc, "vpc-0a1", vpcVal, undecidable, Unknown, "aws:SourceVpc equals vpc-0a1"},
		{"StringEquals", vpc, "VPC-0A1", vpcVal, present, Denied, "aws:SourceVpc equals VPC-0A1"},
		{"StringNotEquals", vpc, "vpc-0b2", vpcVal, present, Allowed, ""},
		{"StringNotEquals", vpc, []string{"vpc-0b2", "vpc-0a1"}, vpcVal, present, Denied, "aws:SourceVpc equals none of vpc-0b2, vpc-0a1"},
		{"StringNotEquals", vpc, "vpc-0b2", vpcVal, absent, Allowed, ""},
		{"StringNotEquals", vpc, "vpc-0b2", vpcVal, undecidable, Unknown, "aws:SourceVpc does not equal vpc-0b2"},
		{"StringEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, present, Allowed, ""},
		{"StringEqualsIgnoreCase", vpc, "VPC-0B2", vpcVal, present, Denied, "aws:SourceVpc equals, ignoring case, VPC-0B2"},
		{"StringEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, absent, Denied, "aws:SourceVpc equals, ignoring case, VPC-0A1"},
		{"StringEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, undecidable, Unknown, "aws:SourceVpc equals, ignoring case, VPC-0A1"},
		{"StringNotEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, present, Denied, "aws:SourceVpc does not equal, ignoring case, VPC-0A1"},
		{"StringNotEqualsIgnoreCase", vpc, "VPC-0B2", vpcVal, present, Allowed, ""},
		{"StringNotEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, absent, Allowed, ""},
		{"StringNotEqualsIgnoreCase", vpc, "VPC-0A1", vpcVal, undecidable, Unknown, "aws:SourceVpc does not equal, ignoring case, VPC-0A1"},
		{"StringLike", vpc, "vpc-0?1", vpcVal, present, Allowed, ""},
		{"StringLike", vpc, "VPC-*", vpcVal, present, Denied, "aws:SourceVpc matches VPC-*"},
		{"StringLike", vpc, "vpc-*", vpcVal, absent, Denied, "aws:SourceVpc matches vpc-*"},
		{"StringLike", vpc, "vpc-*", vpcVal, undecidable, Unknown, "aws:SourceVpc matches vpc-*"},
		{"StringNotLike", vpc, "vpc-*", vpcVal, present, Denied, "aws:SourceVpc does not match vpc-*"},
		{"StringNotLike", vpc, []string{"vpc-0b*", "vpc-0c*"}, vpcVal, present, Allowed, ""},
		{"StringNotLike", vpc, "vpc-*", vpcVal, absent, Allowed, ""},
		{"StringNotLike", vpc, "vpc-*", vpcVal, undecidable, Unknown, "aws:SourceVpc does not match vpc-*"},
		{"ArnEquals", arn, arnVal, arnVal, present, Allowed, ""},
		{"ArnEquals", arn, "arn:aws:ecs:*:123456789012:cluster/prod", arnVal, present, Allowed, ""},
		{"ArnEquals", arn, "arn:aws:ecs:ap-northeast-1:123456789012:cluster/dev", arnVal, present, Denied, "aws:SourceArn equals arn:aws:ecs:ap-northeast-1:123456789012:cluster/dev"},
		{"ArnEquals", arn, arnVal, arnVal, absent, Denied, "aws:SourceArn equals " + arnVal},
		{"ArnEquals", arn, arnVal, arnVal, undecidable, Unknown, "aws:SourceArn equals " + arnVal},
		{"ArnLike", arn, "arn:aws:ecs:*:*:cluster/*", arnVal, present, Allowed, ""},
		{"ArnLike", arn, "arn:aws:ecs:*", arnVal, present, Denied, "aws:SourceArn matches arn:aws:ecs:*"}, // each of six components is compared
		{"ArnLike", arn, "arn:aws:ecs:*:*:cluster/*", "not-an-arn", present, Denied, "aws:SourceArn matches arn:aws:ecs:*:*:cluster/*"},
		{"ArnLike", arn, "arn:aws:ecs:*:*:cluster/*", arnVal, absent, Denied, "aws:SourceArn matches arn:aws:ecs:*:*:cluster/*"},
		{"ArnLike", arn, "arn:aws:ecs:*:*:cluster/*", arnVal, undecidable, Unknown, "aws:SourceArn matches arn:aws:ecs:*:*:cluster/*"},
		{"ArnNotEquals", arn, arnVal, arnVal, present, Denied, "aws:SourceArn does not equal " + arnVal},
		{"ArnNotEquals", arn, "arn:aws:ecs:ap-northeast-1:123456789012:cluster/dev", arnVal, present, Allowed, ""},
		{"ArnNotEquals", arn, arnVal, arnVal, absent, Allowed, ""},
		{"ArnNotEquals", arn, arnVal, arnVal, undecidable, Unknown, "aws:SourceArn does not equal " + arnVal},
		{"ArnNotLike", arn, "arn:aws:ecs:*:*:cluster/p*", arnVal, present, Denied, "aws:SourceArn does not match arn:aws:ecs:*:*:cluster/p*"},
		{"ArnNotLike", arn, "arn:aws:ecs:*:*:cluster/d*", arnVal, present, Allowed, ""},
		{"ArnNotLike", arn, "arn:aws:ecs:*:*:cluster/p*", arnVal, absent, Allowed, ""},
		{"ArnNotLike", arn, "arn:aws:ecs:*:*:cluster/p*", arnVal, undecidable, Unknown, "aws:SourceArn does not match arn:aws:ecs:*:*:cluster/p*"},
		{"Bool", tls, true, tlsVal, present, Allowed, ""},
		{"Bool", tls, "TRUE", tlsVal, present, Allowed, ""},
		{"Bool", tls, "false", tlsVal, present, Denied, "aws:SecureTransport is false"},
		{"Bool", tls, "true", tlsVal, absent, Denied, "aws:SecureTransport is true"},
		{"Bool", tls, "true", tlsVal, undecidable, Unknown, "aws:SecureTransport is true"},
		{"Null", vpc, "true", vpcVal, present, Denied, "aws:SourceVpc is absent"},
		{"Null", vpc, "true", vpcVal, absent, Allowed, ""},
		{"Null", vpc, "true", vpcVal, undecidable, Unknown, "aws:SourceVpc is absent"},
		{"Null", vpc, false, vpcVal, present, Allowed, ""},
		{"Null", vpc, "false", vpcVal, absent, Denied, "aws:SourceVpc is present"},
		{"Null", vpc, "false", vpcVal, undecidable, Unknown, "aws:SourceVpc is present"},
		{"StringEqualsIfExists", vpc, "vpc-0b2", vpcVal, present, Denied, "aws:SourceVpc, if present, equals vpc-0b2"},
		{"StringEqualsIfExists", vpc, "vpc-0b2", vpcVal, absent, Allowed, ""},
		{"StringEqualsIfExists", vpc, "vpc-0b2", vpcVal, undecidable, Unknown, "aws:SourceVpc, if present, equals vpc-0b2"},
		{"ArnLikeIfExists", arn, "arn:aws:ecs:*:*:cluster/dev", arnVal, present, Denied, "aws:SourceArn, if present, matches arn:aws:ecs:*:*:cluster/dev"},
		{"ArnLikeIfExists", arn, "arn:aws:ecs:*:*:cluster/dev", arnVal, absent, Allowed, ""},
		{"BoolIfExists", tls, "true", tlsVal, absent, Allowed, ""},
		{"ForAnyValue:StringEquals", vpc, []string{"vpc-0a1", "vpc-0b2"}, vpcVal, present, Allowed, ""},
		{"ForAnyValue:StringEquals", vpc, "vpc-0a1", vpcVal, absent, Denied, "some value of aws:SourceVpc equals vpc-0a1"},
		{"ForAnyValue:StringNotEquals", vpc, "vpc-0a1", vpcVal, absent, Denied, "some value of aws:SourceVpc does not equal vpc-0a1"},
		{"ForAnyValue:StringLikeIfExists", vpc, "vpc-0b*", vpcVal, absent, Allowed, ""},
		{"ForAnyValue:StringLike", vpc, "vpc-0b*", vpcVal, undecidable, Unknown, "some value of aws:SourceVpc matches vpc-0b*"},
		{"ForAllValues:StringEquals", vpc, "vpc-0b2", vpcVal, present, Denied, "every value of aws:SourceVpc equals vpc-0b2"},
		{"ForAllValues:StringEquals", vpc, "vpc-0b2", vpcVal, absent, Allowed, ""},
		{"ForAllValues:StringEquals", vpc, "vpc-0b2", vpcVal, undecidable, Unknown, "every value of aws:SourceVpc equals vpc-0b2"},
		{"forallvalues:stringequals", vpc, "vpc-0a1", vpcVal, present, Allowed, ""},
		{"IpAddress", private, "10.0.0.0/16", ipVal, absent, Denied, "aws:VpcSourceIp IpAddress 10.0.0.0/16"},
		{"NotIpAddress", private, "10.0.0.0/16", ipVal, absent, Allowed, ""},
		{"NumericLessThanIfExists", "s3:max-keys", "10", "5", absent, Allowed, ""},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %v %s", tt.op, tt.values, tt.keys)
		t.Run(name, func(t *testing.T) {
			vals, err := json.Marshal(tt.values)
			if err != nil {
				t.Fatal(err)
			}
			doc := fmt.Sprintf(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {%q: {%q: %s}}}]}`, tt.op, tt.key, vals)
			req := envFile(execRole)
			switch tt.keys {
			case present:
				req.Context = map[string]string{tt.key: tt.val}
			case absent:
				req.Absent = []string{tt.key}
			}
			got := mustParse(t, doc).Evaluate(req)
			if diff := cmp.Diff(conditionDecision(tt.want, tt.key, tt.val, tt.keys, tt.desc), got); diff != "" {
				t.Errorf("Evaluate mismatch (-want +got):\n%s\n%s", diff, doc)
			}
		})
	}
}

// conditionDecision is the decision TestConditionOperators expects.
func conditionDecision(effect Effect, key, val string, keys keyCase, desc string) Decision {
	target := "s3:GetObject on " + envARN
	switch effect {
	case Allowed:
		return Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows " + target}
	case Unknown:
		return Decision{
			Effect:    Unknown,
			Action:    "s3:GetObject",
			Statement: "statement 1",
			Key:       key,
			Detail:    fmt.Sprintf("statement 1 allows %s only when %s, which vpctrace cannot decide because the model does not give %s (aws-rules 6.1.5); no other statement allows it for certain", target, desc, key),
		}
	}
	why := fmt.Sprintf("but this request's %s is %s", key, val)
	switch {
	case keys == absent:
		why = "which this request does not carry"
	case desc == key+" is absent":
		why = "but this request carries it"
	}
	return Decision{
		Effect: Denied,
		Action: "s3:GetObject",
		Detail: fmt.Sprintf("no statement allows %s: statement 1 allows it only when %s, %s; change the condition or add an Allow that this request matches", target, desc, why),
	}
}

func TestConditionBlocks(t *testing.T) {
	const doc = `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
  "Condition": {
    "StringEquals": {"AWS:SOURCEVPC": ["vpc-0b2", "vpc-0a1"], "aws:SourceVpce": "vpce-01"},
    "Bool": {"aws:SecureTransport": "true"}}}]}`
	ctx := func(vpce string) map[string]string {
		return map[string]string{"aws:SourceVpc": "vpc-0a1", "aws:sourcevpce": vpce, "aws:SecureTransport": "true"}
	}
	runEvalTests(t, []evalTest{
		{
			name: "6.1.3 keys compare without case, values of one key OR, keys AND",
			doc:  doc,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Principal: execRole, Context: ctx("vpce-01")},
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.1.3 one failing key fails the block",
			doc:  doc,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Principal: execRole, Context: ctx("vpce-02")},
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it only when aws:SourceVpce equals vpce-01, but this request's aws:SourceVpce is vpce-02; change the condition or add an Allow that this request matches",
			},
		},
		{
			name: "6.1.5 Context wins over Absent",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0a1"}}}]}`,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Context: map[string]string{"aws:SourceVpc": "vpc-0a1"}, Absent: []string{"aws:sourcevpc"}},
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.3 a missing key on a request AWS makes for the customer",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceAccount": "123456789012"}}}]}`,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Absent: layerAbsent},
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it only when aws:ResourceAccount equals 123456789012, which requests AWS makes on the customer's behalf do not carry (aws-rules 6.3); add an unconditioned Allow for that resource",
			},
		},
	})
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		name     string
		ok       bool
		base     string
		set      qualifier
		ifExists bool
	}{
		{"StringEquals", true, "StringEquals", single, false},
		{"stringequalsifexists", true, "StringEquals", single, true},
		{"ForAllValues:StringLikeIfExists", true, "StringLike", forAllValues, true},
		{"ForAnyValue:ArnNotLike", true, "ArnNotLike", forAnyValue, false},
		{"Null", true, "Null", single, false},
		{"NullIfExists", false, "", 0, false},
		{"ForAnyValue:Null", false, "", 0, false},
		{"StringEqual", false, "", 0, false},
		{"ForSomeValues:StringEquals", false, "", 0, false},
		{"IfExists", false, "", 0, false},
	}
	for _, tt := range tests {
		op, ok := parseOperator(tt.name)
		if ok != tt.ok {
			t.Errorf("parseOperator(%q) ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if op.info.name != tt.base || op.set != tt.set || op.ifExists != tt.ifExists {
			t.Errorf("parseOperator(%q) = %s, %v, %v; want %s, %v, %v", tt.name, op.info.name, op.set, op.ifExists, tt.base, tt.set, tt.ifExists)
		}
	}
}

func TestConditionString(t *testing.T) {
	tests := []struct {
		op     string
		values []string
		want   string
	}{
		{"Null", []string{"true", "false"}, "k:k is absent or present"},
		{"StringEquals", []string{"a", "b", "c", "d"}, "k:k equals one of a, b, c, d"},
		{"StringEquals", []string{"a", "b", "c", "d", "e"}, "k:k equals one of a, b, c and 2 more"},
		{"ForAllValues:StringNotLikeIfExists", []string{"a*"}, "every value of k:k, if present, does not match a*"},
		{"DateLessThan", []string{"2030-01-01T00:00:00Z"}, "k:k DateLessThan 2030-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		op, ok := parseOperator(tt.op)
		if !ok {
			t.Fatalf("parseOperator(%q) failed", tt.op)
		}
		c := condition{op: op, key: "k:k", values: tt.values}
		if got := c.String(); got != tt.want {
			t.Errorf("%s %v: String() = %q, want %q", tt.op, tt.values, got, tt.want)
		}
	}
}
