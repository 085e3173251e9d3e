package analyzer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/scope"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture-diagnostics.golden from the pack as built now")

const diagnosticsGolden = "testdata/fixture-diagnostics.golden"

// Every fixture, analyzed over gRPC in a preview and on update as the engine
// does (Analyze per resource, then AnalyzeStack), gets diagnostics
// byte-identical to those recorded in the golden file: the file holds, per
// fixture and operation, the number of diagnostics and the SHA-256 of their
// JSON (every field the engine receives, in the order received).
func TestDiagnostics_identicalToTheGoldenOverEveryFixture(t *testing.T) {
	fxs, err := fixture.LoadDir("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, dryRun := range []bool{true, false} {
		c := start(t, dryRun, nil)
		for _, fx := range fxs {
			key := fmt.Sprintf("%s dryRun=%v", strings.TrimPrefix(fx.File, "../testdata/"), dryRun)
			cfg := map[string]PolicyConfig{}
			if len(fx.PackConfig) > 0 {
				cfg[scope.PolicyName] = PolicyConfig{Properties: maps.Clone(fx.PackConfig)}
			}
			if len(fx.Config) > 0 {
				own := cfg[fx.Rule]
				if own.Properties == nil {
					own.Properties = map[string]any{}
				}
				maps.Copy(own.Properties, fx.Config)
				cfg[fx.Rule] = own
			}
			if err := c.configure(context.Background(), cfg); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			rs := make([]Resource, 0, len(fx.Resources))
			for _, fr := range fx.Resources {
				rs = append(rs, fromFixture(t, fr))
			}
			ds, err := c.Analyze(context.Background(), rs)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			b, err := json.Marshal(ds)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			got[key] = fmt.Sprintf("%d %s", len(ds), hex.EncodeToString(sum[:]))
		}
	}
	if *update {
		writeGolden(t, got)
		return
	}
	want := readGolden(t)
	for key, g := range got {
		if w, ok := want[key]; !ok {
			t.Errorf("%s: not in %s; run go test ./policies/analyzer -run Golden -update", key, diagnosticsGolden)
		} else if g != w {
			t.Errorf("%s: diagnostics differ from the golden: got %s, want %s", key, g, w)
		}
	}
	for key := range want {
		if _, ok := got[key]; !ok {
			t.Errorf("%s: in the golden but no longer a fixture", key)
		}
	}
}

func writeGolden(t *testing.T, got map[string]string) {
	t.Helper()
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%s\n", k, got[k])
	}
	if err := os.WriteFile(filepath.FromSlash(diagnosticsGolden), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(diagnosticsGolden))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("malformed golden line %q", sc.Text())
		}
		out[k] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
