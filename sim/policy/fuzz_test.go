package policy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseEvaluate checks that Parse and Evaluate never panic, that parse
// errors are positioned within the document, and that decisions are
// well formed, deterministic and monotone: a decision that is not Unknown
// stays the same when the request says more about a condition key
// (aws-rules 6.1.5). Seeds are in testdata/fuzz/FuzzParseEvaluate.
func FuzzParseEvaluate(f *testing.F) {
	for _, doc := range []string{
		"",
		ecrDocS3Policy,
		ecrDocPreventDelete,
		ecrBlogAllowPull,
		perimeter(perimeterOrgStatement, perimeterServiceStatement, perimeterAWSOwnedStatement, perimeterThirdPartyStatement),
	} {
		f.Add(doc, "s3:GetObject", layerARN, "", "aws:PrincipalIsAWSService", "false", false)
		f.Add(doc, "ecr:BatchGetImage", repoARN, execRole, "aws:SourceVpc", "vpc-0a1", true)
	}
	f.Fuzz(func(t *testing.T, doc, action, resource, principal, key, value string, keyAbsent bool) {
		p, err := Parse(doc)
		if err != nil {
			checkError(t, doc, err)
			return
		}
		req := Request{Actions: []string{action, "s3:GetObject"}, Resource: resource, Principal: principal}
		d := p.Evaluate(req)
		checkDecision(t, req, d)
		if again := p.Evaluate(req); !cmp.Equal(d, again) {
			t.Fatalf("Evaluate is not deterministic:\n%+v\n%+v", d, again)
		}
		if p.IsDefault() && d.Effect != Allowed {
			t.Fatalf("IsDefault() but Evaluate = %+v", d)
		}
		if d.Effect == Unknown || principal != "" && derivedKey(key) {
			return
		}
		informed := req
		if keyAbsent {
			informed.Absent = []string{key}
		} else {
			informed.Context = map[string]string{key: value}
		}
		if d2 := p.Evaluate(informed); d2.Effect != d.Effect {
			t.Fatalf("decision changed when the request gave %q (absent %v, value %q):\nbefore %+v\nafter  %+v", key, keyAbsent, value, d, d2)
		}
	})
}

// derivedKey reports whether key is one Evaluate derives from the principal.
func derivedKey(key string) bool {
	key = strings.ToLower(key)
	return key == "aws:principalarn" || key == "aws:principalaccount"
}

func checkError(t *testing.T, doc string, err error) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse error is %T, want *Error: %v", err, err)
	}
	if perr.Offset < 0 || perr.Offset > len(doc) || perr.Line < 1 || perr.Column < 1 {
		t.Fatalf("Parse error position out of range for a document of %d bytes: %+v", len(doc), perr)
	}
	if want := newError(doc, perr.Offset, perr.Msg); *want != *perr {
		t.Fatalf("Parse error line and column do not match offset: %+v, want %+v", perr, want)
	}
	if prefix := fmt.Sprintf("%d:%d: ", perr.Line, perr.Column); !strings.HasPrefix(err.Error(), prefix) || perr.Msg == "" {
		t.Fatalf("Parse error %q lacks its position or message", err)
	}
}

func checkDecision(t *testing.T, req Request, d Decision) {
	t.Helper()
	if d.Detail == "" {
		t.Fatalf("Decision without Detail: %+v", d)
	}
	switch d.Effect {
	case Allowed:
		if d.Action != "" || d.Key != "" {
			t.Fatalf("allowed Decision names an action or key: %+v", d)
		}
	case Denied:
		if !slices.Contains(req.Actions, d.Action) || d.Key != "" {
			t.Fatalf("denied Decision: %+v", d)
		}
	case Unknown:
		if !slices.Contains(req.Actions, d.Action) || d.Key == "" || d.Statement == "" {
			t.Fatalf("unknown Decision: %+v", d)
		}
	default:
		t.Fatalf("Evaluate returned effect %q", d.Effect)
	}
}
