package azure

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// SecureQueueArgs are the inputs of a SecureQueue: the portable spec plus what only Azure has.
type SecureQueueArgs struct {
	// Spec is the portable queue description; defaults are applied and it is validated for Azure.
	Spec components.QueueSpec
	// Location is the Azure region of every resource, e.g. westeurope.
	Location string
	// ResourceGroupName puts the queue's resources in an existing resource group; when empty the component
	// creates one for the queue.
	ResourceGroupName string
	// KeyID brings your own Key Vault key instead of creating a vault and key: the versionless resource ID
	// /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>.
	// The vault must have soft delete and purge protection on, and the key must be RSA of at least 3072 bits
	// with a rotation policy at least as frequent as the spec's keyRotation: preview fails otherwise.
	KeyID string
	// WorkspaceID sends audit logs to an existing Log Analytics workspace instead of creating one. Its
	// retention must be at least the spec's logRetentionDays; pciqueue cannot change it.
	WorkspaceID string
	// PrivateEndpointSubnetID, when set, creates private endpoints for the namespace and the vault in this
	// subnet. Public network access to both is disabled either way.
	PrivateEndpointSubnetID string
	// ServiceBusPrivateDNSZoneID and KeyVaultPrivateDNSZoneID register the private endpoints in these
	// privatelink zones, so clients in the network resolve the names to the private addresses.
	ServiceBusPrivateDNSZoneID string
	KeyVaultPrivateDNSZoneID   string
	// AlertActionGroupIDs are notified when a message is dead-lettered.
	AlertActionGroupIDs []string
	// ZoneRedundant spreads the namespace over availability zones; nil means true. Set it to false in a
	// region without availability zones.
	ZoneRedundant *bool
	// Namespace puts the queue in a namespace shared with other queues of the stack (NewNamespace), which
	// then owns the resource group, key, workspace and network settings: the fields above that configure
	// them must be empty. Nil gives the queue a namespace of its own.
	Namespace *Namespace
}

var (
	locationPattern      = regexp.MustCompile(`^[a-z][a-z0-9]{2,}$`)
	resourceGroupPattern = regexp.MustCompile(`^[-\w.()]{0,89}[-\w()]$`)
)

// privateDNSZone reports whether id is the resource ID of a private DNS zone whose name starts with zonePrefix.
func privateDNSZone(id, zonePrefix string) bool {
	zone, err := cloudid.ParseAzureID(id, cloudid.PrivateDNSZone)
	if err != nil {
		return false
	}
	rest, ok := strings.CutPrefix(strings.ToLower(zone.Name), zonePrefix)
	return ok && rest != "" && strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz.") == ""
}

// pinnedKeyVersion reports whether id names a key version, as a resource ID (.../keys/<key>/versions/<v>) or
// as a key identifier (https://<vault>.vault.azure.net/keys/<key>/<v>).
func pinnedKeyVersion(id string) bool {
	uri, err := cloudid.ParseKeyVaultKeyURI(id)
	return cloudid.KeyVaultKeyVersion.Matches(id) || (err == nil && uri.Version != "")
}

// byoKey is a parsed bring-your-own key ID.
type byoKey struct {
	id, resourceGroup, vault, name string
}

func parseKeyID(id string) (byoKey, bool) {
	k, err := cloudid.ParseAzureID(id, cloudid.KeyVaultKey)
	if err != nil {
		return byoKey{}, false
	}
	return byoKey{id: id, resourceGroup: k.ResourceGroupName, vault: k.Parent.Name, name: k.Name}, true
}

// Validate checks the whole input without registering anything, so a program can check every queue before
// it creates the first resource. NewSecureQueue runs the same check.
func (a *SecureQueueArgs) Validate() error {
	_, err := a.validate()
	return err
}

// validate applies the spec defaults, validates the spec for Azure and checks the Azure-only inputs.
func (a *SecureQueueArgs) validate() (components.QueueSpec, error) {
	spec := a.Spec.WithDefaults()
	errs := []error{spec.Validate(Cloud)}
	field := func(name, value, allowed string) {
		errs = append(errs, &components.FieldError{Queue: spec.Name, Field: name, Value: fmt.Sprintf("%q", value), Allowed: allowed})
	}
	if !locationPattern.MatchString(a.Location) {
		field("azure.location", a.Location, "an Azure location name such as westeurope (lower case, no spaces)")
	}
	if a.ResourceGroupName != "" && !resourceGroupPattern.MatchString(a.ResourceGroupName) {
		field("azure.resourceGroupName", a.ResourceGroupName, "1–90 letters, digits, _ . ( ) and -, not ending with a period")
	}
	if a.KeyID != "" {
		switch {
		case pinnedKeyVersion(a.KeyID):
			field("azure.keyId", a.KeyID, "a versionless key ID ending in /keys/<name>: a pinned key version keeps the namespace on that version after every rotation")
		case !cloudid.KeyVaultKey.Matches(a.KeyID):
			field("azure.keyId", a.KeyID, "a Key Vault key resource ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>")
		}
	}
	if a.WorkspaceID != "" && !cloudid.LogAnalyticsWorkspace.Matches(a.WorkspaceID) {
		field("azure.workspaceId", a.WorkspaceID, "a Log Analytics workspace resource ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>")
	}
	if a.PrivateEndpointSubnetID != "" && !cloudid.Subnet.Matches(a.PrivateEndpointSubnetID) {
		field("azure.privateEndpointSubnetId", a.PrivateEndpointSubnetID, "a subnet resource ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>")
	}
	for _, z := range []struct {
		field, value string
		prefix, zone string
	}{
		{"azure.serviceBusPrivateDnsZoneId", a.ServiceBusPrivateDNSZoneID, "privatelink.servicebus.", "privatelink.servicebus.windows.net"},
		{"azure.keyVaultPrivateDnsZoneId", a.KeyVaultPrivateDNSZoneID, "privatelink.vaultcore.", "privatelink.vaultcore.azure.net"},
	} {
		switch {
		case z.value == "":
		case a.PrivateEndpointSubnetID == "":
			field(z.field, z.value, "no value without azure.privateEndpointSubnetId: the zone registers private endpoints, which need a subnet")
		case !privateDNSZone(z.value, z.prefix):
			field(z.field, z.value, fmt.Sprintf("the resource ID of the %s private DNS zone", z.zone))
		case a.KeyID != "" && z.field == "azure.keyVaultPrivateDnsZoneId":
			field(z.field, z.value, "no value with azure.keyId: pciqueue creates no private endpoint for a vault it does not own")
		}
	}
	for i, g := range a.AlertActionGroupIDs {
		if !cloudid.ActionGroup.Matches(g) {
			field(fmt.Sprintf("azure.alertActionGroupIds[%d]", i), g, "an action group resource ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Insights/actionGroups/<name>")
		}
	}
	errs = append(errs, a.validateShared(spec.Name))
	return spec, errors.Join(errs...)
}

// private reports whether the deployment asked for the private network boundary.
func (a *SecureQueueArgs) private() bool { return a.PrivateEndpointSubnetID != "" }

func (a *SecureQueueArgs) zoneRedundant() bool { return a.ZoneRedundant == nil || *a.ZoneRedundant }
