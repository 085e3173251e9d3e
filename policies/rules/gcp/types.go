package gcp

// Type tokens of the pulumi-gcp v7 resources the rules judge or relate.
const (
	Topic                    = "gcp:pubsub/topic:Topic"
	Subscription             = "gcp:pubsub/subscription:Subscription"
	CryptoKey                = "gcp:kms/cryptoKey:CryptoKey"
	KeyRing                  = "gcp:kms/keyRing:KeyRing"
	ServiceAccount           = "gcp:serviceaccount/account:Account"
	ServiceAccountKey        = "gcp:serviceaccount/key:Key"
	ServiceIdentity          = "gcp:projects/serviceIdentity:ServiceIdentity"
	Project                  = "gcp:organizations/project:Project"
	ServicePerimeter         = "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"
	ServicePerimeterResource = "gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource"
	LogBucket                = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
	LogSink                  = "gcp:logging/projectSink:ProjectSink"
	ProjectAuditConfig       = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
	FolderAuditConfig        = "gcp:folder/iamAuditConfig:IamAuditConfig"
	OrgAuditConfig           = "gcp:organizations/iamAuditConfig:IamAuditConfig"

	TopicIAMMember         = "gcp:pubsub/topicIAMMember:TopicIAMMember"
	TopicIAMBinding        = "gcp:pubsub/topicIAMBinding:TopicIAMBinding"
	TopicIAMPolicy         = "gcp:pubsub/topicIAMPolicy:TopicIAMPolicy"
	SubscriptionIAMMember  = "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"
	SubscriptionIAMBinding = "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding"
	SubscriptionIAMPolicy  = "gcp:pubsub/subscriptionIAMPolicy:SubscriptionIAMPolicy"
	CryptoKeyIAMMember     = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
	CryptoKeyIAMBinding    = "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding"
	CryptoKeyIAMPolicy     = "gcp:kms/cryptoKeyIAMPolicy:CryptoKeyIAMPolicy"
	KeyRingIAMMember       = "gcp:kms/keyRingIAMMember:KeyRingIAMMember"
	KeyRingIAMBinding      = "gcp:kms/keyRingIAMBinding:KeyRingIAMBinding"
	KeyRingIAMPolicy       = "gcp:kms/keyRingIAMPolicy:KeyRingIAMPolicy"
	ProjectIAMMember       = "gcp:projects/iAMMember:IAMMember"
	ProjectIAMBinding      = "gcp:projects/iAMBinding:IAMBinding"
	ProjectIAMPolicy       = "gcp:projects/iAMPolicy:IAMPolicy"
)

// Services whose protection the rules check.
const (
	serviceAll    = "allServices"
	servicePubSub = "pubsub.googleapis.com"
	serviceKMS    = "cloudkms.googleapis.com"
)

// Predefined roles the rules reason about.
const (
	rolePublisher  = "roles/pubsub.publisher"
	roleSubscriber = "roles/pubsub.subscriber"
)

// Identity declaration keys (components.TagQueue and components.TagRole).
// Service accounts carry no labels, so a pciqueue service account writes
// its declaration into its description as space-separated key=value pairs:
// "pciqueue-queue=payments pciqueue-role=producer pciqueue-identity=api".
const (
	TagQueue     = "pciqueue-queue"
	TagRole      = "pciqueue-role"
	roleProducer = "producer"
	roleConsumer = "consumer"
)
