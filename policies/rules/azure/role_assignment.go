package azure

import (
	"regexp"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// RoleAssignmentLeastPrivilege keeps role assignments to the least privilege
// a queue needs.
var RoleAssignmentLeastPrivilege = rule.Rule{
	Name:        "pci-7.2.2-role-assignment-least-privilege",
	Requirement: "7.2.2",
	Description: "Role assignments grant least privilege: Owner, Contributor, User Access Administrator and Role Based Access Control Administrator are never assigned at subscription, resource-group or management-group scope, and neither they nor Key Vault Administrator or Crypto Officer go to a workload (principalType ServicePrincipal, or unstated); Azure Service Bus Data Owner is never assigned; the data roles Azure Service Bus Data Sender/Receiver and Key Vault Crypto User/Crypto Service Encryption User go only to managed identities (principalType ServicePrincipal); Service Bus data roles are scoped to one queue, topic or subscription, and Key Vault roles to one vault or key. Fix: assign Azure Service Bus Data Sender or Receiver with principalType ServicePrincipal and scope set to the queue's resource id, and Key Vault Crypto Service Encryption User scoped to the key.",
	Types:       []string{RoleAssignment},
	Check:       checkRoleAssignment,
}

var (
	// managementRoles administer resources or access to them.
	managementRoles = []string{roleOwner, roleContributor, roleUserAccessAdministrator, roleRBACAdministrator}
	// notForWorkloads are roles no workload identity needs.
	notForWorkloads = append([]string{roleKeyVaultAdministrator, roleKeyVaultCryptoOfficer}, managementRoles...)
	// workloadDataRoles read or write queue data or use keys: only managed
	// identities may hold them.
	workloadDataRoles = []string{roleServiceBusDataSender, roleServiceBusDataReceiver, roleKeyVaultCryptoUser, roleKeyVaultCryptoServiceEncUse}
	keyVaultRoles     = []string{roleKeyVaultAdministrator, roleKeyVaultCryptoOfficer, roleKeyVaultCryptoUser, roleKeyVaultCryptoServiceEncUse}

	entityScopeRE = regexp.MustCompile(`(?i)/providers/Microsoft\.ServiceBus/namespaces/[^/]+/(queues|topics)/[^/]+(/subscriptions/[^/]+)?/?$`)
	vaultScopeRE  = regexp.MustCompile(`(?i)/providers/Microsoft\.KeyVault/vaults/[^/]+(/keys/[^/]+)?/?$`)
	// broadScopeRE matches the root, management groups, subscriptions and
	// resource groups: everything that is not one resource.
	broadScopeRE = regexp.MustCompile(`(?i)^(/|/providers/Microsoft\.Management/managementGroups/[^/]+|/subscriptions/[^/]+(/resourceGroups/[^/]+)?)/?$`)
)

// roleGUID returns the role GUID that ends a roleDefinitionId, lower case.
func roleGUID(id string) string {
	id = strings.TrimRight(strings.TrimSpace(id), "/")
	return strings.ToLower(id[strings.LastIndex(id, "/")+1:])
}

func roleName(guid string) string {
	if n, ok := roleNames[guid]; ok {
		return n
	}
	return "role " + guid
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkRoleAssignment(r rule.Resource, _ rule.Config) (f rule.Findings) {
	m := r.Properties
	def, st := props.String(m, "roleDefinitionId")
	if f.Unreadable(st, "roleDefinitionId") || !st.Ok() {
		return f
	}
	guid := roleGUID(def)
	name := roleName(guid)
	ptype, pst := props.String(m, "principalType")
	if f.Unreadable(pst, "principalType") {
		return f
	}
	workload := !pst.Ok() || strings.EqualFold(ptype, "ServicePrincipal")
	if guid == roleServiceBusDataOwner {
		f.Violation("roleDefinitionId", "%s may read, write and manage every entity of the namespace; grant Azure Service Bus Data Sender or Receiver on the one queue instead", name)
	}
	if contains(notForWorkloads, guid) && workload {
		f.Violation("roleDefinitionId", "%s is assigned to a workload identity (principalType ServicePrincipal or not stated), which needs only a data role on its queue or key; remove it", name)
	}
	if contains(workloadDataRoles, guid) && !strings.EqualFold(ptype, "ServicePrincipal") {
		f.Violation("principalType", "%s grants data access and may go only to a managed identity; set principalType to ServicePrincipal", name)
	}
	needsScope := contains(managementRoles, guid) || guid == roleServiceBusDataSender || guid == roleServiceBusDataReceiver || contains(keyVaultRoles, guid)
	if !needsScope {
		return f
	}
	scope, sst := props.String(m, "scope")
	if f.Unreadable(sst, "scope") {
		return f
	}
	switch {
	case contains(managementRoles, guid) && broadScopeRE.MatchString(scope):
		f.Violation("scope", "%s is assigned at %q, which covers every resource below it; assign it on one resource, through privileged access management, or not at all", name, scope)
	case (guid == roleServiceBusDataSender || guid == roleServiceBusDataReceiver) && !entityScopeRE.MatchString(scope):
		f.Violation("scope", "%s is scoped to %q; scope it to the one queue, topic or subscription resource id the identity serves", name, scope)
	case contains(keyVaultRoles, guid) && !vaultScopeRE.MatchString(scope):
		f.Violation("scope", "%s is scoped to %q; scope it to the one Key Vault key (or vault) it is needed on", name, scope)
	}
	return f
}
