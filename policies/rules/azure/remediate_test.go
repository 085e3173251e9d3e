package azure

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

func resource(typ string, m map[string]property.Value) rule.Resource {
	return rule.Resource{Type: typ, Name: "r", URN: "urn:pulumi:test::pciqueue::" + typ + "::r", Properties: property.NewMap(m)}
}

func config(t *testing.T, r rule.Rule) rule.Config {
	t.Helper()
	c, err := rule.NewConfig(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRemediations checks that each fix sets the compliant value, that the
// fixed resource then passes its rule, and that no fix fires on a computed
// or already compliant value.
func TestRemediations(t *testing.T) {
	computed := property.New(property.Computed)
	tests := []struct {
		name    string
		rule    rule.Rule
		res     rule.Resource
		path    string
		want    property.Value
		noFixIf bool
	}{
		{"tls 1.0 raised to 1.2", NamespaceTLS, resource(Namespace, map[string]property.Value{"minimumTlsVersion": property.New("1.0")}), "minimumTlsVersion", property.New("1.2"), false},
		{"unset tls set to 1.2", NamespaceTLS, resource(Namespace, nil), "minimumTlsVersion", property.New("1.2"), false},
		{"computed tls left alone", NamespaceTLS, resource(Namespace, map[string]property.Value{"minimumTlsVersion": computed}), "", property.Value{}, true},
		{"tls 1.2 left alone", NamespaceTLS, resource(Namespace, map[string]property.Value{"minimumTlsVersion": property.New("1.2")}), "", property.Value{}, true},
		{"SAS turned off", NamespaceLocalAuth, resource(Namespace, map[string]property.Value{"disableLocalAuth": property.New(false)}), "disableLocalAuth", property.New(true), false},
		{"workspace retention raised", WorkspaceRetention, resource(Workspace, map[string]property.Value{"retentionInDays": property.New(30.0)}), "retentionInDays", property.New(365.0), false},
		{"workspace retention unset", WorkspaceRetention, resource(Workspace, nil), "retentionInDays", property.New(365.0), false},
		{"table total retention raised", WorkspaceRetention, resource(Table, map[string]property.Value{"retentionInDays": property.New(90.0), "totalRetentionInDays": property.New(180.0)}), "totalRetentionInDays", property.New(365.0), false},
		{"table with too little interactive retention only", WorkspaceRetention, resource(Table, map[string]property.Value{"retentionInDays": property.New(30.0), "totalRetentionInDays": property.New(400.0)}), "", property.Value{}, true},
		{"computed retention left alone", WorkspaceRetention, resource(Workspace, map[string]property.Value{"retentionInDays": computed}), "", property.Value{}, true},
		{"workspace local auth off, features created", WorkspaceLocalAuth, resource(Workspace, nil), "features.disableLocalAuth", property.New(true), false},
		{"workspace local auth off, features kept", WorkspaceLocalAuth, resource(Workspace, map[string]property.Value{"features": property.New(map[string]property.Value{"enableDataExport": property.New(true)})}), "features.disableLocalAuth", property.New(true), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config(t, tt.rule)
			fixed, ok := tt.rule.Remediate(tt.res, c)
			if tt.noFixIf {
				if ok {
					t.Fatalf("want no fix, got %v", fixed)
				}
				return
			}
			if !ok {
				t.Fatal("want a fix, got none")
			}
			got, st := props.Value(fixed, tt.path)
			if !st.Ok() || !got.Equals(tt.want) {
				t.Errorf("%s = %v (%v), want %v", tt.path, got, st, tt.want)
			}
			after := tt.res
			after.Properties = fixed
			if fs := tt.rule.Check(after, c); fs.Has(rule.Violation) {
				t.Errorf("the fixed resource still fails: %v", fs)
			}
		})
	}
	kept, _ := WorkspaceLocalAuth.Remediate(tests[len(tests)-1].res, config(t, WorkspaceLocalAuth))
	if v, st := props.Bool(kept, "features.enableDataExport"); !st.Ok() || !v {
		t.Errorf("the fix dropped features.enableDataExport")
	}
}
