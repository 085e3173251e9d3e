package scope

// taggable lists the resource types, among those the pack judges, that carry
// tags or labels. A type not listed here is always in scope, so a missing
// entry can only make the pack stricter. The Azure and Google Cloud entries
// belong with the rules for those clouds.
var taggable = map[string]bool{
	// AWS
	"aws:sqs/queue:Queue":                              true,
	"aws:kms/key:Key":                                  true,
	"aws:iam/role:Role":                                true,
	"aws:iam/policy:Policy":                            true,
	"aws:iam/user:User":                                true,
	"aws:cloudtrail/trail:Trail":                       true,
	"aws:cloudwatch/logGroup:LogGroup":                 true,
	"aws:lambda/function:Function":                     true,
	"aws:s3/bucket:Bucket":                             true,
	"aws:s3/bucketV2:BucketV2":                         true,
	"aws:sns/topic:Topic":                              true,
	"aws:lambda/eventSourceMapping:EventSourceMapping": true,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                  true,

	// Azure (azure-native): resources with a tags property. Service Bus
	// queues, topics and subscriptions, role assignments and diagnostic
	// settings carry none.
	"azure-native:servicebus:Namespace":                 true,
	"azure-native:keyvault:Vault":                       true,
	"azure-native:keyvault:Key":                         true,
	"azure-native:operationalinsights:Workspace":        true,
	"azure-native:managedidentity:UserAssignedIdentity": true,

	// Google Cloud: resources with a labels property. Service accounts, key
	// rings, log buckets, perimeters and IAM members carry none.
	"gcp:pubsub/topic:Topic":               true,
	"gcp:pubsub/subscription:Subscription": true,
	"gcp:kms/cryptoKey:CryptoKey":          true,
}

// Taggable reports whether resources of type typ carry tags or labels.
func Taggable(typ string) bool { return taggable[typ] }

// TaggableTypes returns every type Taggable accepts.
func TaggableTypes() []string {
	out := make([]string, 0, len(taggable))
	for t := range taggable {
		out = append(out, t)
	}
	return out
}
