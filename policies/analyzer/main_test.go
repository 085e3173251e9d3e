package analyzer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pciqueue/pciqueue/policies/fixture"
)

// packBinary is the pack, built once for the whole test process.
var packBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pciqueue-pack-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	packBinary = filepath.Join(dir, "pack")
	if err := Build(context.Background(), "..", packBinary); err != nil {
		fmt.Fprintln(os.Stderr, err)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// start starts the pack for one operation and stops it when the test ends.
func start(tb testing.TB, dryRun bool, policies map[string]PolicyConfig) *Client {
	tb.Helper()
	c, err := Start(context.Background(), Config{
		Binary: packBinary, PackDir: "..", DryRun: dryRun, Policies: policies,
		Stack: StackInfo{Stack: "aws-dev", Project: "pciqueue", Organization: "payments",
			Config: map[string]string{"aws:region": "eu-west-1"}, Tags: map[string]string{"pulumi:project": "pciqueue"}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// loadStack reads a fixture file as the resources an engine would send.
func loadStack(tb testing.TB, file string) []Resource {
	tb.Helper()
	fx, err := fixture.Load(filepath.Join("testdata", file))
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]Resource, 0, len(fx.Resources))
	for _, fr := range fx.Resources {
		out = append(out, fromFixture(tb, fr))
	}
	return out
}

func fromFixture(tb testing.TB, fr fixture.Resource) Resource {
	tb.Helper()
	pm, err := fr.PropertyMap()
	if err != nil {
		tb.Fatal(err)
	}
	r := Resource{
		Type: fr.Type, Name: fr.Name, URN: fr.URN, Parent: fr.Parent, Properties: pm,
		Options: ResourceOptions{Protect: fr.Protect}, Dependencies: fr.Dependencies, PropertyDependencies: fr.PropertyDependencies,
	}
	if fr.Provider != nil {
		ppm, err := fr.ProviderPropertyMap()
		if err != nil {
			tb.Fatal(err)
		}
		r.Provider = &Provider{Type: fr.Provider.Type, Name: fr.Provider.Name, URN: fr.Provider.URN, Properties: ppm}
	}
	return r
}
