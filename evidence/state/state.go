package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Encrypted is the text of a secret the export holds encrypted: the pack and the report see that a secret
// is there, never its value.
const Encrypted = "[encrypted secret]"

// Deployment is a stack's deployed state.
type Deployment struct {
	Project, Stack string
	Resources      []enginetest.Resource
	// Modified is when each resource was last created or updated, by URN, when the export records it.
	Modified map[string]time.Time
	// SHA256 is the hash of the export file, hex-encoded.
	SHA256 string
}

// Read reads a `pulumi stack export` file.
func Read(path string) (Deployment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Deployment{}, fmt.Errorf("reading deployment export %s: %w", path, err)
	}
	d, err := Decode(data)
	if err != nil {
		return Deployment{}, fmt.Errorf("reading deployment export %s: %w", path, err)
	}
	return d, nil
}

// Decode decodes an export.
func Decode(data []byte) (Deployment, error) {
	var untyped apitype.UntypedDeployment
	if err := json.Unmarshal(data, &untyped); err != nil {
		return Deployment{}, fmt.Errorf("not a pulumi stack export (want a JSON object with version and deployment): %w", err)
	}
	if untyped.Version != 3 && untyped.Version != 4 {
		return Deployment{}, fmt.Errorf("deployment version %d is not supported; want 3 or 4, as pulumi stack export writes", untyped.Version)
	}
	var dep apitype.DeploymentV3
	if err := json.Unmarshal(untyped.Deployment, &dep); err != nil {
		return Deployment{}, fmt.Errorf("decoding the deployment: %w", err)
	}
	sum := sha256.Sum256(data)
	out := Deployment{SHA256: hex.EncodeToString(sum[:]), Modified: map[string]time.Time{}}
	var errs []error
	for i, r := range dep.Resources {
		if r.Delete {
			continue
		}
		urn := resource.URN(r.URN)
		if !urn.IsValid() {
			errs = append(errs, fmt.Errorf("resources[%d]: urn %q is not a Pulumi URN", i, r.URN))
			continue
		}
		if out.Stack == "" {
			out.Stack, out.Project = string(urn.Stack()), string(urn.Project())
		}
		inputs, err := properties(r.Inputs)
		if err != nil {
			errs = append(errs, fmt.Errorf("resources[%d] (%s): inputs: %w", i, r.URN, err))
		}
		outputs, err := properties(r.Outputs)
		if err != nil {
			errs = append(errs, fmt.Errorf("resources[%d] (%s): outputs: %w", i, r.URN, err))
		}
		res := enginetest.Resource{
			URN: string(r.URN), Type: string(r.Type), Name: urn.Name(), Parent: string(r.Parent),
			Custom: r.Custom, Protect: r.Protect, Provider: r.Provider, Inputs: inputs, Outputs: outputs,
			PropertyDependencies: map[string][]string{},
		}
		for _, d := range r.Dependencies {
			res.Dependencies = append(res.Dependencies, string(d))
		}
		for k, urns := range r.PropertyDependencies {
			for _, u := range urns {
				res.PropertyDependencies[string(k)] = append(res.PropertyDependencies[string(k)], string(u))
			}
		}
		switch {
		case r.Modified != nil:
			out.Modified[res.URN] = r.Modified.UTC()
		case r.Created != nil:
			out.Modified[res.URN] = r.Created.UTC()
		}
		out.Resources = append(out.Resources, res)
	}
	if err := errors.Join(errs...); err != nil {
		return Deployment{}, err
	}
	if len(out.Resources) == 0 {
		return Deployment{}, errors.New("the deployment holds no resources: nothing is deployed to evidence")
	}
	return out, nil
}

func properties(m map[string]any) (resource.PropertyMap, error) {
	out := resource.PropertyMap{}
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v, err := value(m[k])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
		}
		out[resource.PropertyKey(k)] = v
	}
	return out, errors.Join(errs...)
}

// value decodes one serialized property value. Secrets are the only signature read specially; an asset
// or archive stays the object it is serialized as.
func value(v any) (resource.PropertyValue, error) {
	switch t := v.(type) {
	case nil:
		return resource.NewNullProperty(), nil
	case bool:
		return resource.NewProperty(t), nil
	case float64:
		return resource.NewProperty(t), nil
	case string:
		return resource.NewProperty(t), nil
	case []any:
		arr := make([]resource.PropertyValue, len(t))
		for i, e := range t {
			ev, err := value(e)
			if err != nil {
				return resource.PropertyValue{}, fmt.Errorf("[%d]: %w", i, err)
			}
			arr[i] = ev
		}
		return resource.NewProperty(arr), nil
	case map[string]any:
		if t[resource.SigKey] == resource.SecretSig {
			return secret(t)
		}
		pm, err := properties(t)
		return resource.NewProperty(pm), err
	default:
		return resource.PropertyValue{}, fmt.Errorf("unexpected %T", v)
	}
}

func secret(m map[string]any) (resource.PropertyValue, error) {
	if plain, ok := m["plaintext"].(string); ok {
		var inner any
		if err := json.Unmarshal([]byte(plain), &inner); err != nil {
			return resource.PropertyValue{}, fmt.Errorf("a secret's plaintext is not JSON: %w", err)
		}
		v, err := value(inner)
		return resource.MakeSecret(v), err
	}
	if _, ok := m["ciphertext"].(string); ok {
		return resource.MakeSecret(resource.NewProperty(Encrypted)), nil
	}
	return resource.PropertyValue{}, errors.New("a secret has neither ciphertext nor plaintext")
}

// Encode writes resources as `pulumi stack export` would, through the SDK's apitype structures, with
// each secret encrypted by enc. It is how test fixtures of a deployed stack are made from the recording
// engine's update run.
func Encode(ctx context.Context, rs []enginetest.Resource, enc config.Encrypter, at time.Time) ([]byte, error) {
	dep := apitype.DeploymentV3{Manifest: apitype.ManifestV1{Time: at, Version: "v3.260.0"}}
	for _, r := range rs {
		inputs, err := serialize(ctx, r.Inputs, enc)
		if err != nil {
			return nil, fmt.Errorf("encoding inputs of %s: %w", r.URN, err)
		}
		outputs, err := serialize(ctx, r.Outputs, enc)
		if err != nil {
			return nil, fmt.Errorf("encoding outputs of %s: %w", r.URN, err)
		}
		res := apitype.ResourceV3{
			URN: resource.URN(r.URN), Custom: r.Custom, Type: resource.URN(r.URN).Type(), Inputs: inputs, Outputs: outputs,
			Parent: resource.URN(r.Parent), Protect: r.Protect, Provider: r.Provider, Created: &at, Modified: &at,
		}
		if id, ok := r.Outputs["id"]; ok && id.IsString() {
			res.ID = resource.ID(id.StringValue())
		}
		for _, d := range r.Dependencies {
			res.Dependencies = append(res.Dependencies, resource.URN(d))
		}
		if len(r.PropertyDependencies) > 0 {
			res.PropertyDependencies = map[resource.PropertyKey][]resource.URN{}
			for k, urns := range r.PropertyDependencies {
				for _, u := range urns {
					res.PropertyDependencies[resource.PropertyKey(k)] = append(res.PropertyDependencies[resource.PropertyKey(k)], resource.URN(u))
				}
			}
		}
		dep.Resources = append(dep.Resources, res)
	}
	raw, err := json.Marshal(dep)
	if err != nil {
		return nil, fmt.Errorf("encoding the deployment: %w", err)
	}
	return json.MarshalIndent(apitype.UntypedDeployment{Version: 3, Deployment: raw}, "", "  ")
}

func serialize(ctx context.Context, pm resource.PropertyMap, enc config.Encrypter) (map[string]any, error) {
	if len(pm) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	for k, v := range pm {
		s, err := serializeValue(ctx, v, enc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[string(k)] = s
	}
	return out, nil
}

func serializeValue(ctx context.Context, v resource.PropertyValue, enc config.Encrypter) (any, error) {
	switch {
	case v.IsSecret():
		plain, err := serializeValue(ctx, v.SecretValue().Element, enc)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(plain)
		if err != nil {
			return nil, err
		}
		ct, err := enc.EncryptValue(ctx, string(b))
		if err != nil {
			return nil, fmt.Errorf("encrypting a secret: %w", err)
		}
		return map[string]any{resource.SigKey: resource.SecretSig, "ciphertext": ct}, nil
	case v.IsComputed() || v.IsOutput():
		return nil, errors.New("a value unknown after an update cannot be in a deployed state")
	case v.IsNull():
		return nil, nil
	case v.IsBool():
		return v.BoolValue(), nil
	case v.IsNumber():
		return v.NumberValue(), nil
	case v.IsString():
		return v.StringValue(), nil
	case v.IsArray():
		out := make([]any, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			s, err := serializeValue(ctx, e, enc)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	case v.IsObject():
		if len(v.ObjectValue()) == 0 {
			return map[string]any{}, nil
		}
		return serialize(ctx, v.ObjectValue(), enc)
	case v.IsResourceReference():
		ref := v.ResourceReferenceValue()
		return map[string]any{resource.SigKey: resource.ResourceReferenceSig, "urn": string(ref.URN)}, nil
	default:
		return nil, fmt.Errorf("unsupported property value %v", v)
	}
}
