package azure

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// QueueAccessDeclared forbids data-plane roles on queues an identity is not
// declared for.
var QueueAccessDeclared = rule.Rule{
	Name:        "pci-7.2.2-servicebus-access-declared",
	Requirement: "7.2.2",
	Description: "No identity holds Azure Service Bus Data Sender or Receiver on a queue or topic it is not declared for: the principal of every such role assignment is an identity of the stack (a user-assigned identity, or a resource's system-assigned identity) tagged " + TagQueue + "=<queue name> and " + TagRole + "=producer (for Sender) or consumer (for Receiver), and the assignment's scope is that one queue or topic. Fix: tag the identity with the queue and role it serves, and scope the assignment to that queue's resource id.",
	Types:       []string{RoleAssignment, UserAssignedIdentity, Queue, Topic},
	CheckStack:  checkQueueAccessDeclared,
}

func checkQueueAccessDeclared(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	for _, ra := range s.OfType(RoleAssignment) {
		def, st := props.String(ra.Properties, "roleDefinitionId")
		if f.UnreadableAt(ra.URN, st, "roleDefinitionId") || !st.Ok() {
			continue
		}
		want := ""
		switch roleGUID(def) {
		case roleServiceBusDataSender:
			want = roleProducer
		case roleServiceBusDataReceiver:
			want = roleConsumer
		default:
			continue
		}
		p, ok := principalOf(s, ra)
		if !ok {
			if _, pst := props.String(ra.Properties, "principalId"); pst == props.Unknown {
				f.UnverifiedAt(ra.URN, "principalId")
			} else {
				f.ViolationAt(ra.URN, "principalId", "%s grants %s to a principal this stack does not declare; grant it only to a managed identity of the stack tagged %s and %s", ra.Name, roleName(roleGUID(def)), TagQueue, TagRole)
			}
			continue
		}
		tags, tst := scope.Tags(p.Type, p.Properties, p.Provider.Properties)
		queue, role := strings.TrimSpace(tags[TagQueue]), strings.TrimSpace(strings.ToLower(tags[TagRole]))
		if (queue == "" || role == "") && tst == props.Unknown {
			f.UnverifiedAt(p.URN, "tags")
			continue
		}
		if queue == "" || role == "" {
			f.ViolationAt(ra.URN, "principalId", "%s grants %s to %s, which declares no queue and role; tag it %s=<queue> and %s=%s", ra.Name, roleName(roleGUID(def)), p.Name, TagQueue, TagRole, want)
			continue
		}
		if role != want {
			f.ViolationAt(ra.URN, "roleDefinitionId", "%s grants %s to %s, which is declared %s, not %s, of queue %s; remove the assignment", ra.Name, roleName(roleGUID(def)), p.Name, role, want, queue)
		}
		names, known := scopedEntities(s, ra)
		switch {
		case !known:
			f.UnverifiedAt(ra.URN, "scope")
		case len(names) == 0:
			f.ViolationAt(ra.URN, "scope", "%s grants %s beyond one queue (scope is not a queue or topic), so %s reaches queues it is not declared for; scope it to queue %s", ra.Name, roleName(roleGUID(def)), p.Name, queue)
		case !containsFold(names, queue):
			f.ViolationAt(ra.URN, "scope", "%s grants %s on %s to %s, which is declared for queue %s only; remove the assignment or correct the declaration", ra.Name, roleName(roleGUID(def)), strings.Join(names, " / "), p.Name, queue)
		}
	}
	return f
}

// scopedEntities returns the names a role assignment's scope gives its queue
// or topic (empty when the scope is broader), and whether they are known.
func scopedEntities(s *rule.Stack, ra rule.Resource) ([]string, bool) {
	scopeID, st := props.String(ra.Properties, "scope")
	if st.Ok() {
		if m := entityRE.FindStringSubmatch(scopeID); m != nil {
			return []string{m[1]}, true
		}
		return nil, true
	}
	var names []string
	for _, q := range dependsOn(s, ra, "scope", Queue, Topic) {
		name := firstString(q, "queueName", "topicName", "name")
		if name == "" {
			return nil, false
		}
		names = append(names, name, q.Name)
	}
	return names, len(names) > 0
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
