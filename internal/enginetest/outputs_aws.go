package enginetest

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func awsOutputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	arn := func(service, res string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, AWSRegion, AWSAccount, res)
	}
	switch typ {
	case "aws:kms/key:Key":
		id := "mrk-" + name
		return props("id", id, "keyId", id, "arn", arn("kms", "key/"+id))
	case "aws:kms/alias:Alias":
		return props("arn", arn("kms", name))
	case "aws:sqs/queue:Queue":
		url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", AWSRegion, AWSAccount, name)
		return props("id", url, "url", url, "arn", arn("sqs", name))
	case "aws:iam/role:Role":
		return props("arn", fmt.Sprintf("arn:aws:iam::%s:role/%s", AWSAccount, name), "uniqueId", "AROA"+name)
	case "aws:iam/policy:Policy":
		return props("arn", fmt.Sprintf("arn:aws:iam::%s:policy/%s", AWSAccount, name))
	case "aws:cloudwatch/logGroup:LogGroup":
		return props("arn", arn("logs", "log-group:"+name))
	case "aws:cloudwatch/metricAlarm:MetricAlarm":
		return props("arn", arn("cloudwatch", "alarm:"+name))
	case "aws:cloudtrail/trail:Trail":
		return props("arn", arn("cloudtrail", "trail/"+name))
	case "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket":
		return props("id", name, "bucket", name, "arn", "arn:aws:s3:::"+name)
	case "aws:sns/topic:Topic":
		return props("arn", arn("sns", name))
	case "aws:ec2/vpc:Vpc":
		id := "vpc-" + hexOf(name, 17)
		return props("id", id, "arn", arn("ec2", "vpc/"+id))
	case "aws:ec2/subnet:Subnet":
		id := "subnet-" + hexOf(name, 17)
		return props("id", id, "arn", arn("ec2", "subnet/"+id))
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		id := "vpce-" + hexOf(name, 17)
		return props("id", id, "arn", arn("ec2", "vpc-endpoint/"+id))
	case "aws:lambda/function:Function":
		return props("arn", arn("lambda", "function:"+name))
	}
	return resource.PropertyMap{}
}

func awsInvoke(token string, _ resource.PropertyMap) (resource.PropertyMap, error) {
	switch token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return props("id", AWSAccount, "accountId", AWSAccount,
			"arn", fmt.Sprintf("arn:aws:iam::%s:user/pciqueue-preview", AWSAccount), "userId", "AIDAPREVIEW"), nil
	case "aws:index/getRegion:getRegion":
		return props("id", AWSRegion, "name", AWSRegion, "endpoint", "ec2."+AWSRegion+".amazonaws.com"), nil
	case "aws:index/getPartition:getPartition":
		return props("id", "aws", "partition", "aws", "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws"), nil
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this AWS function", token)
}
