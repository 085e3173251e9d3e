package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// AuditLogBucket requires the audit logs to land in a bucket kept a year.
var AuditLogBucket = rule.Rule{
	Name:        "pci-10.5.1-gcp-audit-log-bucket",
	Requirement: "10.5.1",
	Description: "The audit logs of every Pub/Sub topic in scope are kept a year: its project has a log bucket (logging.ProjectBucketConfig) of the stack with retentionDays of at least 365 that receives audit logs, either the _Default bucket (where Data Access logs go, kept 30 days unless changed) or a bucket that an enabled logging.ProjectSink with a filter on cloudaudit.googleapis.com (or no filter) writes to. Fix: create a bucket with retentionDays 365 and a ProjectSink {destination: logging.googleapis.com/projects/<project>/locations/<region>/buckets/<bucket>, filter: logName:\"cloudaudit.googleapis.com\"}.",
	Types:       []string{Topic, LogBucket, LogSink},
	CheckStack:  checkAuditLogBucket,
}

func checkAuditLogBucket(st *rule.Stack, _ rule.Config) (f rule.Findings) {
	s := newGraph(st)
	buckets := auditBuckets(s)
	for _, t := range s.OfType(Topic) {
		if !s.InScope(t) {
			continue
		}
		project, pst := projectOf(t)
		kept, unknown := false, false
		for _, b := range buckets {
			if pst.Ok() && b.projectStatus.Ok() && b.project != project {
				continue
			}
			if b.retentionUnknown {
				unknown = true
				continue
			}
			receives, u := b.receives(t)
			unknown = unknown || u || (receives && (!pst.Ok() || !b.projectStatus.Ok()))
			kept = kept || (receives && pst.Ok() && b.projectStatus.Ok())
		}
		switch {
		case kept:
		case unknown:
			f.UnverifiedAt(t.URN, "auditLogBucket")
		default:
			f.ViolationAt(t.URN, "", "no log bucket of this stack keeps the audit logs of topic %s's project for 365 days; create one and route cloudaudit.googleapis.com logs to it with a ProjectSink", t.Name)
		}
	}
	return f
}

// auditBucket is a log bucket that keeps logs 365 days (or may, when its
// retention is computed) and the sinks that route to it.
type auditBucket struct {
	project          string
	projectStatus    props.Status
	retentionUnknown bool
	isDefault        bool
	// filters are the filters of the enabled sinks writing to the bucket.
	filters []string
	// unknown is true when a sink's destination or filter, or the bucket id,
	// is computed.
	unknown bool
}

// auditBuckets returns the stack's log buckets that keep logs a year, with
// the sinks routing to them.
func auditBuckets(s *graph) []auditBucket {
	limit, _ := rule.NewConfig(LogBucketRetention, nil)
	var out []auditBucket
	for _, b := range s.OfType(LogBucket) {
		fs := checkLogBucketRetention(b, limit)
		if fs.Has(rule.Violation) {
			continue
		}
		ab := auditBucket{retentionUnknown: fs.Has(rule.Unverified)}
		ab.project, ab.projectStatus = projectOf(b)
		id, st := props.String(b.Properties, "bucketId")
		ab.isDefault = id == "_Default"
		ab.unknown = st == props.Unknown
		for _, sink := range s.OfType(LogSink) {
			if off, st := props.Bool(sink.Properties, "disabled"); st.Ok() && off {
				continue
			}
			dest, dst := props.String(sink.Properties, "destination")
			to := hasURN(dependsOn(s, sink, "destination", LogBucket), b.URN) ||
				(dst.Ok() && id != "" && strings.HasSuffix(strings.TrimSpace(dest), "/buckets/"+id))
			if !to {
				ab.unknown = ab.unknown || (dst == props.Unknown && len(dependsOn(s, sink, "destination")) == 0)
				continue
			}
			filter, fst := props.String(sink.Properties, "filter")
			if fst == props.Unknown {
				ab.unknown = true
				continue
			}
			ab.filters = append(ab.filters, filter)
		}
		out = append(out, ab)
	}
	return out
}

// receives reports whether topic t's audit logs reach the bucket: it is the
// _Default bucket, or an enabled sink writes to it whose filter is empty or
// selects Cloud Audit Logs and, when it names resources, names t.
func (b auditBucket) receives(t rule.Resource) (yes, unknown bool) {
	if b.isDefault {
		return true, false
	}
	for _, filter := range b.filters {
		if strings.TrimSpace(filter) == "" || (strings.Contains(filter, "cloudaudit.googleapis.com") && namesTopic(filter, t)) {
			return true, false
		}
	}
	return false, b.unknown
}

// namesTopic reports whether a sink filter selects topic t's entries: it
// names no resource, or it names the topic.
func namesTopic(filter string, t rule.Resource) bool {
	if !strings.Contains(filter, "resourceName") {
		return true
	}
	name := firstString(t, "name")
	return name != "" && strings.Contains(filter, "topics/"+name[strings.LastIndex(name, "/")+1:]+`"`)
}
