package gcp_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func TestSecureQueue_outputsOfOtherResourcesAreUsed(t *testing.T) {
	const byok = "projects/pciqueue-keys/locations/europe-west1/keyRings/payments/cryptoKeys/queue"
	const channel = "projects/pciqueue-dev/notificationChannels/42"
	args := queueArgs()
	args.KeyName = enginetest.Later(byok)
	args.NotificationChannels = pulumi.StringArray{enginetest.Later(channel)}
	d := mustDeploy(t, false, controlsArgs(), args)
	if got := str(t, d.find(t, tTopic, "payments-topic"), "kmsKeyName"); got != byok {
		t.Errorf("topic kmsKeyName = %q, want the output's %q", got, byok)
	}
	for _, a := range d.rs {
		if a.Type == "gcp:monitoring/alertPolicy:AlertPolicy" {
			if got := stringList(t, a, "notificationChannels"); len(got) != 1 || got[0] != channel {
				t.Errorf("alert notifies %v, want the output's %s", got, channel)
			}
		}
	}
}

func TestSecureQueue_outputResolvingToARefusedValueFailsWithTheFieldMessage(t *testing.T) {
	const card = "4111-1111-1111-1111"
	cases := []struct {
		name, field string
		edit        func(*gcp.SecureQueueArgs)
	}{
		{"key version", "gcp.keyName", func(a *gcp.SecureQueueArgs) {
			a.KeyName = enginetest.Later("projects/p-keys1/locations/europe-west1/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1")
		}},
		{"card number as channel", "gcp.notificationChannels[0]", func(a *gcp.SecureQueueArgs) {
			a.NotificationChannels = pulumi.StringArray{enginetest.Later(card)}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := queueArgs()
			tc.edit(&args)
			if err := args.Validate(); err != nil {
				t.Fatalf("Validate awaited an output: %v", err)
			}
			_, err := deploy(t, false, controlsArgs(), args)
			if err == nil {
				t.Fatal("a refused value from an output was deployed")
			}
			if msg := err.Error(); !strings.Contains(msg, tc.field) || !strings.Contains(msg, "use ") || strings.Contains(msg, card) {
				t.Errorf("error %q does not name %s and the fix, or echoes a card number", msg, tc.field)
			}
		})
	}
}
