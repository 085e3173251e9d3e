package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/duration"
)

// Namespace is the config namespace of the project.
const Namespace = "pciqueue"

// QueueConfig is one entry of pciqueue:queues, as written in Pulumi.<stack>.yaml.
type QueueConfig struct {
	Name               string            `json:"name"`
	Ordered            bool              `json:"ordered,omitempty"`
	MessageRetention   string            `json:"messageRetention,omitempty"`
	VisibilityTimeout  string            `json:"visibilityTimeout,omitempty"`
	MaxDeliveries      int               `json:"maxDeliveries,omitempty"`
	Producers          []string          `json:"producers,omitempty"`
	Consumers          []string          `json:"consumers,omitempty"`
	KeyRotation        string            `json:"keyRotation,omitempty"`
	LogRetentionDays   int               `json:"logRetentionDays,omitempty"`
	DataClassification string            `json:"dataClassification,omitempty"`
	Scope              string            `json:"scope,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	Protect            *bool             `json:"protect,omitempty"`
	// An entry may also hold an object named after the stack's cloud (pciqueue:queues[i].aws) with that
	// cloud's options, decoded strictly by its driver; an object named after another registered cloud is an
	// error, because it would be ignored.
}

// Stack is a validated stack config.
type Stack struct {
	Driver components.Driver
	Queues []components.StackQueue
}

// Load reads and validates the stack config. Every error names its config key.
func Load(ctx *pulumi.Context) (*Stack, error) {
	cfg := config.New(ctx, Namespace)
	cloudName, err := cfg.Try("cloud")
	if err != nil {
		return nil, fmt.Errorf("config %s:cloud is required: set it to one of %s", Namespace, components.CloudList())
	}
	cloud, err := components.ParseCloud(cloudName)
	if err != nil {
		return nil, fmt.Errorf("config %s:cloud: %w", Namespace, err)
	}
	raw, err := cfg.Try("queues")
	if err != nil {
		return nil, fmt.Errorf("config %s:queues is required: a list of queues, each with at least a name", Namespace)
	}
	var entries []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &entries); err != nil {
		return nil, fmt.Errorf("config %s:queues: must be a list of queue objects: %w", Namespace, err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("config %s:queues: the list is empty: declare at least one queue", Namespace)
	}

	driver, _ := components.Lookup(cloud)
	st := &Stack{Driver: driver}
	var errs []error
	names := map[string]string{}
	for i, entry := range entries {
		key := fmt.Sprintf("%s:queues[%d]", Namespace, i)
		q, err := parseQueue(key, entry, cloud)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := names[q.Spec.Name]; dup {
			errs = append(errs, fmt.Errorf("config %s.name: %q is already used by %s: queue names must be unique in a stack", key, q.Spec.Name, prev))
			continue
		}
		names[q.Spec.Name] = key
		st.Queues = append(st.Queues, q)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return st, nil
}

func parseQueue(key string, entry json.RawMessage, cloud components.Cloud) (components.StackQueue, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(entry, &fields); err != nil {
		return components.StackQueue{}, fmt.Errorf("config %s: must be a queue object: %w", key, err)
	}
	options := fields[string(cloud)]
	delete(fields, string(cloud))
	for _, c := range components.Clouds() {
		if _, other := fields[string(c)]; other {
			return components.StackQueue{}, fmt.Errorf("config %s.%s: options for %s in a %s stack would be ignored: remove them or set %s:cloud to %s", key, c, c, cloud, Namespace, c)
		}
	}
	portable, err := json.Marshal(fields)
	if err != nil {
		return components.StackQueue{}, fmt.Errorf("config %s: %w", key, err)
	}
	var qc QueueConfig
	if err := components.DecodeStrict(portable, &qc); err != nil {
		return components.StackQueue{}, fmt.Errorf("config %s: %w", key, err)
	}
	if qc.Name == "" {
		return components.StackQueue{}, fmt.Errorf("config %s.name is required: give the queue a name such as \"payments\"", key)
	}
	spec := components.QueueSpec{
		Name: qc.Name, Ordered: qc.Ordered, MaxDeliveries: qc.MaxDeliveries,
		Producers: qc.Producers, Consumers: qc.Consumers, LogRetentionDays: qc.LogRetentionDays,
		DataClassification: qc.DataClassification, Scope: qc.Scope, Tags: qc.Tags, Protect: qc.Protect,
	}
	var errs []error
	for _, d := range []struct {
		field string
		in    string
		out   *time.Duration
	}{
		{"messageRetention", qc.MessageRetention, &spec.MessageRetention},
		{"visibilityTimeout", qc.VisibilityTimeout, &spec.VisibilityTimeout},
		{"keyRotation", qc.KeyRotation, &spec.KeyRotation},
	} {
		if d.in == "" {
			continue
		}
		v, err := duration.ParseConfig(d.in)
		if err != nil {
			errs = append(errs, fmt.Errorf("config %s.%s: %w", key, d.field, err))
			continue
		}
		*d.out = v
	}
	if err := errors.Join(errs...); err != nil {
		return components.StackQueue{}, err
	}
	spec = spec.WithDefaults()
	if err := spec.Validate(cloud); err != nil {
		return components.StackQueue{}, fmt.Errorf("config %s: %w", key, err)
	}
	return components.StackQueue{Key: key, Spec: spec, Options: options}, nil
}
