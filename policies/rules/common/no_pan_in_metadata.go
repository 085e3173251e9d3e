package common

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// NoPANInMetadata forbids card numbers in resource metadata, which clouds
// store and display in clear. What a card number is comes from
// internal/cardnum, which the components and the functions use too; the rule
// only adds the exemption that depends on where a value sits (withoutPathIDs). It judges every resource of the three clouds,
// not only the types the pack knows: a description is metadata on any type
// (an Azure role assignment, a service account, a log group).
var NoPANInMetadata = rule.Rule{
	Name:        "pci-3.5.1-no-pan-in-metadata",
	Requirement: "3.5.1",
	Description: "No value that looks like a card number (13-19 digits passing the Luhn check, in any form: grouped by spaces, dashes, dots, underscores, slashes or no-break spaces, in full-width digits, glued to letters) appears in any resource's logical name, name, description or displayName, in its tags or labels, or in a function's environment variables: cloud control planes store and show these in clear. Fix: remove the number; pass cardholder data only through the encrypted message path, and reference secrets by name.",
	Types:       metadataTypes(),
	EveryType:   true,
	Check:       checkNoPAN,
}

// textProps are the free-text properties every type may carry.
var textProps = []string{"name", "description", "displayName"}

// resourcePath matches a name that is a cloud resource path, in which the
// provider may place a server-assigned numeric id as a whole segment
// (projects/p/alertPolicies/<19 digits>).
var resourcePath = regexp.MustCompile(`^(projects|organizations|folders|billingAccounts)/|^/subscriptions/|^arn:`)

// withoutPathIDs blanks the all-digit segments of a resource path: they are
// ids the cloud assigned, not text someone wrote. Any other value is returned
// unchanged, so a number written into a name is still judged.
func withoutPathIDs(v string) string {
	if !resourcePath.MatchString(v) {
		return v
	}
	var b strings.Builder
	seg := 0 // start of the current segment
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] != '/' && v[i] != ':' {
			continue
		}
		if i > seg && strings.Trim(v[seg:i], "0123456789") == "" {
			b.WriteByte('#')
		} else {
			b.WriteString(v[seg:i])
		}
		if i < len(v) {
			b.WriteByte(v[i])
		}
		seg = i + 1
	}
	return b.String()
}

// envPaths are where function types keep environment variables.
var envPaths = map[string]string{
	"aws:lambda/function:Function": "environment.variables",
}

func metadataTypes() []string {
	t := scope.TaggableTypes()
	for typ := range envPaths {
		if !slices.Contains(t, typ) {
			t = append(t, typ)
		}
	}
	slices.Sort(t)
	return t
}

func checkNoPAN(r rule.Resource, _ rule.Config) (f rule.Findings) {
	flag := func(path, value string) {
		found := cardnum.Find(value)
		if len(found) == 0 {
			return
		}
		masked := make([]string, len(found))
		for i, m := range found {
			masked[i] = cardnum.Mask(m.Digits)
		}
		f.Violation(path, "%s holds a value that looks like a card number (%s); remove it", path, strings.Join(masked, ", "))
	}
	flag("name (resource name)", r.Name)
	for _, p := range textProps {
		if v, st := props.String(r.Properties, p); st.Ok() {
			if p == "name" {
				v = withoutPathIDs(v)
			}
			flag(p, v)
		}
	}
	tags, _ := scope.Tags(r.Type, r.Properties, r.Provider.Properties)
	path := "tags"
	if r.Cloud() == rule.GCP {
		path = "labels"
	}
	for _, k := range sortedKeys(tags) {
		flag(path+" key", k)
		flag(path+"."+k, tags[k])
	}
	if envPath, ok := envPaths[r.Type]; ok {
		vars, st := props.StringMap(r.Properties, envPath)
		if st == props.Unknown {
			f.Unverified(envPath)
		}
		for _, k := range sortedKeys(vars) {
			flag(envPath+"."+k, vars[k])
		}
	}
	return f
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
