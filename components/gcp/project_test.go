package gcp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const projectResource = "projects/" + gcp.OfflineProjectNumber

func TestProjectControls_enforcedPerimeterRestrictsTheQueueServices(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	p := d.find(t, tPerimeter, "project-perimeter")
	for path, want := range map[string]string{
		"parent": testAccessPolicy, "perimeterType": "PERIMETER_TYPE_REGULAR",
		"name": testAccessPolicy + "/servicePerimeters/pciqueue_test",
	} {
		if got := str(t, p, path); got != want {
			t.Errorf("perimeter %s = %q, want %q", path, got, want)
		}
	}
	if v := prop(p, "useExplicitDryRunSpec"); !v.IsBool() || v.BoolValue() {
		t.Errorf("useExplicitDryRunSpec = %v, want false for an enforced perimeter", v)
	}
	if v := prop(p, "spec"); !v.IsNull() {
		t.Errorf("enforced perimeter has a dry-run spec: %v", v)
	}
	checkPerimeterConfig(t, p, "status")
	if got := d.outputs["controls.perimeterEnforced"]; got != true {
		t.Errorf("perimeterEnforced = %v, want true", got)
	}
	if got := d.outputs["perimeterName"]; got != str(t, p, "name") {
		t.Errorf("queue output perimeterName = %v, want %q", got, str(t, p, "name"))
	}
}

func TestProjectControls_dryRunPerimeterEnforcesNothing(t *testing.T) {
	args := controlsArgs()
	args.DryRun = true
	d := mustDeploy(t, false, args, queueArgs())
	if got := d.outputs["controls.perimeterEnforced"]; got != false {
		t.Errorf("perimeterEnforced = %v, want false in dry-run mode", got)
	}
	p := d.find(t, tPerimeter, "project-perimeter")
	if v := prop(p, "useExplicitDryRunSpec"); !v.IsBool() || !v.BoolValue() {
		t.Errorf("useExplicitDryRunSpec = %v, want true", v)
	}
	if v := prop(p, "status"); !v.IsNull() {
		t.Errorf("dry-run perimeter enforces a status: %v", v)
	}
	checkPerimeterConfig(t, p, "spec")
}

func checkPerimeterConfig(t *testing.T, p enginetest.Resource, block string) {
	t.Helper()
	if got := stringList(t, p, block, "resources"); !slices.Equal(got, []string{projectResource}) {
		t.Errorf("%s.resources = %v, want [%s]", block, got, projectResource)
	}
	restricted := stringList(t, p, block, "restrictedServices")
	for _, svc := range []string{"pubsub.googleapis.com", "cloudkms.googleapis.com"} {
		if !slices.Contains(restricted, svc) {
			t.Errorf("%s.restrictedServices = %v lacks %s", block, restricted, svc)
		}
	}
	if got := stringList(t, p, block, "accessLevels"); !slices.Equal(got, []string{testAccessLevel}) {
		t.Errorf("%s.accessLevels = %v", block, got)
	}
	if v := prop(p, block, "vpcAccessibleServices", "enableRestriction"); !v.IsBool() || !v.BoolValue() {
		t.Errorf("%s.vpcAccessibleServices.enableRestriction = %v, want true", block, v)
	}
	if got := stringList(t, p, block, "vpcAccessibleServices", "allowedServices"); !slices.Equal(got, gcp.VPCAllowedServices) {
		t.Errorf("%s.vpcAccessibleServices.allowedServices = %v", block, got)
	}
}

func TestProjectControls_attachToExistingPerimeter(t *testing.T) {
	const existing = testAccessPolicy + "/servicePerimeters/cde"
	for _, tc := range []struct {
		dryRun bool
		typ    string
	}{{false, tPerimeterMbr}, {true, tPerimeterDryMb}} {
		d := mustDeploy(t, false, gcp.ProjectControlsArgs{Perimeter: existing, DryRun: tc.dryRun}, queueArgs())
		if n := len(enginetest.ByType(d.rs, tPerimeter)); n != 0 {
			t.Errorf("dryRun=%v: created %d perimeters while attaching to an existing one", tc.dryRun, n)
		}
		m := d.find(t, tc.typ, "project-perimeter-member")
		if str(t, m, "perimeterName") != existing || str(t, m, "resource") != projectResource {
			t.Errorf("dryRun=%v: attachment = %v", tc.dryRun, m.Inputs)
		}
		if got := d.outputs["perimeterName"]; got != existing {
			t.Errorf("dryRun=%v: perimeterName output = %v", tc.dryRun, got)
		}
	}
}

func TestProjectControls_auditConfigForPubSubAndKMS(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	var services []string
	for _, cfg := range enginetest.ByType(d.rs, tAuditConfig) {
		services = append(services, str(t, cfg, "service"))
		if got := str(t, cfg, "project"); got != gcp.OfflineProject {
			t.Errorf("audit config %q on project %q", cfg.Name, got)
		}
		var types []string
		for _, c := range prop(cfg, "auditLogConfigs").ArrayValue() {
			types = append(types, plain(plain(c).ObjectValue()["logType"]).StringValue())
			if ex := plain(plain(c).ObjectValue()["exemptedMembers"]); !ex.IsNull() && len(ex.ArrayValue()) > 0 {
				t.Errorf("audit config %q exempts %v from logging", cfg.Name, ex)
			}
		}
		slices.Sort(types)
		if !slices.Equal(types, []string{"ADMIN_READ", "DATA_READ", "DATA_WRITE"}) {
			t.Errorf("audit config %q log types = %v", cfg.Name, types)
		}
	}
	slices.Sort(services)
	if !slices.Equal(services, []string{"cloudkms.googleapis.com", "pubsub.googleapis.com"}) {
		t.Errorf("audited services = %v", services)
	}
}

func TestProjectControls_serviceAccountKeysForbiddenUnlessTheOrgDoes(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	pol := d.find(t, tOrgPolicy, "project-no-service-account-keys")
	if str(t, pol, "constraint") != gcp.NoServiceAccountKeysConstraint || !prop(pol, "booleanPolicy", "enforced").BoolValue() {
		t.Errorf("organization policy = %v", pol.Inputs)
	}
	args := controlsArgs()
	args.OrgDisablesServiceAccountKeys = true
	if n := countPolicies(mustDeploy(t, false, args, queueArgs()).rs, gcp.NoServiceAccountKeysConstraint); n != 0 {
		t.Errorf("%d key-creation policies although the organization enforces the constraint", n)
	}
}

func TestProjectControls_tlsBelow1_2RefusedUnlessTheOrgDoes(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	pol := d.find(t, tOrgPolicy, "project-tls-1-2-minimum")
	var denied []string
	for _, v := range prop(pol, "listPolicy", "deny", "values").ArrayValue() {
		denied = append(denied, v.StringValue())
	}
	if str(t, pol, "constraint") != gcp.RestrictTLSConstraint || !slices.Equal(denied, gcp.LegacyTLSVersions) {
		t.Errorf("TLS policy = %v", pol.Inputs)
	}
	args := controlsArgs()
	args.OrgRestrictsTLSVersions = true
	if n := countPolicies(mustDeploy(t, false, args, queueArgs()).rs, gcp.RestrictTLSConstraint); n != 0 {
		t.Errorf("%d TLS policies although the organization enforces the constraint", n)
	}
}

func countPolicies(rs []enginetest.Resource, constraint string) int {
	n := 0
	for _, r := range enginetest.ByType(rs, tOrgPolicy) {
		if v, ok := r.Inputs["constraint"]; ok && v.IsString() && v.StringValue() == constraint {
			n++
		}
	}
	return n
}

func TestProjectControls_ensuresThePubSubServiceAgent(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	agent := d.find(t, tServiceAgent, "project-pubsub-agent")
	if str(t, agent, "service") != gcp.PubSubService || str(t, agent, "project") != gcp.OfflineProject {
		t.Errorf("service identity = %v", agent.Inputs)
	}
	if got := d.outputs["controls.pubsubServiceAgent"]; got != outputOf(agent, "member") {
		t.Errorf("pubsubServiceAgent output = %v, the service identity's member is %q", got, outputOf(agent, "member"))
	}
}

func TestProjectControls_invalidArgsRegisterNothing(t *testing.T) {
	cases := []struct {
		name string
		args gcp.ProjectControlsArgs
		want string
	}{
		{"neither policy nor perimeter", gcp.ProjectControlsArgs{}, "accessPolicy or perimeter is required"},
		{"both", gcp.ProjectControlsArgs{AccessPolicy: testAccessPolicy, Perimeter: testAccessPolicy + "/servicePerimeters/cde"}, "not both"},
		{"bare policy number", gcp.ProjectControlsArgs{AccessPolicy: "123456789"}, `accessPolicy = "123456789"`},
		{"perimeter title", gcp.ProjectControlsArgs{Perimeter: "CDE perimeter"}, "servicePerimeters/<name>"},
		{"access level of another policy", gcp.ProjectControlsArgs{AccessPolicy: testAccessPolicy, AccessLevels: []string{"accessPolicies/1/accessLevels/ci"}}, "accessLevels[0]"},
		{"access level with existing perimeter", gcp.ProjectControlsArgs{Perimeter: testAccessPolicy + "/servicePerimeters/cde", AccessLevels: []string{testAccessLevel}}, "existing perimeter's owner"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.args.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error mentioning %q", err, tc.want)
			}
			d, err := deploy(t, false, tc.args, queueArgs())
			if err == nil {
				t.Fatal("NewProjectControls accepted the args")
			}
			for _, r := range d.rs {
				if !strings.HasPrefix(r.Type, "pulumi:providers:") {
					t.Errorf("registered %s %q although the args are invalid", r.Type, r.Name)
				}
			}
		})
	}
}

// A refused access policy, perimeter or access level is named in the error, but a card number in it never is.
func TestProjectControlsArgs_validateNeverEchoesACardNumber(t *testing.T) {
	pan := cardnum.WithCheckDigit("401288888888188")
	dotted := pan[:4] + "." + pan[4:8] + "." + pan[8:12] + "." + pan[12:]
	for name, args := range map[string]*gcp.ProjectControlsArgs{
		"access policy": {AccessPolicy: "accessPolicies/" + dotted},
		"perimeter":     {Perimeter: "accessPolicies/1/servicePerimeters/" + dotted},
		"access level":  {AccessPolicy: "accessPolicies/1", AccessLevels: []string{"levels " + pan}},
	} {
		err := args.Validate()
		if err == nil {
			t.Errorf("%s with a card number was accepted; want an error naming the field", name)
			continue
		}
		if strings.Contains(cardnum.AllDigits(err.Error()), pan) {
			t.Errorf("%s: the error repeats the card number: %s", name, cardnum.Scrub(err.Error()))
		}
	}
}
