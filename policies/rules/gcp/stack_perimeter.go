package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// ProjectInPerimeter requires the projects hosting the queue to sit inside a
// VPC Service Controls perimeter.
var ProjectInPerimeter = rule.Rule{
	Name:        "pci-1.3.1-pubsub-perimeter",
	Requirement: "1.3.1",
	Description: "The project of every Pub/Sub topic in scope is inside a VPC Service Controls perimeter: listed as projects/<number> in the status.resources of a ServicePerimeter of the stack that restricts pubsub.googleapis.com and cloudkms.googleapis.com (and passes pci-1.3.1-gcp-vpc-sc-perimeter), or attached with a ServicePerimeterResource. A perimeter managed outside the stack is trusted to be compliant once the project is attached to it. The project number is taken from an organizations.Project, a Pub/Sub ServiceIdentity, or the Pub/Sub service agent granted the topic's key. Fix: add the project to the perimeter's status.resources, or attach it with a ServicePerimeterResource {perimeterName, resource: projects/<number>}.",
	Types:       []string{Topic, ServicePerimeter, ServicePerimeterResource},
	CheckStack:  checkProjectInPerimeter,
}

// members are the resources ("projects/<number>") perimeters enclose.
type members struct {
	values  []string
	unknown bool
	any     bool
}

func perimeterMembers(s *graph) members {
	var m members
	compliant := map[string]bool{}
	for _, p := range s.OfType(ServicePerimeter) {
		var f rule.Findings
		judgePerimeter(&f, p.URN, p.Properties, []string{servicePubSub, serviceKMS})
		ok := len(f) == 0
		compliant[p.URN] = ok
		m.unknown = m.unknown || (f.Has(rule.Unverified) && !f.Has(rule.Violation))
		if !ok {
			continue
		}
		m.any = true
		list, st := props.Strings(p.Properties, "status.resources")
		m.unknown = m.unknown || st == props.Unknown
		m.values = append(m.values, list...)
	}
	for _, a := range s.OfType(ServicePerimeterResource) {
		target := resolve(s, a, "perimeterName", "perimeterName", ServicePerimeter)
		inStackOK := len(target.targets) == 0
		for _, t := range target.targets {
			inStackOK = inStackOK || compliant[t.URN]
		}
		if !inStackOK {
			continue
		}
		m.any = true
		v, st := props.String(a.Properties, "resource")
		m.unknown = m.unknown || st == props.Unknown
		if st.Ok() {
			m.values = append(m.values, v)
		}
	}
	return m
}

// projectNumbers returns the numbers the stack shows for project id, and
// whether a source is still computed.
func projectNumbers(s *graph, id string, topic rule.Resource) (nums []string, unknown bool) {
	add := func(n string, st props.Status) {
		unknown = unknown || st == props.Unknown
		if st.Ok() && n != "" {
			nums = append(nums, n)
		}
	}
	for _, p := range s.OfType(Project) {
		if pid, _ := props.String(p.Properties, "projectId"); pid == id {
			add(props.String(p.Properties, "number"))
		}
	}
	for _, si := range s.OfType(ServiceIdentity) {
		pid, _ := projectOf(si)
		svc, _ := props.String(si.Properties, "service")
		if pid == id && svc == servicePubSub {
			m, st := props.String(si.Properties, "member")
			if n := serviceAgentNumber(m); n != "" || !st.Ok() {
				add(n, st)
			}
		}
	}
	// The service agent that encrypts a topic's messages is its project's.
	for _, key := range topicKey(s, topic).targets {
		n, u := s.serviceAgentNumbers(key)
		nums, unknown = append(nums, n...), unknown || u
	}
	return nums, unknown
}

func checkProjectInPerimeter(st *rule.Stack, _ rule.Config) (f rule.Findings) {
	s := newGraph(st)
	m := perimeterMembers(s)
	for _, t := range s.OfType(Topic) {
		if !s.InScope(t) {
			continue
		}
		id, st := projectOf(t)
		if st == props.Unknown {
			f.UnverifiedAt(t.URN, "project")
			continue
		}
		nums, unknown := projectNumbers(s, id, t)
		enclosed := false
		for _, v := range m.values {
			v = strings.TrimSpace(v)
			for _, n := range nums {
				enclosed = enclosed || v == "projects/"+n
			}
			enclosed = enclosed || (id != "" && v == "projects/"+id)
		}
		switch {
		case enclosed:
		case m.unknown || (unknown && m.any):
			f.UnverifiedAt(t.URN, "project")
		case !m.any:
			f.ViolationAt(t.URN, "project", "no VPC Service Controls perimeter of this stack restricting pubsub.googleapis.com and cloudkms.googleapis.com encloses topic %s's project, and the project is attached to none; create one or attach the project with a ServicePerimeterResource", t.Name)
		case len(nums) == 0:
			f.ViolationAt(t.URN, "project", "the number of topic %s's project %q cannot be found in the stack, so its perimeter membership cannot be shown; add the project's Pub/Sub ServiceIdentity or organizations.Project", t.Name, id)
		default:
			f.ViolationAt(t.URN, "project", "topic %s's project (projects/%s) is not in any compliant perimeter of this stack; add it to status.resources or attach it with a ServicePerimeterResource", t.Name, strings.Join(nums, ", projects/"))
		}
	}
	return f
}
