package providers

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AWSConfig is the pciqueue:aws stack config object.
type AWSConfig struct {
	// Region the stack deploys to, e.g. eu-west-1.
	Region string `json:"region"`
	// AllowedAccountIDs pins the stack to these accounts: credentials for any other account fail the deployment.
	AllowedAccountIDs []string `json:"allowedAccountIds"`
	// DefaultTags are applied by the provider to every resource that supports tags.
	DefaultTags map[string]string `json:"defaultTags,omitempty"`
	// ExistingTrailArn and OrganizationRecordsManagementEvents configure the stack's audit controls
	// (components/aws.AuditControlsArgs), which the stack creates once for all its queues.
	ExistingTrailArn                    string `json:"existingTrailArn,omitempty"`
	OrganizationRecordsManagementEvents bool   `json:"organizationRecordsManagementEvents,omitempty"`
}

var (
	awsRegionPattern  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$`)
	awsAccountPattern = regexp.MustCompile(`^\d{12}$`)
)

// Validate checks the AWS config, naming the key of each problem.
func (c AWSConfig) Validate() error {
	if err := checkNoCardNumber("aws.defaultTags", c.DefaultTags); err != nil {
		return err
	}
	if !awsRegionPattern.MatchString(c.Region) {
		return fmt.Errorf("config pciqueue:aws.region = %q is not an AWS region: use a region code such as eu-west-1", c.Region)
	}
	if len(c.AllowedAccountIDs) == 0 {
		return fmt.Errorf("config pciqueue:aws.allowedAccountIds is required: list the 12-digit account IDs this stack may deploy to, so credentials for another account cannot change the cardholder-data environment")
	}
	for i, id := range c.AllowedAccountIDs {
		if !awsAccountPattern.MatchString(id) {
			return fmt.Errorf("config pciqueue:aws.allowedAccountIds[%d] = %q is not an AWS account ID: use 12 digits", i, id)
		}
	}
	return nil
}

// LoadAWSConfig reads and validates pciqueue:aws.
func LoadAWSConfig(ctx *pulumi.Context) (AWSConfig, error) {
	var c AWSConfig
	if err := readObject(ctx, "aws", &c); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// NewAWS builds the explicit AWS provider every pciqueue resource of the stack uses.
func NewAWS(ctx *pulumi.Context, name string, c AWSConfig, opts ...pulumi.ResourceOption) (*aws.Provider, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	args := &aws.ProviderArgs{
		Region:            pulumi.String(c.Region),
		AllowedAccountIds: pulumi.ToStringArray(c.AllowedAccountIDs),
	}
	if len(c.DefaultTags) > 0 {
		args.DefaultTags = &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(c.DefaultTags)}
	}
	p, err := aws.NewProvider(ctx, name, args, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating AWS provider %q: %w", name, err)
	}
	return p, nil
}
