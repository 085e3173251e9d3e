package gcp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/kms"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/pubsub"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// The predefined roles pciqueue grants, each on one topic, subscription or key, never on the project.
const (
	// RolePublisher lets a producer publish to the queue's topic, and the Pub/Sub service agent forward
	// to the dead-letter topic.
	RolePublisher = "roles/pubsub.publisher"
	// RoleSubscriber lets a consumer pull, acknowledge and extend deadlines on a subscription, and the
	// Pub/Sub service agent acknowledge what it dead-letters.
	RoleSubscriber = "roles/pubsub.subscriber"
	// RoleKeyEncrypterDecrypter lets the Pub/Sub service agent wrap and unwrap the topics' data keys.
	RoleKeyEncrypterDecrypter = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
	// RoleKeyEncrypter lets a producer wrap the data key of each message it envelope-encrypts.
	RoleKeyEncrypter = "roles/cloudkms.cryptoKeyEncrypter"
	// RoleKeyDecrypter lets a consumer unwrap the data key of each message it opens.
	RoleKeyDecrypter = "roles/cloudkms.cryptoKeyDecrypter"
)

// TagIdentity is the declared identity name in an IdentityDeclaration, beside components.TagQueue and
// components.TagRole.
const TagIdentity = "pciqueue-identity"

// IdentityDeclaration is the queue, role and name a service account was declared for. Service accounts
// carry no labels, so the declaration the other clouds put in tags is written into the account's
// description, as space-separated key=value pairs:
//
//	pciqueue-queue=payments pciqueue-role=producer pciqueue-identity=checkout
type IdentityDeclaration struct {
	Queue, Role, Name string
}

// String is the description a declared service account carries.
func (d IdentityDeclaration) String() string {
	return fmt.Sprintf("%s=%s %s=%s %s=%s", components.TagQueue, d.Queue, components.TagRole, d.Role, TagIdentity, d.Name)
}

// ParseIdentityDeclaration reads a service account description written by String. It fails on anything
// else, so an account that was not declared by pciqueue is never mistaken for one that was.
func ParseIdentityDeclaration(description string) (IdentityDeclaration, error) {
	var d IdentityDeclaration
	fields := map[string]*string{components.TagQueue: &d.Queue, components.TagRole: &d.Role, TagIdentity: &d.Name}
	for _, pair := range strings.Fields(description) {
		k, v, ok := strings.Cut(pair, "=")
		dst, known := fields[k]
		if !ok || !known || v == "" || *dst != "" {
			return IdentityDeclaration{}, fmt.Errorf("parsing service account description %q: %q is not one of %s=, %s=, %s= given once",
				description, pair, components.TagQueue, components.TagRole, TagIdentity)
		}
		*dst = v
	}
	if d.Queue == "" || d.Name == "" || (d.Role != components.RoleProducer && d.Role != components.RoleConsumer) {
		return IdentityDeclaration{}, errors.New("parsing service account description: want " + IdentityDeclaration{"<queue>", "producer|consumer", "<name>"}.String())
	}
	return d, nil
}

type identity struct {
	name, logical string
	account       *serviceaccount.Account
}

// newServiceAccounts creates one service account per declared identity. No key is ever created for them:
// the functions run as these accounts, so no secret exists that could leak (PCI DSS 8.3, 8.6).
func newServiceAccounts(ctx *pulumi.Context, base string, project pulumi.StringInput, spec components.QueueSpec,
	role string, names []string, opts ...pulumi.ResourceOption) ([]identity, error) {
	out := make([]identity, 0, len(names))
	for _, n := range names {
		logical := fmt.Sprintf("%s-%s-%s", base, role, n)
		id := accountID(ctx.Project(), ctx.Stack(), spec.Name, role, n)
		acct, err := serviceaccount.NewAccount(ctx, logical, &serviceaccount.AccountArgs{
			Project:     project,
			AccountId:   pulumi.String(id),
			DisplayName: pulumi.Sprintf("pciqueue %s %s of queue %s", role, n, spec.Name),
			Description: pulumi.String(IdentityDeclaration{Queue: spec.Name, Role: role, Name: n}.String()),
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("creating service account %q for %s %q: %w", id, role, n, err)
		}
		out = append(out, identity{name: n, logical: logical, account: acct})
	}
	return out, nil
}

// grantPublish lets a producer publish to this topic and wrap data keys with this key, and nothing else.
func grantPublish(ctx *pulumi.Context, id identity, project pulumi.StringInput, topic *pubsub.Topic, keyID pulumi.StringInput,
	opts ...pulumi.ResourceOption) error {
	if _, err := pubsub.NewTopicIAMMember(ctx, id.logical+"-publish", &pubsub.TopicIAMMemberArgs{
		Project: project, Topic: topic.ID(), Role: pulumi.String(RolePublisher), Member: id.account.Member,
	}, opts...); err != nil {
		return fmt.Errorf("granting %s on topic to %q: %w", RolePublisher, id.logical, err)
	}
	_, err := grantKey(ctx, id.logical+"-encrypt", keyID, RoleKeyEncrypter, id.account.Member, opts...)
	return err
}

// namedSubscription is a subscription and the suffix of the grants made on it.
type namedSubscription struct {
	suffix string
	sub    *pubsub.Subscription
}

// grantSubscribe lets a consumer receive from these subscriptions and unwrap data keys with this key.
func grantSubscribe(ctx *pulumi.Context, id identity, project pulumi.StringInput, subs []namedSubscription,
	keyID pulumi.StringInput, opts ...pulumi.ResourceOption) error {
	for _, s := range subs {
		if _, err := pubsub.NewSubscriptionIAMMember(ctx, id.logical+"-"+s.suffix, &pubsub.SubscriptionIAMMemberArgs{
			Project: project, Subscription: s.sub.ID(), Role: pulumi.String(RoleSubscriber), Member: id.account.Member,
		}, opts...); err != nil {
			return fmt.Errorf("granting %s on subscription to %q: %w", RoleSubscriber, id.logical, err)
		}
	}
	_, err := grantKey(ctx, id.logical+"-decrypt", keyID, RoleKeyDecrypter, id.account.Member, opts...)
	return err
}

// grantKey grants one role on one key to one member.
func grantKey(ctx *pulumi.Context, logical string, keyID pulumi.StringInput, role string, member pulumi.StringInput,
	opts ...pulumi.ResourceOption) (*kms.CryptoKeyIAMMember, error) {
	m, err := kms.NewCryptoKeyIAMMember(ctx, logical, &kms.CryptoKeyIAMMemberArgs{
		CryptoKeyId: keyID, Role: pulumi.String(role), Member: member,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("granting %s on the queue key (%q): %w", role, logical, err)
	}
	return m, nil
}

func emailMap(ids []identity) pulumi.StringMapOutput {
	out := pulumi.StringMap{}
	for _, id := range ids {
		out[id.name] = id.account.Email
	}
	return out.ToStringMapOutput()
}
