package offline

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Unknown is how a value that is only known after apply is shown, as the Pulumi CLI shows it.
const Unknown = "(known after apply)"

// securityKeys are the inputs shown for each type: the ones an assessor or a policy judges. A type not
// listed shows every scalar input.
var securityKeys = map[string][]string{
	"aws:sqs/queue:Queue":                    {"name", "fifoQueue", "kmsMasterKeyId", "sqsManagedSseEnabled", "kmsDataKeyReusePeriodSeconds", "messageRetentionSeconds", "visibilityTimeoutSeconds", "redrivePolicy", "redriveAllowPolicy"},
	"aws:sqs/queuePolicy:QueuePolicy":        {"queueUrl", "policy"},
	"aws:kms/key:Key":                        {"enableKeyRotation", "rotationPeriodInDays", "deletionWindowInDays", "bypassPolicyLockoutSafetyCheck", "customerMasterKeySpec", "policy"},
	"aws:iam/role:Role":                      {"assumeRolePolicy"},
	"aws:iam/rolePolicy:RolePolicy":          {"role", "policy"},
	"aws:cloudwatch/logGroup:LogGroup":       {"name", "retentionInDays", "kmsKeyId", "logGroupClass"},
	"aws:cloudtrail/trail:Trail":             {"name", "enableLogFileValidation", "kmsKeyId", "advancedEventSelectors", "cloudWatchLogsGroupArn"},
	"aws:s3/bucketPolicy:BucketPolicy":       {"policy"},
	"aws:cloudwatch/metricAlarm:MetricAlarm": {"metricName", "dimensions", "threshold"},

	"gcp:kms/keyRing:KeyRing":                                                                {"project", "location"},
	"gcp:kms/cryptoKey:CryptoKey":                                                            {"name", "keyRing", "purpose", "rotationPeriod", "destroyScheduledDuration", "versionTemplate", "labels"},
	"gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember":                                          {"cryptoKeyId", "role", "member"},
	"gcp:pubsub/topic:Topic":                                                                 {"name", "kmsKeyName", "messageStoragePolicy", "messageRetentionDuration", "labels"},
	"gcp:pubsub/subscription:Subscription":                                                   {"name", "topic", "ackDeadlineSeconds", "messageRetentionDuration", "retainAckedMessages", "expirationPolicy", "retryPolicy", "deadLetterPolicy", "enableMessageOrdering", "pushConfig"},
	"gcp:pubsub/topicIAMMember:TopicIAMMember":                                               {"topic", "role", "member"},
	"gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember":                                 {"subscription", "role", "member"},
	"gcp:serviceaccount/account:Account":                                                     {"accountId", "description"},
	"gcp:projects/serviceIdentity:ServiceIdentity":                                           {"service"},
	"gcp:projects/iAMAuditConfig:IAMAuditConfig":                                             {"service", "auditLogConfigs"},
	"gcp:projects/organizationPolicy:OrganizationPolicy":                                     {"constraint", "booleanPolicy"},
	"gcp:accesscontextmanager/servicePerimeter:ServicePerimeter":                             {"name", "perimeterType", "useExplicitDryRunSpec", "status", "spec"},
	"gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource":             {"perimeterName", "resource"},
	"gcp:accesscontextmanager/servicePerimeterDryRunResource:ServicePerimeterDryRunResource": {"perimeterName", "resource"},
	"gcp:logging/projectBucketConfig:ProjectBucketConfig":                                    {"bucketId", "location", "retentionDays", "locked"},
	"gcp:logging/projectSink:ProjectSink":                                                    {"destination", "filter"},
	"gcp:monitoring/alertPolicy:AlertPolicy":                                                 {"conditions", "notificationChannels"},

	"azure-native:servicebus:Namespace":                 {"namespaceName", "sku", "identity", "encryption", "minimumTlsVersion", "disableLocalAuth", "publicNetworkAccess", "zoneRedundant"},
	"azure-native:servicebus:Queue":                     {"queueName", "maxDeliveryCount", "deadLetteringOnMessageExpiration", "requiresSession", "requiresDuplicateDetection", "defaultMessageTimeToLive", "lockDuration"},
	"azure-native:keyvault:Vault":                       {"vaultName", "properties"},
	"azure-native:keyvault:Key":                         {"keyName", "vaultName", "properties"},
	"azure-native:managedidentity:UserAssignedIdentity": {"resourceName"},
	"azure-native:authorization:RoleAssignment":         {"principalId", "principalType", "roleDefinitionId", "scope"},
	"azure-native:insights:DiagnosticSetting":           {"resourceUri", "workspaceId", "logs", "metrics"},
	"azure-native:insights:MetricAlert":                 {"scopes", "criteria", "actions"},
	"azure-native:operationalinsights:Workspace":        {"workspaceName", "retentionInDays", "features"},
	"azure-native:network:PrivateEndpoint":              {"privateEndpointName", "subnet", "privateLinkServiceConnections"},
	"azure-native:network:PrivateDnsZoneGroup":          {"privateEndpointName", "privateDnsZoneConfigs"},
	"azure-native:resources:ResourceGroup":              {"resourceGroupName", "location"},
}

// hiddenKeys are never shown: tags are summarised separately, descriptions are prose.
var hiddenKeys = map[string]bool{"tags": true, "labels": true, "description": true, "__defaults": true}

// Render writes a table of the resources: type, logical name, parent's logical name and the
// security-relevant inputs, followed by the resource count.
func Render(w io.Writer, stack string, rs []enginetest.Resource) error {
	fmt.Fprintf(w, "Previewing stack %s (offline, dry run: values marked %s are outputs of other resources)\n\n", stack, Unknown)
	return table(w, rs, "to create")
}

// renderDeployed is Render for the resources of a deployment export.
func renderDeployed(w io.Writer, stack string, rs []enginetest.Resource) error {
	fmt.Fprintf(w, "Deployed stack %s (from a pulumi stack export: judged as pulumi up judges it)\n\n", stack)
	return table(w, rs, "deployed")
}

func table(w io.Writer, rs []enginetest.Resource, what string) error {
	names := map[string]string{}
	for _, r := range rs {
		names[r.URN] = r.Name
	}
	rs = displayOrder(rs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tNAME\tPARENT\tSECURITY-RELEVANT PROPERTIES")
	counts := map[string]int{}
	for _, r := range rs {
		counts[r.Type]++
		parent := names[r.Parent]
		if parent == "" {
			parent = "-"
		}
		props := describe(r)
		if len(props) == 0 {
			props = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Type, r.Name, parent, props[0])
		for _, p := range props[1:] {
			fmt.Fprintf(tw, "\t\t\t%s\n", p)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing preview table: %w", err)
	}
	fmt.Fprintf(w, "\n%d resources %s:\n", len(rs), what)
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, "  %3d  %s\n", counts[t], t)
	}
	return nil
}

func describe(r enginetest.Resource) []string {
	keys := securityKeys[r.Type]
	if keys == nil {
		for k, v := range r.Inputs {
			if !hiddenKeys[string(k)] && (v.IsString() || v.IsBool() || v.IsNumber() || v.IsComputed() || v.IsOutput()) {
				keys = append(keys, string(k))
			}
		}
		sort.Strings(keys)
	}
	var out []string
	for _, k := range keys {
		v, ok := r.Inputs[resource.PropertyKey(k)]
		if !ok || v.IsNull() {
			continue
		}
		out = append(out, fmt.Sprintf("%s=%s", k, report.ValueText(k, v)))
	}
	if tags, ok := r.Inputs["tags"]; ok && tags.IsObject() {
		if s, ok := tags.ObjectValue()["pci-scope"]; ok {
			out = append(out, "tags.pci-scope="+report.ValueText("pci-scope", s))
		}
	}
	if r.Protect {
		out = append(out, "protect=true")
	}
	return out
}

// displayOrder sorts resources deterministically whatever order the program's goroutines registered them
// in: providers first, then each top-level resource followed by its descendants, by type and name.
func displayOrder(rs []enginetest.Resource) []enginetest.Resource {
	byURN := map[string]enginetest.Resource{}
	for _, r := range rs {
		byURN[r.URN] = r
	}
	root := func(r enginetest.Resource) (enginetest.Resource, int) {
		depth := 0
		for {
			p, ok := byURN[r.Parent]
			if !ok {
				return r, depth
			}
			r, depth = p, depth+1
		}
	}
	out := append([]enginetest.Resource(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ra, da := root(a)
		rb, db := root(b)
		pa, pb := strings.HasPrefix(ra.Type, "pulumi:providers:"), strings.HasPrefix(rb.Type, "pulumi:providers:")
		if pa != pb {
			return pa
		}
		if ra.Name != rb.Name {
			return ra.Name < rb.Name
		}
		if (da == 0) != (db == 0) {
			return da == 0
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Name < b.Name
	})
	return out
}
