package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

var update = flag.Bool("update", false, "rewrite schema.json from the provider's GetSchema")

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// buildProvider builds the plugin once per test binary, as `pulumi package add` would, with the go command
// that built this test; the build cache makes repeated runs cheap.
func buildProvider(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pciqueue-provider")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "pulumi-resource-pciqueue")
		out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v", buildErr)
	}
	return binary
}

// TestMain removes the built plugin once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		_ = os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// engine is the engine's side of the protocol: the host the plugin logs to and the resource monitor a
// Construct registers children with. Registrations go to enginetest, the recorder the Go API's tests use.
type engine struct {
	pulumirpc.UnimplementedEngineServer
	pulumirpc.UnimplementedResourceMonitorServer
	rec *enginetest.Engine
}

func (e *engine) Log(context.Context, *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (e *engine) SupportsFeature(context.Context, *pulumirpc.SupportsFeatureRequest) (*pulumirpc.SupportsFeatureResponse, error) {
	return &pulumirpc.SupportsFeatureResponse{HasSupport: true}, nil
}

var keep = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true}

func (e *engine) RegisterResource(_ context.Context, req *pulumirpc.RegisterResourceRequest) (*pulumirpc.RegisterResourceResponse, error) {
	inputs, err := plugin.UnmarshalProperties(req.GetObject(), keep)
	if err != nil {
		return nil, err
	}
	id, outs, err := e.rec.NewResource(pulumi.MockResourceArgs{
		TypeToken: req.GetType(), Name: req.GetName(), Inputs: inputs, Provider: req.GetProvider(),
		Custom: req.GetCustom(), RegisterRPC: req,
	})
	if err != nil {
		return nil, err
	}
	rs := e.rec.Resources()
	obj, err := plugin.MarshalProperties(outs, keep)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.RegisterResourceResponse{Urn: rs[len(rs)-1].URN, Id: id, Object: obj}, nil
}

func (e *engine) RegisterResourceOutputs(context.Context, *pulumirpc.RegisterResourceOutputsRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (e *engine) Invoke(_ context.Context, req *pulumirpc.ResourceInvokeRequest) (*pulumirpc.ResourceInvokeResponse, error) {
	args, err := plugin.UnmarshalProperties(req.GetArgs(), keep)
	if err != nil {
		return nil, err
	}
	ret, err := e.rec.Call(pulumi.MockCallArgs{Token: req.GetTok(), Args: args, Provider: req.GetProvider()})
	if err != nil {
		return nil, err
	}
	obj, err := plugin.MarshalProperties(ret, keep)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ResourceInvokeResponse{Return: obj}, nil
}

// serve starts a gRPC server on loopback for the engine side and returns its address.
func serve(t *testing.T, e *engine) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	pulumirpc.RegisterEngineServer(s, e)
	pulumirpc.RegisterResourceMonitorServer(s, e)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

// startProvider starts the plugin as the engine does, with the engine's address as its argument, reads the
// port it prints and connects to it.
func startProvider(t *testing.T, engineAddr string) pulumirpc.ResourceProviderClient {
	t.Helper()
	cmd := exec.Command(buildProvider(t), engineAddr)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	port, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the provider's port: %v", err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}

func TestSchema_matchesGolden(t *testing.T) {
	e := &engine{rec: enginetest.New("payments", "dev", false)}
	client := startProvider(t, serve(t, e))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := client.GetSchema(ctx, &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatalf("GetSchema: %v", err)
	}
	var pretty any
	if err := json.Unmarshal([]byte(resp.GetSchema()), &pretty); err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(pretty, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "schema.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading %s (run go test -update): %v", golden, err)
	}
	if string(got) != string(want) {
		t.Errorf("the served schema differs from %s: run go test -run TestSchema -update in cmd/pulumi-resource-pciqueue and review the diff", golden)
	}
}

const stackType = "pulumi:pulumi:Stack"

// TestConstruct_registersTheGoAPIsChildren constructs each component through the plugin and through the Go
// API with the same spec and compares what the engine received, and that Construct returns every output the
// Go component declares.
func TestConstruct_registersTheGoAPIsChildren(t *testing.T) {
	config := map[string]string{"aws:region": "eu-west-1", "gcp:project": "payments-prod", "gcp:region": "europe-west1"}
	for _, tc := range []struct {
		name, typ string
		inputs    map[string]any
		goAPI     func(ctx *pulumi.Context) (pulumi.Map, error)
	}{
		{"aws SecureQueue", aws.SecureQueueType, map[string]any{"spec": map[string]any{"name": "orders", "maxDeliveries": 7}},
			func(ctx *pulumi.Context) (pulumi.Map, error) {
				c, err := aws.NewSecureQueue(ctx, "orders", &aws.SecureQueueArgs{Spec: components.QueueSpec{Name: "orders", MaxDeliveries: 7}})
				if err != nil {
					return nil, err
				}
				return c.Outputs(), nil
			}},
		{"azure SecureQueue", azure.SecureQueueType, map[string]any{"spec": map[string]any{"name": "orders", "keyRotation": "30d"}, "location": "westeurope"},
			func(ctx *pulumi.Context) (pulumi.Map, error) {
				c, err := azure.NewSecureQueue(ctx, "orders", &azure.SecureQueueArgs{Spec: components.QueueSpec{Name: "orders", KeyRotation: 30 * 24 * time.Hour}, Location: "westeurope"})
				if err != nil {
					return nil, err
				}
				return c.Outputs(), nil
			}},
		{"gcp ProjectControls", gcp.ProjectControlsType, map[string]any{"accessPolicy": "accessPolicies/123"},
			func(ctx *pulumi.Context) (pulumi.Map, error) {
				c, err := gcp.NewProjectControls(ctx, "orders", &gcp.ProjectControlsArgs{AccessPolicy: "accessPolicies/123"})
				if err != nil {
					return nil, err
				}
				return c.Outputs(), nil
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := enginetest.New("payments", "dev", false)
			var outputs []string
			if err := want.Run(func(ctx *pulumi.Context) error {
				outs, err := tc.goAPI(ctx)
				for k := range outs {
					outputs = append(outputs, k)
				}
				return err
			}, config); err != nil {
				t.Fatalf("Go API: %v", err)
			}
			got, state, err := construct(t, tc.typ, tc.inputs, config)
			if err != nil {
				t.Fatalf("Construct: %v", err)
			}
			var returned []string
			for k := range state {
				returned = append(returned, string(k))
			}
			sort.Strings(outputs)
			sort.Strings(returned)
			if !reflect.DeepEqual(returned, outputs) {
				t.Errorf("Construct returned the outputs %v, the Go component declares %v", returned, outputs)
			}
			w, g := children(want.Resources()), children(got)
			if len(w) != len(g) {
				t.Fatalf("Construct registered %d resources, the Go API %d:\n got %v\nwant %v", len(g), len(w), enginetest.Types(g), enginetest.Types(w))
			}
			for i := range w {
				if w[i].URN != g[i].URN || w[i].Parent != g[i].Parent || w[i].Custom != g[i].Custom || w[i].Protect != g[i].Protect {
					t.Errorf("resource %d: got %s (parent %s, protect %v), want %s (parent %s, protect %v)", i, g[i].URN, g[i].Parent, g[i].Protect, w[i].URN, w[i].Parent, w[i].Protect)
					continue
				}
				if !reflect.DeepEqual(w[i].Inputs.Mappable(), g[i].Inputs.Mappable()) {
					t.Errorf("%s: inputs differ:\n got %v\nwant %v", w[i].URN, g[i].Inputs, w[i].Inputs)
				}
			}
		})
	}
}

func TestConstruct_badArgsReturnTheGoAPIsError(t *testing.T) {
	spec := components.QueueSpec{Name: "orders", MaxDeliveries: 5000}
	want := (&aws.SecureQueueArgs{Spec: spec, KeyArn: pulumi.String("alias/aws/sqs")}).Validate()
	rs, _, err := construct(t, aws.SecureQueueType, map[string]any{"spec": map[string]any{"name": "orders", "maxDeliveries": 5000}, "keyArn": "alias/aws/sqs"}, nil)
	if err == nil {
		t.Fatalf("Construct accepted bad args and registered %v", enginetest.Types(rs))
	}
	for _, line := range strings.Split(want.Error(), "\n") {
		if !strings.Contains(err.Error(), line) {
			t.Errorf("Construct's error lacks the Go API's %q:\n%v", line, err)
		}
	}
	if len(children(rs)) != 0 {
		t.Errorf("Construct registered %v for bad args", enginetest.Types(rs))
	}
}

// construct drives one Construct over gRPC against an in-process monitor and returns what it recorded and
// the component's state the response carries.
func construct(t *testing.T, typ string, inputs map[string]any, config map[string]string) ([]enginetest.Resource, resource.PropertyMap, error) {
	t.Helper()
	e := &engine{rec: enginetest.New("payments", "dev", false)}
	addr := serve(t, e)
	client := startProvider(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := client.Configure(ctx, &pulumirpc.ConfigureRequest{AcceptSecrets: true, AcceptResources: true}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	stack, err := e.RegisterResource(ctx, &pulumirpc.RegisterResourceRequest{Type: stackType, Name: "payments-dev"})
	if err != nil {
		t.Fatal(err)
	}
	props, err := plugin.MarshalProperties(resource.NewPropertyMapFromMap(inputs), keep)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Construct(ctx, &pulumirpc.ConstructRequest{
		Project: "payments", Stack: "dev", Config: config, Parallel: 4, MonitorEndpoint: addr,
		Type: typ, Name: "orders", Parent: stack.GetUrn(), Inputs: props, AcceptsOutputValues: true,
	})
	if err != nil {
		return e.rec.Resources(), nil, err
	}
	state, err := plugin.UnmarshalProperties(resp.GetState(), keep)
	if err != nil {
		t.Fatalf("reading Construct's state: %v", err)
	}
	return e.rec.Resources(), state, nil
}

// children returns the registrations below the stack, by URN: resources waiting on outputs register in
// whatever order those resolve.
func children(rs []enginetest.Resource) []enginetest.Resource {
	var out []enginetest.Resource
	for _, r := range rs {
		if r.Type != stackType {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}
