package azure

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// Diagnostic categories every audited resource sends. allLogs is every log category the resource has,
// including the Service Bus runtime audit logs of data-plane access and the Key Vault AuditEvent log; audit is
// named as well so that a policy looking for the audit group finds it.
var (
	AuditLogCategoryGroups = []string{"allLogs", "audit"}
	AuditMetricCategory    = "AllMetrics"
)

// WorkspaceSku is the pay-as-you-go Log Analytics tier, the one that accepts any retention up to two years.
const WorkspaceSku = "PerGB2018"

// newWorkspace creates the Log Analytics workspace the queue's audit records are kept in for
// spec.LogRetentionDays. It accepts data only from Azure's own pipelines (no shared workspace keys) and is
// protected like the key: deleting it deletes the audit trail.
func newWorkspace(ctx *pulumi.Context, logical string, spec components.QueueSpec, name, location string,
	group pulumi.StringInput, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	ws, err := operationalinsights.NewWorkspace(ctx, logical, &operationalinsights.WorkspaceArgs{
		ResourceGroupName: group,
		WorkspaceName:     pulumi.String(name),
		Location:          pulumi.String(location),
		RetentionInDays:   pulumi.Int(spec.LogRetentionDays),
		Sku:               operationalinsights.WorkspaceSkuArgs{Name: pulumi.String(WorkspaceSku)},
		Features: operationalinsights.WorkspaceFeaturesArgs{
			DisableLocalAuth: pulumi.Bool(true),
			EnableLogAccessUsingOnlyResourcePermissions: pulumi.Bool(true),
		},
		Tags: pulumi.ToStringMap(spec.ResourceTags()),
	}, append(slices.Clone(opts), pulumi.Protect(spec.Protected()))...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("creating Log Analytics workspace %q: %w", name, err)
	}
	return ws.ID().ToStringOutput(), nil
}

// newDiagnostics sends every log category and every metric of one resource to the workspace, into
// resource-specific tables.
func newDiagnostics(ctx *pulumi.Context, logical, name string, resourceURI, workspaceID pulumi.StringInput,
	opts ...pulumi.ResourceOption) error {
	logs := insights.LogSettingsArray{}
	for _, g := range AuditLogCategoryGroups {
		logs = append(logs, insights.LogSettingsArgs{CategoryGroup: pulumi.String(g), Enabled: pulumi.Bool(true)})
	}
	if _, err := insights.NewDiagnosticSetting(ctx, logical, &insights.DiagnosticSettingArgs{
		Name:                        pulumi.String(name),
		ResourceUri:                 resourceURI,
		WorkspaceId:                 workspaceID,
		LogAnalyticsDestinationType: pulumi.String("Dedicated"),
		Logs:                        logs,
		Metrics: insights.MetricSettingsArray{
			insights.MetricSettingsArgs{Category: pulumi.String(AuditMetricCategory), Enabled: pulumi.Bool(true)},
		},
	}, opts...); err != nil {
		return fmt.Errorf("creating diagnostic setting %q: %w", logical, err)
	}
	return nil
}
