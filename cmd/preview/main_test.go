package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cli is the preview command, built once for the test process.
var cli string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pciqueue-preview-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cli = filepath.Join(dir, "preview")
	if out, err := exec.Command("go", "build", "-o", cli, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the preview command: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// invocation is one run of the command from the repository root, with its own temporary directory so
// that whatever it leaves behind can be seen.
type invocation struct {
	cmd            *exec.Cmd
	tmp, reportDir string
	stdout, stderr bytes.Buffer
}

func start(t *testing.T, args ...string) *invocation {
	t.Helper()
	r := &invocation{tmp: t.TempDir(), reportDir: t.TempDir()}
	r.cmd = exec.Command(cli, append([]string{"-report", r.reportDir}, args...)...)
	r.cmd.Dir = "../.."
	r.cmd.Env = append(os.Environ(), "TMPDIR="+r.tmp)
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

// wait waits for the command and returns its exit code.
func (r *invocation) wait(t *testing.T) int {
	t.Helper()
	err := r.cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	default:
		t.Fatal(err)
		return -1
	}
}

// leftovers lists what the command left in its temporary directory.
func (r *invocation) leftovers(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(r.tmp)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// packProcesses lists the live processes running a binary from the command's temporary directory: the
// policy pack it built.
func (r *invocation) packProcesses() []int {
	var out []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		exe, err := os.Readlink(filepath.Join(d, "exe"))
		if err != nil || !strings.HasPrefix(exe, r.tmp+string(filepath.Separator)) {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:])); len(f) > 0 && f[0] == "Z" {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		out = append(out, pid)
	}
	return out
}

func (r *invocation) assertClean(t *testing.T) {
	t.Helper()
	if left := r.leftovers(t); len(left) > 0 {
		t.Errorf("the command left %v in its temporary directory", left)
	}
	if ps := r.packProcesses(); len(ps) > 0 {
		t.Errorf("the command left pack processes %v running", ps)
	}
}

func TestCommand_everyExitPathCleansUp(t *testing.T) {
	policyConfig := func(body string) string {
		path := filepath.Join(t.TempDir(), "policy-config.json")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
		report bool
	}{
		{"bad stack", []string{"-stack", "nope"}, 1, "Pulumi.nope.yaml", false},
		{"unknown policy", []string{"-policy-config", policyConfig(`{"pci-does-not-exist":"mandatory"}`)}, 1, `no policy named "pci-does-not-exist"`, false},
		{"invalid level", []string{"-policy-config", policyConfig(`{"all":"strict"}`)}, 1, `enforcement level "strict" is not one of mandatory, advisory, remediate, disabled`, false},
		{"bad property", []string{"-policy-config", policyConfig(`{"pci-3.7.4-kms-key-rotation":{"maxRotationDays":"abc"}}`)}, 1, `property "maxRotationDays" is "abc"; want a number`, false},
		{"mandatory violation", []string{"-policy-config", policyConfig(`{"pci-3.7.5-kms-key-protect":"mandatory"}`)}, 1, "mandatory policy violations", true},
		{"all disabled", []string{"-policy-config", policyConfig(`{"all":"disabled"}`)}, 0, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := start(t, tc.args...)
			if code := r.wait(t); code != tc.code {
				t.Errorf("exit code %d, want %d\n%s", code, tc.code, r.stderr.String())
			}
			if !strings.Contains(r.stderr.String(), tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr.String())
			}
			if strings.Contains(r.stderr.String(), "panic") {
				t.Errorf("the command panicked:\n%s", r.stderr.String())
			}
			_, err := os.Stat(filepath.Join(r.reportDir, "aws-dev.md"))
			if (err == nil) != tc.report {
				t.Errorf("report written = %v, want %v", err == nil, tc.report)
			}
			r.assertClean(t)
		})
	}
}

// interruptWhen starts the command and sends it SIGINT as soon as ready says so.
func interruptWhen(t *testing.T, ready func(*invocation) bool) (*invocation, int) {
	t.Helper()
	r := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for !ready(r) {
		if r.cmd.ProcessState != nil || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatalf("the command ended before the moment to interrupt it: %v\n%s", err, r.stdout.String())
	}
	return r, r.wait(t)
}

func TestCommand_interruptWhileBuildingThePackCleansUp(t *testing.T) {
	r, code := interruptWhen(t, func(r *invocation) bool { return len(r.leftovers(t)) > 0 })
	if code != 130 {
		t.Errorf("exit code %d, want 130\n%s", code, r.stderr.String())
	}
	r.assertClean(t)
}

func TestCommand_interruptWhileThePackRunsStopsItAndCleansUp(t *testing.T) {
	var pack []int
	r, code := interruptWhen(t, func(r *invocation) bool { pack = r.packProcesses(); return len(pack) > 0 })
	if len(pack) == 0 {
		t.Fatal("the pack process was never seen")
	}
	if code != 130 || !strings.Contains(r.stderr.String(), "interrupted") {
		t.Errorf("exit code %d, want 130 with a message\n%s", code, r.stderr.String())
	}
	r.assertClean(t)
	if _, err := os.Stat(filepath.Join(r.reportDir, "aws-dev.md")); err == nil {
		t.Error("an interrupted run wrote a report")
	}
}
