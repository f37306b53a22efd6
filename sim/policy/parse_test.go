package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrors(t *testing.T) {
	const stmt = `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", `
	tests := []struct {
		name string
		doc  string
		want string
	}{
		// JSON syntax, positioned from json.SyntaxError.Offset.
		{"syntax: value expected", `{"Statement": [}`, `1:16: invalid character '}' looking for beginning of value`},
		{"syntax: missing comma on line 5", "{\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\"\n    \"Resource\": \"*\"\n  }\n}", `5:5: invalid character '"' after object key:value pair`},
		{"syntax: truncated", `{"Statement": {"Effect": "Allow"`, `1:33: unexpected end of JSON input`},
		{"syntax: trailing value", "{\"Statement\": []}\n{}", `2:1: invalid character '{' after top-level value`},
		// The policy.
		{"policy is an array", `[]`, `1:1: expected a policy object, found array`},
		{"policy is null", `null`, `1:1: expected a policy object, found null`},
		{"unknown version", `{"Version": "2012-10-18", "Statement": []}`, `1:13: expected "2012-10-17" or "2008-10-17" for Version, found "2012-10-18"`},
		{"version as number", `{"Version": 2012, "Statement": []}`, `1:13: expected "2012-10-17" or "2008-10-17" for Version, found number 2012`},
		{"id as number", `{"Id": 5, "Statement": []}`, `1:8: expected a string for Id, found number 5`},
		{"misspelt Statement", `{"Statements": []}`, `1:2: unknown element "Statements" in the policy; expected Version, Id or Statement`},
		{"statement elements at the top", `{"Sid": "x", "Statement": []}`, `1:2: unknown element "Sid" in the policy; expected Version, Id or Statement`},
		{"no Statement", `{"Version": "2012-10-17"}`, `1:1: policy has no Statement`},
		{"Statement is a string", `{"Statement": "Allow"}`, `1:15: expected a statement object or an array of them for Statement, found "Allow"`},
		{"Statement element is a string", `{"Statement": ["Allow"]}`, `1:16: expected a statement object, found "Allow"`},
		// Statements.
		{"effect in lower case on line 2", "{\"Statement\": [{\n  \"Effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}", `2:13: expected "Allow" or "Deny" for Effect, found "allow"`},
		{"long value shortened", `{"Statement": [{"Effect": "` + strings.Repeat("\u00e9", 40) + `"}]}`, `1:27: expected "Allow" or "Deny" for Effect, found "` + strings.Repeat("\u00e9", 28) + `..."`},
		{"unknown effect", `{"Statement": [{"Effect": "Permit", "Principal": "*", "Action": "*", "Resource": "*"}]}`, `1:27: expected "Allow" or "Deny" for Effect, found "Permit"`},
		{"no effect", `{"Statement": [{"Principal": "*", "Action": "*", "Resource": "*"}]}`, `1:16: statement 1 has no Effect; expected "Allow" or "Deny"`},
		{"no principal in statement 2", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}`, `1:86: statement 2 has no Principal or NotPrincipal; an endpoint policy names one ("*" for anyone)`},
		{"Principal and NotPrincipal", `{"Statement": [{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "*"}, "Action": "*", "Resource": "*"}]}`, `1:53: statement 1 has both Principal and NotPrincipal; expected one of them`},
		{"principal ARN as a string", `{"Statement": [{"Effect": "Deny", "Principal": "arn:aws:iam::123456789012:root", "Action": "*", "Resource": "*"}]}`, `1:48: expected "*" or an object such as {"AWS": "*"} for Principal, found "arn:aws:iam::123456789012:root"`},
		{"principal type in lower case", `{"Statement": [{"Effect": "Deny", "Principal": {"aws": "*"}, "Action": "*", "Resource": "*"}]}`, `1:49: unknown element "aws" in Principal; expected AWS, Service, Federated or CanonicalUser`},
		{"empty principal", `{"Statement": [{"Effect": "Deny", "Principal": {}, "Action": "*", "Resource": "*"}]}`, `1:48: expected at least one principal type in Principal, such as "AWS"`},
		{"principal number", `{"Statement": [{"Effect": "Deny", "Principal": {"AWS": ["*", 12]}, "Action": "*", "Resource": "*"}]}`, `1:62: expected a string in Principal "AWS", found number 12`},
		{"short account ID", `{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "12345678901"}, "Action": "*", "Resource": "*"}]}`, `1:59: expected "*", a 12-digit account ID or an IAM ARN for NotPrincipal "AWS", found "12345678901"`},
		{"no principals", `{"Statement": [{"Effect": "Deny", "Principal": {"AWS": []}, "Action": "*", "Resource": "*"}]}`, `1:56: expected at least one value in Principal "AWS"`},
		{"no action", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Resource": "*"}]}`, `1:16: statement 1 has no Action or NotAction`},
		{"Action and NotAction", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}`, `1:68: statement 1 has both Action and NotAction; expected one of them`},
		{"action number", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": 5, "Resource": "*"}]}`, `1:63: expected a string or an array of strings for Action, found number 5`},
		{"action null", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", null], "Resource": "*"}]}`, `1:80: expected a string in Action, found null`},
		{"no actions", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": [], "Resource": "*"}]}`, `1:63: expected at least one value in Action`},
		{"action without service", `{"Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "GetObject", "Resource": "*"}]}`, `1:66: expected "*" or "service:action" in NotAction, found "GetObject"`},
		{"resource not an ARN", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "my-bucket"}]}`, `1:80: expected "*" or an ARN in Resource, found "my-bucket"`},
		{"no resource", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*"}]}`, `1:16: statement 1 has no Resource or NotResource`},
		{"misspelt Resource", stmt + `"Resources": "*"}]}`, `1:85: unknown element "Resources" in statement 1; expected Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource or Condition`},
		{"duplicate Action", stmt + `"Action": "*"}]}`, `1:85: duplicate element "Action" in statement 1`},
		{"sid number", `{"Statement": [{"Sid": 1, "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}`, `1:24: expected a string for Sid, found number 1`},
		// Conditions.
		{"condition array", stmt + `"Condition": []}]}`, `1:98: expected an object of condition operators for Condition, found array`},
		{"unknown operator", stmt + `"Condition": {"StringEqual": {}}}]}`, `1:99: unknown condition operator "StringEqual"`},
		{"Null with IfExists", stmt + `"Condition": {"NullIfExists": {"aws:SourceVpc": "true"}}}]}`, `1:99: unknown condition operator "NullIfExists"`},
		{"operator value string", stmt + `"Condition": {"StringEquals": "x"}}]}`, `1:115: expected an object of condition keys for StringEquals, found "x"`},
		{"condition value object", stmt + `"Condition": {"StringEquals": {"aws:SourceVpc": {"a": 1}}}}]}`, `1:133: expected a string, boolean, number or an array of them for condition key "aws:SourceVpc", found object`},
		{"condition value null", stmt + `"Condition": {"Null": {"aws:SourceVpc": null}}}]}`, `1:125: expected a string, boolean, number or an array of them for condition key "aws:SourceVpc", found null`},
		{"no condition values", stmt + `"Condition": {"StringEquals": {"aws:SourceVpc": []}}}]}`, `1:133: expected at least one value for condition key "aws:SourceVpc"`},
		{"bool not a boolean", stmt + `"Condition": {"Bool": {"aws:SecureTransport": "yes"}}}]}`, `1:131: expected true or false for Bool condition key "aws:SecureTransport", found "yes"`},
		{"duplicate condition key", stmt + `"Condition": {"StringEquals": {"a:b": "1", "a:b": "2"}}}]}`, `1:128: duplicate "a:b" in StringEquals`},
		{"duplicate operator", stmt + `"Condition": {"Bool": {"a:b": true}, "Bool": {"a:c": true}}}]}`, `1:122: duplicate "Bool" in Condition`},
		{"empty condition key", stmt + `"Condition": {"StringEquals": {"": "1"}}}]}`, `1:116: expected a condition key name in StringEquals, found ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.doc)
			if err == nil {
				t.Fatalf("Parse(%s) = %+v, want error %q", tt.doc, p, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%s) error\n got: %s\nwant: %s", tt.doc, got, tt.want)
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Errorf("error is %T, want *Error", err)
			}
		})
	}
}

func TestErrorPosition(t *testing.T) {
	doc := "{\n\t\"Statement\": 5\n}"
	_, err := Parse(doc)
	want := &Error{Offset: 16, Line: 2, Column: 15, Msg: "expected a statement object or an array of them for Statement, found number 5"}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("Parse error (-want +got):\n%s", diff)
	}
}

// TestParseShapes checks that the IAM shapes of each element parse to the
// same statements.
func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want *Policy
	}{
		{
			name: "empty document",
			doc:  "\n\t ",
			want: &Policy{implicit: true},
		},
		{
			name: "single values as strings and Statement as an object",
			doc: `{"Version": "2012-10-17", "Id": "ecr", "Statement": {
  "Sid": "Pull", "Effect": "Allow", "Principal": "*",
  "Action": "ecr:BatchGetImage", "Resource": "*"}}`,
			want: &Policy{Version: "2012-10-17", ID: "ecr", Statements: []Statement{{
				Sid: "Pull", Index: 1, Effect: Allow, Line: 1, Column: 53,
				principals: []principal{{typ: "*", id: "*"}},
				actions:    []string{"ecr:BatchGetImage"},
				resources:  []string{"*"},
			}}},
		},
		{
			name: "arrays, Not forms and principal types",
			doc: `{"Statement": [
  {"Effect": "Deny",
   "NotPrincipal": {"AWS": ["123456789012", "arn:aws:iam::123456789012:role/r"], "Service": "ecs.amazonaws.com"},
   "NotAction": ["s3:Get*", "s3:List*"],
   "NotResource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]}]}`,
			want: &Policy{Statements: []Statement{{
				Index: 1, Effect: Deny, Line: 2, Column: 3,
				principals: []principal{
					{typ: "AWS", id: "123456789012"},
					{typ: "AWS", id: "arn:aws:iam::123456789012:role/r"},
					{typ: "Service", id: "ecs.amazonaws.com"},
				},
				notPrincipal: true,
				actions:      []string{"s3:Get*", "s3:List*"},
				notAction:    true,
				resources:    []string{"arn:aws:s3:::a/*", "arn:aws:s3:::b/*"},
				notResource:  true,
			}}},
		},
		{
			name: "condition values as string, array, boolean and number, in document order",
			doc: `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*",
  "Condition": {
    "StringEquals": {"aws:SourceVpc": "vpc-1", "aws:SourceVpce": ["vpce-1", "vpce-2"]},
    "Bool": {"aws:SecureTransport": true},
    "NumericLessThan": {"s3:max-keys": 10},
    "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "team-*"}}}]}`,
			want: &Policy{Statements: []Statement{{
				Index: 1, Effect: Allow, Line: 1, Column: 16,
				principals: []principal{{typ: "AWS", id: "*"}},
				actions:    []string{"*"},
				resources:  []string{"*"},
				conditions: []condition{
					{op: operator{name: "StringEquals", info: operators["stringequals"]}, key: "aws:SourceVpc", values: []string{"vpc-1"}},
					{op: operator{name: "StringEquals", info: operators["stringequals"]}, key: "aws:SourceVpce", values: []string{"vpce-1", "vpce-2"}},
					{op: operator{name: "Bool", info: operators["bool"]}, key: "aws:SecureTransport", values: []string{"true"}},
					{op: operator{name: "NumericLessThan", info: operators["numericlessthan"]}, key: "s3:max-keys", values: []string{"10"}},
					{op: operator{name: "ForAnyValue:StringLikeIfExists", info: operators["stringlike"], set: forAnyValue, ifExists: true}, key: "aws:TagKeys", values: []string{"team-*"}},
				},
			}}},
		},
	}
	opts := cmp.Options{
		cmp.AllowUnexported(Policy{}, Statement{}, principal{}, condition{}, operator{}),
		cmp.Comparer(func(a, b *opInfo) bool { return a == b }),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.doc)
			if diff := cmp.Diff(tt.want, got, opts); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatementName(t *testing.T) {
	p := mustParse(t, `{"Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`)
	if got, want := p.Statements[0].Name(), `Sid "A"`; got != want {
		t.Errorf("Name() = %s, want %s", got, want)
	}
	if got, want := p.Statements[1].Name(), "statement 2"; got != want {
		t.Errorf("Name() = %s, want %s", got, want)
	}
}
