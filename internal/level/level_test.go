package level

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParse_roundTripsEveryLevel(t *testing.T) {
	for _, l := range All() {
		got, err := Parse(l.String())
		if err != nil || got != l {
			t.Errorf("Parse(%q) = %v, %v", l.String(), got, err)
		}
	}
}

func TestParse_rejectsUnknownSpellingNamingTheAllowedOnes(t *testing.T) {
	for _, bad := range []string{"strict", "", "Mandatory", " advisory"} {
		_, err := Parse(bad)
		if err == nil {
			t.Errorf("Parse(%q) accepted", bad)
			continue
		}
		for _, must := range []string{`"` + bad + `"`, "mandatory, advisory, remediate, disabled"} {
			if !strings.Contains(err.Error(), must) {
				t.Errorf("Parse(%q) error %q lacks %q", bad, err, must)
			}
		}
	}
}

func TestLevel_zeroValueIsMandatory(t *testing.T) {
	var l Level
	if l != Mandatory || l.String() != "mandatory" {
		t.Fatalf("zero Level = %s, want mandatory", l)
	}
}

func TestLevel_jsonUsesTheCLISpelling(t *testing.T) {
	b, err := json.Marshal(map[string]Level{"p": Disabled})
	if err != nil || string(b) != `{"p":"disabled"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var back map[string]Level
	if err := json.Unmarshal(b, &back); err != nil || back["p"] != Disabled {
		t.Fatalf("unmarshal = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"p":"strict"}`), &back); err == nil {
		t.Fatal("unmarshal accepted strict")
	}
	if _, err := json.Marshal(Level(9)); err == nil {
		t.Fatal("marshal accepted level(9)")
	}
}
