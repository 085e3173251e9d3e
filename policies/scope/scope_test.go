package scope_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	_ "github.com/pciqueue/pciqueue/policies/rules/aws"
	"github.com/pciqueue/pciqueue/policies/scope"
)

func tags(kv ...string) property.Value {
	m := map[string]property.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = property.New(kv[i+1])
	}
	return property.New(m)
}

func TestInScope(t *testing.T) {
	tagged := scope.Default()
	tagged.Mode = scope.Tagged
	awsDefaults := property.NewMap(map[string]property.Value{
		"defaultTags": property.New(`{"tags":{"pci-scope":"cde"}}`),
	})
	tests := []struct {
		name     string
		c        scope.Config
		typ      string
		props    map[string]property.Value
		provider property.Map
		want     bool
	}{
		{"default mode keeps an out-of-scope tag in scope", scope.Default(), "aws:sqs/queue:Queue", map[string]property.Value{"tags": tags("pci-scope", "none")}, property.Map{}, true},
		{"tagged: in-scope value", tagged, "aws:sqs/queue:Queue", map[string]property.Value{"tags": tags("pci-scope", "CDE")}, property.Map{}, true},
		{"tagged: out-of-scope value", tagged, "aws:sqs/queue:Queue", map[string]property.Value{"tags": tags("pci-scope", "none")}, property.Map{}, false},
		{"tagged: no tags", tagged, "aws:sqs/queue:Queue", nil, property.Map{}, false},
		{"tagged: provider default tags as a JSON string", tagged, "aws:kms/key:Key", nil, awsDefaults, true},
		{"tagged: resource tag overrides the provider's", tagged, "aws:kms/key:Key", map[string]property.Value{"tags": tags("pci-scope", "none")}, awsDefaults, false},
		{"tagged: computed tags stay in scope", tagged, "aws:sqs/queue:Queue", map[string]property.Value{"tags": property.New(property.Computed)}, property.Map{}, true},
		{"tagged: malformed tags stay in scope", tagged, "aws:sqs/queue:Queue", map[string]property.Value{"tags": property.New(3.0)}, property.Map{}, true},
		{"tagged: untaggable type stays in scope", tagged, "aws:sqs/queuePolicy:QueuePolicy", nil, property.Map{}, true},
		{"tagged: secret tag value is read", tagged, "aws:sqs/queue:Queue", map[string]property.Value{"tags": property.New(map[string]property.Value{"pci-scope": property.New("cde").WithSecret(true)})}, property.Map{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.InScope(tt.typ, property.NewMap(tt.props), tt.provider); got != tt.want {
				t.Errorf("InScope = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	c, err := scope.Parse(map[string]any{"cde": "tagged", "scopeTag": "scope", "scopeValues": []any{"in"}})
	if err != nil || c.Mode != scope.Tagged || c.Tag != "scope" || !c.InScopeValue("IN") {
		t.Errorf("Parse = %+v, %v", c, err)
	}
	for _, bad := range []map[string]any{
		{"cde": "some"}, {"cde": 1.0}, {"scopeTag": ""}, {"scopeValues": []any{}}, {"scopeValues": []any{3.0}},
	} {
		c, err := scope.Parse(bad)
		if err == nil {
			t.Errorf("scope.Parse(%v): want an error", bad)
		}
		if c.Mode != scope.All {
			t.Errorf("scope.Parse(%v): a bad configuration must keep everything in scope, got %+v", bad, c)
		}
	}
}
