package report_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
)

// Well-known test card numbers, never printed in clear by this test either.
const (
	visa       = "4111111111111111"
	mastercard = "5555555555554444"
	amex       = "378282246310005"
)

func setTag(r *resource.PropertyMap, key string, v resource.PropertyValue) {
	tags := (*r)["tags"].ObjectValue().Copy()
	tags[resource.PropertyKey(key)] = v
	(*r)["tags"] = resource.NewProperty(tags)
}

func TestReport_neverWritesSecretsOrCardNumbers(t *testing.T) {
	in := awsDev(t)
	secrets := []string{"hunter2-marked", "hunter3-output", "hunter4-unmarked"}
	for i := range in.Resources {
		r := &in.Resources[i]
		if r.Type != queueType {
			continue
		}
		r.Inputs = r.Inputs.Copy()
		switch r.Name {
		case "payments-queue":
			setTag(&r.Inputs, "data-classification", resource.NewProperty("card-"+visa))
			setTag(&r.Inputs, "pci-scope", resource.MakeSecret(resource.NewProperty(secrets[0])))
		case "payments-dlq":
			r.Inputs["kmsMasterKeyId"] = resource.NewProperty(resource.PropertyMap{
				"keyId": resource.NewProperty("alias/x"), "password": resource.NewProperty(secrets[2]),
			})
		case "refunds-queue":
			r.Inputs["kmsMasterKeyId"] = resource.NewProperty(resource.Output{
				Element: resource.NewProperty(secrets[1]), Known: true, Secret: true,
			})
		case "refunds-dlq":
			r.Name = "dlq-" + mastercard
		}
	}
	in.Findings = append(in.Findings, report.Finding{
		Rule: aws.QueueCMK.Name, URN: in.Findings[0].URN, Level: level.Mandatory,
		Message: "tag holds 4111-1111-1111-1111 and " + amex,
	})
	in.Rules[0].Description += " (example " + visa + ")"

	md, html := render(t, build(t, in))
	for format, out := range map[string]string{"Markdown": md, "HTML": html} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s contains secret %q", format, s)
			}
		}
		if !strings.Contains(out, "[secret]") && !strings.Contains(out, `\[secret\]`) {
			t.Errorf("%s does not show hidden secrets as [secret]", format)
		}
		for _, pan := range []string{visa, mastercard, amex, "4111-1111-1111-1111"} {
			if strings.Contains(out, pan) {
				t.Errorf("%s contains card number %s in clear", format, cardnum.Mask(strings.ReplaceAll(pan, "-", "")))
			}
		}
		for _, masked := range []string{cardnum.Mask(visa), cardnum.Mask(mastercard)} {
			shown := masked
			if format == "Markdown" {
				shown = strings.ReplaceAll(masked, "*", `\*`)
			}
			if !strings.Contains(out, shown) {
				t.Errorf("%s does not show %s: the values were dropped rather than masked", format, masked)
			}
		}
	}
}

func TestReport_escapesMarkup(t *testing.T) {
	in := awsDev(t)
	in.Findings[2].Message = `<script>alert(1)</script> | **bold** [link](x)`
	md, html := render(t, build(t, in))
	if strings.Contains(html, "<script>") {
		t.Error("HTML contains a finding's markup unescaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("HTML does not show the escaped message")
	}
	if !strings.Contains(md, `\<script\>alert(1)\</script\> \| \*\*bold\*\* \[link\](x)`) {
		t.Error("Markdown does not escape the message")
	}
}

func TestValueText_hidesCredentialStringsButNotFlags(t *testing.T) {
	if got := report.ValueText("connectionString", resource.NewProperty("Endpoint=sb://x;SharedAccessKey=abc")); got != "[secret]" {
		t.Errorf("credential string shown as %q", got)
	}
	if got := report.ValueText("skipCredentialsValidation", resource.NewProperty(false)); got != "false" {
		t.Errorf("flag shown as %q", got)
	}
}
