package cmd_test

import (
	"bytes"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuild_isReproducible builds one entry point twice, as a deployment
// does (linux/arm64, no cgo, no paths, no build ID), into different
// directories, and compares the artifacts: an unchanged function must keep
// its hash, so a deployment can tell that nothing changed.
func TestBuild_isReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a function twice")
	}
	var sums [][]byte
	for i := range 2 {
		out := filepath.Join(t.TempDir(), "bootstrap")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-buildid=", "-o", out, "./aws-consumer")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %d: %v\n%s", i+1, err, b)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		sums = append(sums, sum[:])
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Errorf("two builds of aws-consumer differ: %x and %x", sums[0], sums[1])
	}
}
