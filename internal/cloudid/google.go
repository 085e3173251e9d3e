package cloudid

import (
	"fmt"
	"strings"
)

// GoogleKind is a kind of Google Cloud resource name: its collections in order, each with the rule its IDs
// follow.
type GoogleKind struct {
	collections []googleCollection
}

type googleCollection struct {
	name  string
	valid func(string) bool
}

// The kinds pciqueue accepts from users or compares.
var (
	CryptoKey = googleKind(
		googleCollection{"projects", projectID}, googleCollection{"locations", location},
		googleCollection{"keyRings", resourceID}, googleCollection{"cryptoKeys", resourceID})
	CryptoKeyVersion = googleKind(append(CryptoKey.collections, googleCollection{"cryptoKeyVersions", numeric})...)
	// NotificationChannel is a Cloud Monitoring notification channel.
	NotificationChannel = googleKind(googleCollection{"projects", projectID}, googleCollection{"notificationChannels", numeric})
	AccessPolicy        = googleKind(googleCollection{"accessPolicies", numeric})
	ServicePerimeter    = googleKind(googleCollection{"accessPolicies", numeric}, googleCollection{"servicePerimeters", policyObjectID})
	AccessLevel         = googleKind(googleCollection{"accessPolicies", numeric}, googleCollection{"accessLevels", policyObjectID})
)

func googleKind(cs ...googleCollection) GoogleKind { return GoogleKind{collections: cs} }

// Form is the name's shape for error messages: projects/<projects>/locations/<locations>/...
func (k GoogleKind) Form() string {
	var b strings.Builder
	for i, c := range k.collections {
		if i > 0 {
			b.WriteString("/")
		}
		fmt.Fprintf(&b, "%s/<%s>", c.name, strings.TrimSuffix(c.name, "s"))
	}
	return b.String()
}

// GoogleName is a parsed resource name.
type GoogleName struct {
	// IDs are the IDs of the name's collections in order: for a crypto key, the project, the location, the
	// key ring and the key.
	IDs []string
}

// ParseGoogleName parses s as a resource name of the given kind.
func ParseGoogleName(s string, kind GoogleKind) (GoogleName, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 2*len(kind.collections) {
		return GoogleName{}, fmt.Errorf("parsing Google Cloud resource name %q: it has %d segments; want %s", s, len(parts), kind.Form())
	}
	n := GoogleName{IDs: make([]string, len(kind.collections))}
	for i, c := range kind.collections {
		coll, id := parts[2*i], parts[2*i+1]
		if coll != c.name {
			return GoogleName{}, fmt.Errorf("parsing Google Cloud resource name %q: segment %q is not %q; want %s", s, coll, c.name, kind.Form())
		}
		if !c.valid(id) {
			return GoogleName{}, fmt.Errorf("parsing Google Cloud resource name %q: %q is not a valid ID in %s; want %s", s, id, c.name, kind.Form())
		}
		n.IDs[i] = id
	}
	return n, nil
}

// projectID: 6–30 lower-case letters, digits and hyphens, starting with a letter and not ending with a
// hyphen, optionally after a domain and a colon (example.com:my-project).
func projectID(s string) bool {
	if domain, id, ok := strings.Cut(s, ":"); ok {
		return domain != "" && chars(domain, ".-") && domain == strings.ToLower(domain) && projectID(id)
	}
	return len(s) >= 6 && len(s) <= 30 && lowerStart(s) && chars(s, "-") && s == strings.ToLower(s) && !strings.HasSuffix(s, "-")
}

// location: a region or zone name, or "global".
func location(s string) bool { return s != "" && chars(s, "-") && s == strings.ToLower(s) }

// resourceID: 1–63 letters, digits, underscores and hyphens (key rings, crypto keys).
func resourceID(s string) bool { return s != "" && len(s) <= 63 && chars(s, "_-") }

// numeric: a non-empty run of digits (access policies, notification channels, key versions).
func numeric(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// policyObjectID: perimeters and access levels, a letter then letters, digits and underscores.
func policyObjectID(s string) bool {
	return s != "" && ('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z') && chars(s, "_")
}

func lowerStart(s string) bool { return s != "" && 'a' <= s[0] && s[0] <= 'z' }

// Matches reports whether s is an identifier of this kind (see ParseGoogleName).
func (k GoogleKind) Matches(s string) bool {
	_, err := ParseGoogleName(s, k)
	return err == nil
}
