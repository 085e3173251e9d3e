package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
)

// requireBrowser makes a missing Chromium a failure instead of a skip; CI sets it after installing it.
const requireBrowser = "PCIQUEUE_REQUIRE_BROWSER"

// chromium finds Debian's Chromium, skipping the test only when it is absent and not required.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv(requireBrowser) != "" {
		t.Fatalf("%s is set but chromium is not installed (apt-get install chromium)", requireBrowser)
	}
	t.Skipf("chromium is not installed: apt-get install chromium, or set %s=1 to make this a failure", requireBrowser)
	return ""
}

// runChromium runs headless Chromium on a local file with everything that could reach the network off.
// The deadline only stops a hung browser; nothing is asserted about time.
func runChromium(t *testing.T, bin, dir string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, tail(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

func TestHTML_rendersInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "aws-dev.html")
	var html bytes.Buffer
	if err := build(t, awsDev(t)).HTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, dir, "--screenshot="+shot, "--window-size=1400,2000", url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1400 || b.Dy() != 2000 {
		t.Errorf("screenshot is %dx%d, want the 1400x2000 window", b.Dx(), b.Dy())
	}
	if len(data) < 50_000 {
		t.Errorf("screenshot is %d bytes: too small for a rendered report", len(data))
	}
	if n := colours(img); n < 50 {
		t.Errorf("screenshot has %d distinct colours: the page did not render", n)
	}

	dom := string(runChromium(t, bin, dir, "--dump-dom", url))
	for _, must := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" id="resource-diagram"`,
		`<g class="node cat1 fail">`,
		`<table id="matrix">`,
		`<tr id="req-3.5.1" class="requirement" data-result="NOT VERIFIED">`,
		`<tr id="req-3.7.4" class="requirement" data-result="FAIL">`,
		`<tr id="req-12.5.2" class="requirement" data-result="PASS">`,
		`<tr id="resp-8.4.1" class="responsibility">`,
		`<tr id="resp-12.8" class="responsibility">`,
		`>payments-queue</text>`,
		`<dd id="prov-source">preview (dry run of the stack program)</dd>`,
		`<dd id="prov-pack">pciqueue-pci-dss-4 ` + pack.Version + `</dd>`,
		`<dd id="prov-revision">4b825dc642cb6eb9a060e54bf8d69288fbee4904 (dirty)</dd>`,
		`<dd id="prov-stack-config">9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08</dd>`,
		`<table id="policy-settings">`,
		`<tr class="policy-setting" data-level="mandatory"><td><code>pci-3.7.4-kms-key-rotation</code></td>`,
	} {
		if !strings.Contains(dom, must) {
			t.Errorf("the DOM Chromium built lacks %q", must)
		}
	}
}

// TestHTML_deployedStateRendersInHeadlessChromium renders the report of a deployed state: it says so in
// its provenance, speaks of no preview, and a disabled policy's requirement is NOT CHECKED.
func TestHTML_deployedStateRendersInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	in := withLevels(awsDev(t), map[string]level.Level{aws.KeyRotation.Name: level.Disabled})
	in.DryRun = false
	in.Provenance.State = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	var html bytes.Buffer
	if err := build(t, in).HTML(&html); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "aws-dev.html")
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(runChromium(t, bin, dir, "--dump-dom", "file://"+page))
	for _, must := range []string{
		`<dd id="prov-source">deployed state (a pulumi stack export, judged as an update)</dd>`,
		`<dd id="prov-state">e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</dd>`,
		`<p class="note" id="disabled-note">`,
		`<tr id="req-3.7.4" class="requirement" data-result="NOT CHECKED">`,
		`<tr class="policy-setting disabled" data-level="disabled">`,
	} {
		if !strings.Contains(dom, must) {
			t.Errorf("the DOM Chromium built lacks %q", must)
		}
	}
	for _, mustNot := range []string{`id="dry-run-note"`, "IN PREVIEW"} {
		if strings.Contains(dom, mustNot) {
			t.Errorf("a deployed-state report has %q", mustNot)
		}
	}
}

// colours counts the distinct colours of img, up to a bound.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

func TestHTML_isSelfContained(t *testing.T) {
	_, html := render(t, build(t, awsDev(t)))
	for _, banned := range []string{"<script", "<link", "<iframe", "<img", "src=", "href=", "@import", "@font-face"} {
		if strings.Contains(html, banned) {
			t.Errorf("HTML contains %q: the page must load nothing", banned)
		}
	}
	if n, ns := strings.Count(html, "http"), strings.Count(html, `xmlns="http://www.w3.org/2000/svg"`); n != ns {
		t.Errorf("HTML names %d addresses besides the SVG namespace", n-ns)
	}
}
