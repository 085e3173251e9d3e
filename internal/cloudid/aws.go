package cloudid

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// AWSKind is a kind of AWS resource as its ARN shows it.
type AWSKind struct {
	// Service is the ARN's service ("kms").
	Service string
	// ResourceType is what the resource part starts with before "/" ("key"); empty where the resource part is
	// the bare name (SNS topics).
	ResourceType string
	// Global is true for services whose ARNs carry no region (IAM).
	Global bool
	// IDChars are the characters the ID may hold besides ASCII letters and digits.
	IDChars string
	// Form is the ARN's shape for error messages.
	Form string
}

// The kinds pciqueue accepts from users.
var (
	KMSKey          = AWSKind{Service: "kms", ResourceType: "key", IDChars: "-", Form: "arn:aws:kms:<region>:<account>:key/<key-id>"}
	CloudTrailTrail = AWSKind{Service: "cloudtrail", ResourceType: "trail", IDChars: "._-", Form: "arn:aws:cloudtrail:<region>:<account>:trail/<name>"}
	IAMRole         = AWSKind{Service: "iam", ResourceType: "role", Global: true, IDChars: "+=,.@_/-", Form: "arn:aws:iam::<account>:role/<name>"}
	// SNSTopic allows "." for the ".fifo" suffix of FIFO topics.
	SNSTopic = AWSKind{Service: "sns", IDChars: "._-", Form: "arn:aws:sns:<region>:<account>:<topic>"}
)

// AWSResource is an ARN of a known kind.
type AWSResource struct {
	arn.ARN
	// ID is the resource part after the resource type: the key ID, the trail name, the role's path and name,
	// the topic name.
	ID string
}

// ParseARN parses s as an ARN of the given kind.
func ParseARN(s string, kind AWSKind) (AWSResource, error) {
	fail := func(why string) (AWSResource, error) {
		return AWSResource{}, fmt.Errorf("parsing ARN %q: %s; want %s", s, why, kind.Form)
	}
	a, err := arn.Parse(s)
	if err != nil {
		return fail("it is not an ARN")
	}
	switch {
	case a.Partition != "aws" && !strings.HasPrefix(a.Partition, "aws-"):
		return fail(fmt.Sprintf("partition %q is not an AWS partition", a.Partition))
	case a.Service != kind.Service:
		return fail(fmt.Sprintf("service %q is not %s", a.Service, kind.Service))
	case kind.Global && a.Region != "":
		return fail(fmt.Sprintf("%s ARNs carry no region, it has %q", kind.Service, a.Region))
	case !kind.Global && !region(a.Region):
		return fail(fmt.Sprintf("region %q is not a region name", a.Region))
	case !digits(a.AccountID, 12):
		return fail(fmt.Sprintf("account %q is not 12 digits", a.AccountID))
	}
	id := a.Resource
	if kind.ResourceType != "" {
		var ok bool
		if id, ok = strings.CutPrefix(a.Resource, kind.ResourceType+"/"); !ok {
			return fail(fmt.Sprintf("resource %q is not a %s", a.Resource, kind.ResourceType))
		}
	}
	if id == "" || !chars(id, kind.IDChars) {
		return fail(fmt.Sprintf("resource ID %q is empty or holds characters other than letters, digits and %s", id, kind.IDChars))
	}
	return AWSResource{ARN: a, ID: id}, nil
}

// region reports whether s looks like an AWS region name (eu-west-1, us-gov-east-1).
func region(s string) bool {
	return s != "" && chars(s, "-") && s == strings.ToLower(s) && !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-")
}

// digits reports whether s is exactly n ASCII digits.
func digits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

// chars reports whether s holds only ASCII letters, digits and the extra characters.
func chars(s, extra string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}

// Matches reports whether s is an identifier of this kind (see ParseARN).
func (k AWSKind) Matches(s string) bool {
	_, err := ParseARN(s, k)
	return err == nil
}
