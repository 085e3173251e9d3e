package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// category is where a resource stands in the diagram. Resources of no category (policies, aliases,
// bucket settings, role assignments, IAM members, diagnostic settings) are not drawn: they are drawn as
// the relationships they create between the resources they reference.
type category int

const (
	catNone category = iota
	catKey
	catQueue
	catAccess
	catAudit
)

// columns are the diagram's columns, left to right.
var columns = []struct {
	Cat   category
	Title string
}{
	{catKey, "Keys"},
	{catQueue, "Queues"},
	{catAccess, "Identities and network"},
	{catAudit, "Audit"},
}

// categories places each cloud's resource types. A type not listed is an attachment.
var categories = map[string]category{
	"aws:kms/key:Key":                                            catKey,
	"azure-native:keyvault:Vault":                                catKey,
	"azure-native:keyvault:Key":                                  catKey,
	"gcp:kms/keyRing:KeyRing":                                    catKey,
	"gcp:kms/cryptoKey:CryptoKey":                                catKey,
	"aws:sqs/queue:Queue":                                        catQueue,
	"azure-native:servicebus:Namespace":                          catQueue,
	"azure-native:servicebus:Queue":                              catQueue,
	"azure-native:servicebus:Topic":                              catQueue,
	"azure-native:servicebus:Subscription":                       catQueue,
	"gcp:pubsub/topic:Topic":                                     catQueue,
	"gcp:pubsub/subscription:Subscription":                       catQueue,
	"aws:iam/role:Role":                                          catAccess,
	"aws:iam/user:User":                                          catAccess,
	"aws:lambda/function:Function":                               catAccess,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                            catAccess,
	"azure-native:managedidentity:UserAssignedIdentity":          catAccess,
	"azure-native:network:PrivateEndpoint":                       catAccess,
	"gcp:serviceaccount/account:Account":                         catAccess,
	"gcp:accesscontextmanager/servicePerimeter:ServicePerimeter": catAccess,
	"aws:cloudtrail/trail:Trail":                                 catAudit,
	"aws:cloudwatch/logGroup:LogGroup":                           catAudit,
	"aws:cloudwatch/metricAlarm:MetricAlarm":                     catAudit,
	"aws:s3/bucketV2:BucketV2":                                   catAudit,
	"azure-native:operationalinsights:Workspace":                 catAudit,
	"gcp:projects/iAMAuditConfig:IAMAuditConfig":                 catAudit,
	"gcp:logging/projectBucketConfig:ProjectBucketConfig":        catAudit,
	"gcp:logging/projectSink:ProjectSink":                        catAudit,
}

// networkTypes are the access-column types that are network boundaries rather than identities.
var networkTypes = []string{
	"aws:ec2/vpcEndpoint:VpcEndpoint",
	"azure-native:network:PrivateEndpoint",
	"gcp:accesscontextmanager/servicePerimeter:ServicePerimeter",
}

// auditAttachments are attachment types that send the logs of the resource they name to an audit sink.
var auditAttachments = []string{"azure-native:insights:DiagnosticSetting"}

// Properties through which a resource relates to another.
var (
	// deadLetterProps point a queue at its dead-letter queue.
	deadLetterProps = []string{"redrivePolicy", "deadLetterPolicy", "forwardDeadLetteredMessagesTo"}
	// deliveryProps point a subscription at the topic it receives from.
	deliveryProps = []string{"topic", "topicName"}
	// containerProps point a resource at the resource that contains it.
	containerProps = []string{"namespaceName", "vaultName", "keyRing"}
	// encryptionProp matches the properties, and encryptionType the attachment types, that name an
	// encryption key.
	encryptionProp = regexp.MustCompile(`(?i)(kms|cmek|encrypt|keyVaultProperties|sse)`)
	encryptionType = regexp.MustCompile(`Encryption`)
)

// idOutputs are the outputs by which other resources name a resource, besides its own name inputs.
var idOutputs = []string{"arn", "id", "url", "email", "vaultUri", "name"}

// accessRoles are the roles an access grant (an IAM member, a role assignment) gives, by the
// components.RoleProducer or RoleConsumer they amount to.
var accessRoles = map[string]string{
	gcp.RolePublisher:                components.RoleProducer,
	gcp.RoleSubscriber:               components.RoleConsumer,
	azure.RoleServiceBusDataSender:   components.RoleProducer,
	azure.RoleServiceBusDataReceiver: components.RoleConsumer,
}

// edgeKind is what a relationship means; it decides the colour and the label.
type edgeKind int

const (
	edgeEncrypts edgeKind = iota
	edgeAccess
	edgeNetwork
	edgeDeadLetter
	edgeDelivers
	edgeContains
	edgeAudited
	edgeLogs
)

// edgeKinds describes each kind for the legend, in legend order.
var edgeKinds = []struct {
	Kind   edgeKind
	Legend string
	Colour string
}{
	{edgeEncrypts, "key encrypts", "#1f6feb"},
	{edgeAccess, "may access (sends, receives)", "#1a7f37"},
	{edgeNetwork, "network boundary of", "#9a6700"},
	{edgeDeadLetter, "dead-letters to", "#bc4c00"},
	{edgeDelivers, "delivers to", "#6e7781"},
	{edgeContains, "contains", "#8c959f"},
	{edgeAudited, "audited by", "#8250df"},
	{edgeLogs, "writes logs to", "#bf3989"},
}

func (k edgeKind) colour() string {
	for _, d := range edgeKinds {
		if d.Kind == k {
			return d.Colour
		}
	}
	return "#000000"
}

type node struct {
	ID         string
	URN        string
	Name, Type string
	Cat        category
	Result     Result
	// Role is components.RoleProducer or RoleConsumer for an identity that declares it in its tags.
	Role string
}

type edge struct {
	From, To int
	Kind     edgeKind
	Label    string
}

type diagramGroup struct {
	Name, Type string
	Nodes      []int
}

// diagram is the resources of a stack as a graph: nodes by group, edges between nodes.
type diagram struct {
	Nodes  []node
	Edges  []edge
	Groups []diagramGroup
	// Folded counts the resources drawn only as relationships.
	Folded int
}

// newDiagram derives the graph from the recorded resources: from the property dependencies the engine
// recorded and from string values that name another resource. findings colour the nodes they are about.
func newDiagram(gs []group, fs []Finding) diagram {
	var d diagram
	index := map[string]int{}
	var all []enginetest.Resource
	for _, g := range gs {
		dg := diagramGroup{Name: g.Name, Type: g.Type}
		for _, r := range g.Resources {
			all = append(all, r)
			cat := categories[r.Type]
			if cat == catNone {
				if !isProvider(r) {
					d.Folded++
				}
				continue
			}
			index[r.URN] = len(d.Nodes)
			dg.Nodes = append(dg.Nodes, len(d.Nodes))
			d.Nodes = append(d.Nodes, node{
				ID: fmt.Sprintf("n%d", len(d.Nodes)+1), URN: r.URN, Name: clean(r.Name), Type: clean(r.Type),
				Cat: cat, Result: judge(about(fs, r.URN)), Role: declaredRole(r),
			})
		}
		if len(dg.Nodes) > 0 {
			d.Groups = append(d.Groups, dg)
		}
	}
	ids := identifiers(all, index)
	for _, r := range all {
		refs := references(r, index, ids)
		if from, ok := index[r.URN]; ok {
			for _, ref := range refs {
				d.addDirect(from, ref)
			}
			continue
		}
		if isProvider(r) || isComponent(r) {
			continue
		}
		grant := grantedRole(r)
		for i, a := range refs {
			for _, b := range refs[i+1:] {
				d.addThrough(r.Type, a, b, grant)
			}
		}
	}
	d.addProjectWide(all, index)
	slices.SortFunc(d.Edges, func(a, b edge) int {
		if a.From != b.From {
			return a.From - b.From
		}
		if a.To != b.To {
			return a.To - b.To
		}
		return int(a.Kind) - int(b.Kind)
	})
	return d
}

// declaredRole reads the role an identity declares in its tags or labels.
func declaredRole(r enginetest.Resource) string {
	for _, k := range []resource.PropertyKey{"tags", "labels"} {
		v, ok := r.Inputs[k]
		if !ok || !v.IsObject() {
			continue
		}
		if role, ok := v.ObjectValue()[components.TagRole]; ok && role.IsString() {
			return role.StringValue()
		}
	}
	return ""
}

// grantedRole reads the role an access grant gives: a Pub/Sub IAM role, or the Service Bus data role a
// role assignment's definition ID ends with.
func grantedRole(r enginetest.Resource) string {
	for _, k := range []resource.PropertyKey{"role", "roleDefinitionId"} {
		v, ok := r.Inputs[k]
		if !ok || !v.IsString() {
			continue
		}
		for id, role := range accessRoles {
			if v.StringValue() == id || strings.HasSuffix(v.StringValue(), "/"+id) {
				return role
			}
		}
	}
	return ""
}

// addDirect adds the edge for resource from referencing another drawn resource.
func (d *diagram) addDirect(from int, ref reference) {
	to, prop := ref.node, ref.prop
	a, b := d.Nodes[from].Cat, d.Nodes[to].Cat
	switch {
	case (a == catQueue || a == catAudit) && b == catKey && encryptionProp.MatchString(prop):
		d.add(to, from, edgeEncrypts, "")
	case a == catAudit && b == catKey:
		d.add(to, from, edgeAudited, "")
	case a == catQueue && b == catQueue && slices.Contains(deadLetterProps, prop):
		d.add(from, to, edgeDeadLetter, "")
	case a == catQueue && b == catQueue && slices.Contains(deliveryProps, prop):
		d.add(to, from, edgeDelivers, "")
	case a == b && slices.Contains(containerProps, prop):
		d.add(to, from, edgeContains, "")
	case a == catAudit && b == catQueue:
		d.add(to, from, edgeAudited, "")
	case a == catAudit && b == catAudit:
		d.add(from, to, edgeDelivers, "")
	case a == catAccess && b == catQueue:
		d.add(from, to, d.accessKind(from), "")
	}
}

// addThrough adds the edge an attachment of type typ creates between two resources it references: a
// role policy or an IAM member between an identity and a queue, a diagnostic setting between a resource
// and a workspace, a bucket encryption setting between a key and a bucket. grant is the role the
// attachment gives, if it is an access grant.
func (d *diagram) addThrough(typ string, x, y reference, grant string) {
	for _, p := range [][2]reference{{x, y}, {y, x}} {
		from, to := p[0], p[1]
		a, b := d.Nodes[from.node].Cat, d.Nodes[to.node].Cat
		switch {
		case slices.Contains(auditAttachments, typ):
			if b == catAudit && a != catAudit {
				d.add(from.node, to.node, edgeAudited, "")
			}
		case a == catKey && b == catAudit && (encryptionType.MatchString(typ) || encryptionProp.MatchString(from.prop)):
			d.add(from.node, to.node, edgeEncrypts, "")
		case a == catAccess && b == catQueue:
			d.add(from.node, to.node, d.accessKind(from.node), grant)
		case a == catQueue && b == catAudit:
			d.add(from.node, to.node, edgeAudited, "")
		case a == catAccess && b == catAudit:
			d.add(from.node, to.node, edgeLogs, "")
		}
	}
}

func (d *diagram) accessKind(n int) edgeKind {
	if slices.Contains(networkTypes, d.Nodes[n].Type) {
		return edgeNetwork
	}
	return edgeAccess
}

// add adds an edge once; for an access edge, role says whether the identity sends or receives when the
// identity itself does not declare it.
func (d *diagram) add(from, to int, kind edgeKind, role string) {
	if from == to {
		return
	}
	if kind == edgeAccess && d.Nodes[from].Role != "" {
		role = d.Nodes[from].Role
	}
	label := edgeLabel(kind, role)
	for i, e := range d.Edges {
		if e.From == from && e.To == to && e.Kind == kind {
			if e.Label == edgeLabel(kind, "") {
				d.Edges[i].Label = label
			}
			return
		}
	}
	d.Edges = append(d.Edges, edge{From: from, To: to, Kind: kind, Label: label})
}

func edgeLabel(kind edgeKind, role string) string {
	switch kind {
	case edgeEncrypts:
		return "encrypts"
	case edgeAccess:
		switch role {
		case components.RoleProducer:
			return "sends to"
		case components.RoleConsumer:
			return "receives from"
		}
		return "may access"
	case edgeNetwork:
		return "network boundary of"
	case edgeDeadLetter:
		return "dead-letters to"
	case edgeDelivers:
		return "delivers to"
	case edgeContains:
		return "contains"
	case edgeAudited:
		return "audited by"
	default:
		return "writes logs to"
	}
}

// gcpAPIs maps the module of a Google Cloud type to the API that serves it.
var gcpAPIs = map[string]string{"pubsub": "pubsub.googleapis.com", "kms": "cloudkms.googleapis.com"}

// addProjectWide adds the relationships of Google Cloud's project-wide controls, which name an API rather
// than a resource: an audit config audits every queue its service serves in its project, and a service
// perimeter that restricts that service is the network boundary of every queue.
func (d *diagram) addProjectWide(rs []enginetest.Resource, index map[string]int) {
	for _, ctl := range rs {
		c, ok := index[ctl.URN]
		if !ok {
			continue
		}
		var services []string
		switch ctl.Type {
		case "gcp:projects/iAMAuditConfig:IAMAuditConfig":
			services = stringsIn(ctl.Inputs["service"])
		case "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter":
			if st := ctl.Inputs["status"]; st.IsObject() {
				services = stringsIn(st.ObjectValue()["restrictedServices"])
			}
		default:
			continue
		}
		for _, q := range rs {
			n, ok := index[q.URN]
			if !ok || d.Nodes[n].Cat != catQueue || !strings.HasPrefix(q.Type, "gcp:") {
				continue
			}
			module, _, _ := strings.Cut(strings.Split(q.Type, ":")[1], "/")
			served := slices.Contains(services, gcpAPIs[module]) || slices.Contains(services, "allServices")
			if !served {
				continue
			}
			if d.Nodes[c].Cat == catAudit && sameProject(ctl, q) {
				d.add(n, c, edgeAudited, "")
			} else if d.Nodes[c].Cat == catAccess {
				d.add(c, n, edgeNetwork, "")
			}
		}
	}
}

// sameProject reports whether two Google Cloud resources name the same project, or either leaves it to
// the provider.
func sameProject(a, b enginetest.Resource) bool {
	pa, pb := stringsIn(a.Inputs["project"]), stringsIn(b.Inputs["project"])
	return len(pa) == 0 || len(pb) == 0 || pa[0] == pb[0]
}
