package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/recording"
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

// Properties through which a queue or a key relates to another of its kind.
var (
	// deadLetterProps point a queue at its dead-letter queue.
	deadLetterProps = []string{"redrivePolicy", "deadLetterPolicy", "forwardDeadLetteredMessagesTo"}
	// deliveryProps point a subscription at the topic it receives from.
	deliveryProps = []string{"topic", "topicName"}
	// containerProps point a resource at the resource that contains it.
	containerProps = []string{"namespaceName", "vaultName", "keyRing"}
)

// nameKeys and idOutputs are the values by which other resources name a resource.
var (
	nameKeys  = []string{"name", "queueName", "namespaceName", "vaultName", "keyName", "workspaceName", "accountId", "bucket"}
	idOutputs = []string{"arn", "id", "url", "email", "vaultUri", "name"}
)

// edgeKind is what a relationship means; it decides the colour and the label.
type edgeKind int

const (
	edgeEncrypts edgeKind = iota
	edgeAccess
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
	// Role is components.RoleProducer or RoleConsumer for an identity that declares it.
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

// newDiagram derives the graph from the recorded resources: property dependencies first, then string
// values that name another resource. findings colour the nodes they are about.
func newDiagram(gs []group, fs []Finding) diagram {
	var d diagram
	index := map[string]int{}
	var all []recording.Resource
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
				d.addDirect(from, ref.node, ref.prop)
			}
			continue
		}
		if isProvider(r) || isComponent(r) {
			continue
		}
		for i, a := range refs {
			for _, b := range refs[i+1:] {
				d.addThrough(a.node, b.node)
			}
		}
	}
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
func declaredRole(r recording.Resource) string {
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

// addDirect adds the edge for resource from referencing resource to through property prop.
func (d *diagram) addDirect(from, to int, prop string) {
	if from == to {
		return
	}
	a, b := d.Nodes[from].Cat, d.Nodes[to].Cat
	switch {
	case (a == catQueue || a == catAudit) && b == catKey:
		d.add(to, from, edgeEncrypts)
	case a == catQueue && b == catQueue && slices.Contains(deadLetterProps, prop):
		d.add(from, to, edgeDeadLetter)
	case a == catQueue && b == catQueue && slices.Contains(deliveryProps, prop):
		d.add(to, from, edgeDelivers)
	case a == b && slices.Contains(containerProps, prop):
		d.add(to, from, edgeContains)
	case a == catAudit && b == catQueue:
		d.add(to, from, edgeAudited)
	case a == catAudit && b == catAudit:
		d.add(from, to, edgeDelivers)
	case a == catAccess && b == catQueue:
		d.add(from, to, edgeAccess)
	}
}

// addThrough adds the edge an attachment creates between two resources it references: a role policy
// between a role and a queue, a diagnostic setting between a namespace and a workspace, a bucket
// encryption setting between a key and a bucket.
func (d *diagram) addThrough(x, y int) {
	for _, p := range [][2]int{{x, y}, {y, x}} {
		a, b := d.Nodes[p[0]].Cat, d.Nodes[p[1]].Cat
		switch {
		case a == catKey && b == catAudit:
			d.add(p[0], p[1], edgeEncrypts)
		case a == catAccess && b == catQueue:
			d.add(p[0], p[1], edgeAccess)
		case a == catQueue && b == catAudit:
			d.add(p[0], p[1], edgeAudited)
		case a == catAccess && b == catAudit:
			d.add(p[0], p[1], edgeLogs)
		}
	}
}

func (d *diagram) add(from, to int, kind edgeKind) {
	if from == to {
		return
	}
	for _, e := range d.Edges {
		if e.From == from && e.To == to && e.Kind == kind {
			return
		}
	}
	d.Edges = append(d.Edges, edge{From: from, To: to, Kind: kind, Label: d.label(from, kind)})
}

func (d *diagram) label(from int, kind edgeKind) string {
	switch kind {
	case edgeEncrypts:
		return "encrypts"
	case edgeAccess:
		switch d.Nodes[from].Role {
		case components.RoleProducer:
			return "sends to"
		case components.RoleConsumer:
			return "receives from"
		}
		return "may access"
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

type reference struct {
	node int
	prop string
}

// identifiers maps each drawn resource to the strings by which others may name it.
func identifiers(rs []recording.Resource, index map[string]int) map[int][]string {
	out := map[int][]string{}
	for _, r := range rs {
		n, ok := index[r.URN]
		if !ok {
			continue
		}
		var ids []string
		add := func(m resource.PropertyMap, keys []string) {
			for _, k := range keys {
				if v, ok := m[resource.PropertyKey(k)]; ok && v.IsString() && len(v.StringValue()) >= 4 && !slices.Contains(ids, v.StringValue()) {
					ids = append(ids, v.StringValue())
				}
			}
		}
		add(r.Inputs, nameKeys)
		add(r.Outputs, idOutputs)
		out[n] = ids
	}
	return out
}

// references lists the drawn resources r's inputs came from or name, with the top-level input that does.
func references(r recording.Resource, index map[string]int, ids map[int][]string) []reference {
	var out []reference
	add := func(n int, prop string) {
		if !slices.ContainsFunc(out, func(x reference) bool { return x.node == n && x.prop == prop }) {
			out = append(out, reference{n, prop})
		}
	}
	for _, prop := range sortedKeys(r.PropertyDependencies) {
		for _, urn := range r.PropertyDependencies[prop] {
			if n, ok := index[urn]; ok && urn != r.URN {
				add(n, prop)
			}
		}
	}
	self, drawn := index[r.URN]
	for _, k := range r.Inputs.StableKeys() {
		prop := string(k)
		if prop == "tags" || prop == "labels" || strings.Contains(strings.ToLower(prop), "description") {
			continue
		}
		for _, s := range stringsIn(r.Inputs[k]) {
			for n := range len(index) {
				if drawn && n == self {
					continue
				}
				for _, id := range ids[n] {
					if names(s, id) {
						add(n, prop)
						break
					}
				}
			}
		}
	}
	return out
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stringsIn returns every known, non-secret string inside v.
func stringsIn(v resource.PropertyValue) []string {
	switch {
	case v.IsSecret(), v.IsComputed():
		return nil
	case v.IsOutput():
		if o := v.OutputValue(); o.Known && !o.Secret {
			return stringsIn(o.Element)
		}
		return nil
	case v.IsString():
		return []string{v.StringValue()}
	case v.IsArray():
		var out []string
		for _, e := range v.ArrayValue() {
			out = append(out, stringsIn(e)...)
		}
		return out
	case v.IsObject():
		var out []string
		obj := v.ObjectValue()
		for _, k := range obj.StableKeys() {
			out = append(out, stringsIn(obj[k])...)
		}
		return out
	}
	return nil
}

// names reports whether s names id: s is id, or contains it between characters that cannot be part of a
// name (so "aws-dev-refunds-dlq" does not name "aws-dev-refunds", but an ARN ending in ":aws-dev-refunds"
// does).
func names(s, id string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], id)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(id)
		if (start == 0 || !nameChar(s[start-1])) && (end == len(s) || !nameChar(s[end])) {
			return true
		}
		from = start + 1
	}
}

func nameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
