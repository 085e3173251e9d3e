package offline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// A fourth cloud, defined here and nowhere else: a made-up provider "acme" whose queue is a key and a queue
// resource. Registering it is all it takes for the stack program, the offline preview and the report to
// accept it; if any of them kept a list of clouds, these tests would fail.
const acme components.Cloud = "acme"

func init() {
	components.Register(acmeDriver{})
	enginetest.Register("acme:", acmeWorld{})
}

type acmeDriver struct{}

func (acmeDriver) Cloud() components.Cloud { return acme }

// Zero limits: the portable bounds apply.
func (acmeDriver) Limits() components.Limits { return components.Limits{} }

type acmeOptions struct {
	Tier string `json:"tier"`
}

type acmeArgs struct {
	spec components.QueueSpec
	tier string
}

func (a *acmeArgs) Validate() error { return a.spec.Validate(acme) }

type acmePlan struct {
	queues components.QueuePlan[*acmeArgs]
}

func (acmeDriver) Plan(_ *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	qs, err := components.PlanQueues(acme, queues, func(q components.StackQueue, o acmeOptions) *acmeArgs {
		return &acmeArgs{spec: q.Spec, tier: o.Tier}
	})
	return &acmePlan{queues: qs}, err
}

type acmeProvider struct{ pulumi.ProviderResourceState }

func (p *acmePlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	var pr acmeProvider
	if err := ctx.RegisterResource("pulumi:providers:acme", "acme", pulumi.Map{"region": pulumi.String("moon-1")}, &pr); err != nil {
		return nil, err
	}
	return &pr, nil
}

func (p *acmePlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	_, exports, err := components.DeployQueues(ctx, p.queues, newAcmeQueue, provider)
	return exports, err
}

type acmeResource struct {
	pulumi.CustomResourceState
	Arn pulumi.StringOutput `pulumi:"arn"`
}

type acmeQueue struct {
	pulumi.ResourceState
	queueArn, keyArn pulumi.StringOutput
}

func (q *acmeQueue) Outputs() pulumi.Map {
	return pulumi.Map{"queueArn": q.queueArn, "keyArn": q.keyArn}
}

func newAcmeQueue(ctx *pulumi.Context, name string, args *acmeArgs, opts ...pulumi.ResourceOption) (*acmeQueue, error) {
	q := &acmeQueue{}
	if err := ctx.RegisterComponentResource("pciqueue:acme:SecureQueue", name, q, opts...); err != nil {
		return nil, err
	}
	var key, queue acmeResource
	if err := ctx.RegisterResource("acme:kms/key:Key", name+"-key", pulumi.Map{
		"rotationDays": pulumi.Int(int(args.spec.KeyRotation / components.Day)),
	}, &key, pulumi.Parent(q)); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResource("acme:mq/queue:Queue", name+"-queue", pulumi.Map{
		"name": pulumi.String(name), "tier": pulumi.String(args.tier), "keyArn": key.Arn,
		"tags": pulumi.ToStringMap(args.spec.ResourceTags()),
	}, &queue, pulumi.Parent(q)); err != nil {
		return nil, err
	}
	q.queueArn, q.keyArn = queue.Arn, key.Arn
	return q, ctx.RegisterResourceOutputs(q, q.Outputs())
}

// acmeWorld is the offline world of the made-up provider: an ARN for everything it creates.
type acmeWorld struct{}

func (acmeWorld) Outputs(typ, name string, _ resource.PropertyMap) resource.PropertyMap {
	return enginetest.Props("arn", "acme:"+typ+"/"+name)
}

func (acmeWorld) Invoke(token string, _ resource.PropertyMap) (resource.PropertyMap, error) {
	return enginetest.Props(), nil
}

const acmeStack = `config:
  pciqueue:cloud: acme
  pciqueue:queues:
    - name: payments
      acme: {tier: gold}
`

func TestFakeCloud_runsThroughTheStackProgram(t *testing.T) {
	cfg := map[string]string{
		"pciqueue:cloud":  string(acme),
		"pciqueue:queues": `[{"name":"payments","acme":{"tier":"gold"}}]`,
	}
	rs, err := offline.RunConfig("acme-dev", cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"acme:kms/key:Key payments-key", "acme:mq/queue:Queue payments-queue",
		"pciqueue:acme:SecureQueue payments", "pulumi:providers:acme acme",
	}
	if got := enginetest.Types(rs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("resources = %v, want %v", got, want)
	}
	q, _ := enginetest.Find(rs, "acme:mq/queue:Queue", "payments-queue")
	if q.Inputs["tier"].StringValue() != "gold" || q.Inputs["keyArn"].StringValue() != "acme:acme:kms/key:Key/payments-key" {
		t.Errorf("queue inputs = %v: the options or the offline world's outputs did not reach it", q.Inputs)
	}
	if !strings.HasPrefix(q.Provider, "urn:pulumi:acme-dev::pciqueue::pulumi:providers:acme::acme::") {
		t.Errorf("queue provider = %q, want the stack's explicit acme provider", q.Provider)
	}
}

func TestFakeCloud_configErrorsNameTheKey(t *testing.T) {
	cases := []struct{ name, queues, want string }{
		{"misspelt option", `[{"name":"payments","acme":{"teir":"gold"}}]`, "pciqueue:queues[0].acme"},
		{"another cloud's options", `[{"name":"payments","aws":{}}]`, "options for aws in a acme stack"},
		{"portable limit", `[{"name":"payments","maxDeliveries":500}]`, "maxDeliveries = 500"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := offline.RunConfig("acme-dev", map[string]string{"pciqueue:cloud": "acme", "pciqueue:queues": tc.queues}, true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestFakeCloud_runsThroughTheOfflinePreviewAndReport(t *testing.T) {
	stacks := t.TempDir()
	if err := os.WriteFile(filepath.Join(stacks, "Pulumi.acme-dev.yaml"), []byte(acmeStack), 0o644); err != nil {
		t.Fatal(err)
	}
	reports := t.TempDir()
	var buf bytes.Buffer
	out, err := offline.Preview(context.Background(), offline.Options{
		Stack: "acme-dev", StacksDir: stacks, PoliciesDir: "../../policies", ReportDir: reports,
		Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
	}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, must := range []string{"acme:mq/queue:Queue", "4 resources to create", "PCI evidence report"} {
		if !strings.Contains(text, must) {
			t.Errorf("preview output lacks %q:\n%s", must, text)
		}
	}
	if filepath.Dir(out.ReportMarkdown) != reports {
		t.Errorf("report %q not written to %s", out.ReportMarkdown, reports)
	}
}
