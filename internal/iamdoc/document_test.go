package iamdoc

import (
	"slices"
	"testing"
)

func TestParse_shapes(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, d Document)
	}{
		{"statement object, string action and resource, star principal",
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:123456789012:orders"}}`,
			func(t *testing.T, d Document) {
				s := d.Statements[0]
				if !s.Principal.Wildcard || !slices.Equal(s.Action, []string{"sqs:SendMessage"}) || len(s.Resource) != 1 {
					t.Errorf("got %+v", s)
				}
			}},
		{"statement array, list members, AWS principal list",
			`{"Statement":[{"Effect":"Deny","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"]},"Action":["sqs:*"],"Resource":["*"],"Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
			func(t *testing.T, d Document) {
				s := d.Statements[0]
				if !s.IsDeny() || !s.Principal.Wildcard || len(s.Principal.AWS) != 2 {
					t.Errorf("got %+v", s)
				}
				if v := s.ConditionValues("Bool", "AWS:SecureTransport"); !slices.Equal(v, []string{"false"}) {
					t.Errorf("condition values = %v", v)
				}
			}},
		{"service principal string",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			func(t *testing.T, d Document) {
				if p := d.Statements[0].Principal; p.Wildcard || !slices.Equal(p.Service, []string{"lambda.amazonaws.com"}) {
					t.Errorf("got %+v", p)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseJSON(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, d)
		})
	}
}

func TestParse_rejectsMalformed(t *testing.T) {
	for _, doc := range []string{
		`[]`, `{}`, `{"Statement":"x"}`, `{"Statement":[{"Action":"s3:*"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":3}]}`, `{"Statement":[{"Effect":"Allow","Principal":"me"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"Robot":"x"}}]}`, `{"Statement":[{"Effect":"Allow","Condition":[]}]}`,
		`not json`,
	} {
		if _, err := ParseJSON(doc); err == nil {
			t.Errorf("ParseJSON(%s): want an error", doc)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, value string
		want           bool
	}{
		{"*", "sqs:SendMessage", true},
		{"sqs:*", "SQS:SendMessage", true},
		{"sqs:Send*", "sqs:sendmessage", true},
		{"sqs:Receive*", "sqs:SendMessage", false},
		{"kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext", true},
		{"s?s:*", "sqs:x", true},
		{"sqs:SendMessage", "sqs:SendMessageBatch", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.value); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
		}
	}
}

func TestStatementPredicates(t *testing.T) {
	d, err := ParseJSON(`{"Statement":[
		{"Effect":"Allow","Action":"sqs:*","Resource":"*"},
		{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:x"},
		{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"arn:aws:sqs:eu-west-1:1:orders"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	s0, s1, s2 := d.Statements[0], d.Statements[1], d.Statements[2]
	if !s0.WildcardAction("sqs") || !s0.WildcardResource() || !s0.AllowsAction("sqs:ReceiveMessage") {
		t.Errorf("statement 0 predicates wrong")
	}
	if !s1.WildcardAction("") || !s1.AllowsAction("sqs:SendMessage") || s1.AllowsAction("iam:PassRole") {
		t.Errorf("statement 1 (NotAction) predicates wrong")
	}
	if s2.WildcardAction("sqs") || s2.WildcardResource() || s2.AllowsAction("sqs:ReceiveMessage") {
		t.Errorf("statement 2 predicates wrong")
	}
}
