package aws

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// The account and region of the offline world: the committed aws-dev stack deploys there, so that what the
// offline preview prints matches what a real account would show.
const (
	OfflineAccount = "123456789012"
	OfflineRegion  = "eu-west-1"
)

func init() { enginetest.Register("aws:", offlineWorld{}) }

// offlineWorld answers for the AWS provider in the offline preview and the tests: ARNs and URLs in one
// account and region, and the caller identity, region and partition functions.
type offlineWorld struct{}

func (offlineWorld) Outputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	arn := func(service, res string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, OfflineRegion, OfflineAccount, res)
	}
	switch typ {
	case "aws:kms/key:Key":
		id := "mrk-" + name
		return enginetest.Props("id", id, "keyId", id, "arn", arn("kms", "key/"+id))
	case "aws:kms/alias:Alias":
		return enginetest.Props("arn", arn("kms", name))
	case "aws:sqs/queue:Queue":
		url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", OfflineRegion, OfflineAccount, name)
		return enginetest.Props("id", url, "url", url, "arn", arn("sqs", name))
	case "aws:iam/role:Role":
		return enginetest.Props("arn", fmt.Sprintf("arn:aws:iam::%s:role/%s", OfflineAccount, name), "uniqueId", "AROA"+name)
	case "aws:iam/policy:Policy":
		return enginetest.Props("arn", fmt.Sprintf("arn:aws:iam::%s:policy/%s", OfflineAccount, name))
	case "aws:cloudwatch/logGroup:LogGroup":
		return enginetest.Props("arn", arn("logs", "log-group:"+name))
	case "aws:cloudwatch/metricAlarm:MetricAlarm":
		return enginetest.Props("arn", arn("cloudwatch", "alarm:"+name))
	case "aws:cloudtrail/trail:Trail":
		return enginetest.Props("arn", arn("cloudtrail", "trail/"+name))
	case "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket":
		return enginetest.Props("id", name, "bucket", name, "arn", "arn:aws:s3:::"+name)
	case "aws:sns/topic:Topic":
		return enginetest.Props("arn", arn("sns", name))
	case "aws:lambda/function:Function":
		return enginetest.Props("arn", arn("lambda", "function:"+name))
	}
	return resource.PropertyMap{}
}

func (offlineWorld) Invoke(token string, _ resource.PropertyMap) (resource.PropertyMap, error) {
	switch token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return enginetest.Props("id", OfflineAccount, "accountId", OfflineAccount,
			"arn", fmt.Sprintf("arn:aws:iam::%s:user/pciqueue-preview", OfflineAccount), "userId", "AIDAPREVIEW"), nil
	case "aws:index/getRegion:getRegion":
		return enginetest.Props("id", OfflineRegion, "name", OfflineRegion, "endpoint", "ec2."+OfflineRegion+".amazonaws.com"), nil
	case "aws:index/getPartition:getPartition":
		return enginetest.Props("id", "aws", "partition", "aws", "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws"), nil
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this AWS function", token)
}
