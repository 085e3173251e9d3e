package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// BucketPublicAccessBlock is the S3 public access block type token.
const BucketPublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"

// S3PublicAccess requires public access blocks to block everything, as the
// audit-log bucket of a trail needs.
var S3PublicAccess = rule.Rule{
	Name:        "pci-10.3.2-s3-public-access-block",
	Requirement: "10.3.2",
	Description: "An S3 public access block in the cardholder-data environment (such as the one on a CloudTrail log bucket) blocks every form of public access: blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets are all true, so audit logs cannot be exposed. Fix: set all four to true.",
	Types:       []string{BucketPublicAccessBlock},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		for _, p := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if on, st := props.Bool(r.Properties, p); !f.Unreadable(st, p) && !(st.Ok() && on) {
				f.Violation(p, "%s is not true; set it to true so the bucket cannot be made public", p)
			}
		}
		return f
	},
}
