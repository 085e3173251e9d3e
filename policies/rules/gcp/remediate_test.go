package gcp

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

func resource(typ string, m map[string]property.Value) rule.Resource {
	return rule.Resource{Type: typ, Name: "r", URN: "urn:pulumi:test::pciqueue::" + typ + "::r", Properties: property.NewMap(m)}
}

// TestRemediations checks that each fix sets the compliant value, that the
// fixed resource then passes its rule, and that no fix fires on a computed
// or already compliant value.
func TestRemediations(t *testing.T) {
	computed := property.New(property.Computed)
	tests := []struct {
		name string
		rule rule.Rule
		res  rule.Resource
		path string
		want property.Value
	}{
		{"rotation added", KeyRotation, resource(CryptoKey, nil), "rotationPeriod", property.New("31536000s")},
		{"rotation shortened", KeyRotation, resource(CryptoKey, map[string]property.Value{"rotationPeriod": property.New("63072000s")}), "rotationPeriod", property.New("31536000s")},
		{"signing key left alone", KeyRotation, resource(CryptoKey, map[string]property.Value{"purpose": property.New("ASYMMETRIC_SIGN")}), "", property.Value{}},
		{"computed rotation left alone", KeyRotation, resource(CryptoKey, map[string]property.Value{"rotationPeriod": computed}), "", property.Value{}},
		{"90-day rotation left alone", KeyRotation, resource(CryptoKey, map[string]property.Value{"rotationPeriod": property.New("7776000s")}), "", property.Value{}},
		{"bucket retention raised", LogBucketRetention, resource(LogBucket, map[string]property.Value{"retentionDays": property.New(30.0)}), "retentionDays", property.New(365.0)},
		{"computed bucket retention left alone", LogBucketRetention, resource(LogBucket, map[string]property.Value{"retentionDays": computed}), "", property.Value{}},
		{"subscription made permanent", SubscriptionExpiration, resource(Subscription, nil), "expirationPolicy.ttl", property.New("")},
		{"expiring subscription made permanent", SubscriptionExpiration, resource(Subscription, map[string]property.Value{"expirationPolicy": property.New(map[string]property.Value{"ttl": property.New("86400s")})}), "expirationPolicy.ttl", property.New("")},
		{"computed expiration left alone", SubscriptionExpiration, resource(Subscription, map[string]property.Value{"expirationPolicy": computed}), "", property.Value{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := rule.NewConfig(tt.rule, nil)
			if err != nil {
				t.Fatal(err)
			}
			fixed, ok := tt.rule.Remediate(tt.res, c)
			if tt.path == "" {
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
			if fs := tt.rule.Check(after, c); len(fs) > 0 {
				t.Errorf("the fixed resource still has findings: %v", fs)
			}
		})
	}
}
