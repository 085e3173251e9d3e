package state

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const queueURN = "urn:pulumi:dev::pciqueue::aws:sqs/queue:Queue::orders"

func TestDecode_readsSecretsWithoutDecryptingThem(t *testing.T) {
	dep, err := Decode([]byte(`{"version":3,"deployment":{"manifest":{},"resources":[
		{"urn":"` + queueURN + `","custom":true,"type":"aws:sqs/queue:Queue",
		 "inputs":{"name":"orders"},
		 "outputs":{"sealed":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:AAAA:BBBB"},
		            "shown":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","plaintext":"\"clear\""}},
		 "modified":"2026-11-01T10:00:00Z"},
		{"urn":"urn:pulumi:dev::pciqueue::aws:sqs/queue:Queue::old","custom":true,"type":"aws:sqs/queue:Queue","delete":true}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if dep.Stack != "dev" || dep.Project != "pciqueue" || len(dep.Resources) != 1 {
		t.Fatalf("got stack %q project %q with %d resources; the one pending deletion must be left out", dep.Stack, dep.Project, len(dep.Resources))
	}
	out := dep.Resources[0].Outputs
	if s := out["sealed"]; !s.IsSecret() || s.SecretValue().Element.StringValue() != Encrypted {
		t.Errorf("an encrypted secret reads as %v, want a secret %q", s, Encrypted)
	}
	if s := out["shown"]; !s.IsSecret() || s.SecretValue().Element.StringValue() != "clear" {
		t.Errorf("a secret exported in clear reads as %v, want it still marked secret", s)
	}
	if got := dep.Modified[queueURN]; !got.Equal(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("modified = %v", got)
	}
	if dep.Resources[0].Name != "orders" || dep.SHA256 == "" {
		t.Errorf("name %q, sha256 %q", dep.Resources[0].Name, dep.SHA256)
	}
}

func TestDecode_rejectsWhatIsNotAnExport(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[]`, "not a pulumi stack export"},
		{`{"version":2,"deployment":{}}`, "deployment version 2 is not supported"},
		{`{"version":3,"deployment":{"resources":[]}}`, "holds no resources"},
		{`{"version":3,"deployment":{"resources":[{"urn":"orders","type":"x"}]}}`, `urn "orders" is not a Pulumi URN`},
	} {
		if _, err := Decode([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestEncode_roundTripsAndEncryptsSecrets(t *testing.T) {
	rs := []enginetest.Resource{{
		URN: queueURN, Type: "aws:sqs/queue:Queue", Name: "orders", Custom: true, Protect: true,
		Provider:             "urn:pulumi:dev::pciqueue::pulumi:providers:aws::aws::id-1",
		Inputs:               resource.PropertyMap{"name": resource.NewProperty("orders"), "tags": resource.NewProperty(resource.PropertyMap{})},
		Outputs:              resource.PropertyMap{"id": resource.NewProperty("q-1"), "token": resource.MakeSecret(resource.NewProperty("hunter2"))},
		Dependencies:         []string{"urn:pulumi:dev::pciqueue::aws:kms/key:Key::k"},
		PropertyDependencies: map[string][]string{"kmsMasterKeyId": {"urn:pulumi:dev::pciqueue::aws:kms/key:Key::k"}},
	}}
	data, err := Encode(context.Background(), rs, config.NewSymmetricCrypter(make([]byte, 32)), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "hunter2") {
		t.Fatal("the export holds a secret in clear")
	}
	dep, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	got := dep.Resources[0]
	if !got.Inputs.DeepEquals(rs[0].Inputs) || got.Provider != rs[0].Provider || !got.Protect ||
		got.PropertyDependencies["kmsMasterKeyId"][0] != rs[0].Dependencies[0] || got.Outputs["id"].StringValue() != "q-1" {
		t.Errorf("round trip changed the resource: %+v", got)
	}
	if s := got.Outputs["token"]; !s.IsSecret() || s.SecretValue().Element.StringValue() != Encrypted {
		t.Errorf("token = %v, want an encrypted secret", s)
	}
	if _, err := Encode(context.Background(), []enginetest.Resource{{URN: queueURN, Inputs: resource.PropertyMap{"x": resource.MakeComputed(resource.NewProperty(""))}}}, config.NewSymmetricCrypter(make([]byte, 32)), time.Unix(0, 0)); err == nil {
		t.Error("an unknown value was written into a deployed state")
	}
}
