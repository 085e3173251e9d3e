package azurefunc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzTriggerBody: whichever way the host encodes a message holding a JSON
// object (raw object, string, string serialized twice, base64), triggerBody
// recovers the same bytes; on any other input it does not panic. Only valid
// UTF-8 is checked: the host's strings cannot carry anything else.
func FuzzTriggerBody(f *testing.F) {
	for _, s := range []string{`{"schema":"pciqueue.payment.v1"}`, `{}`, `{"a":"\"q\""}`, `{"a":"é\u2028"}`, `not json`, `"x"`, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		_, _ = triggerBody(msg)
		_ = metadataText(msg)
		var obj map[string]any
		if !utf8.Valid(msg) || json.Unmarshal(msg, &obj) != nil || !bytes.HasPrefix(msg, []byte("{")) {
			return
		}
		once, _ := json.Marshal(string(msg))
		twice, _ := json.Marshal(string(once))
		b64, _ := json.Marshal(base64.StdEncoding.EncodeToString(msg))
		for name, v := range map[string][]byte{"object": msg, "string": once, "string twice": twice, "base64": b64} {
			got, err := triggerBody(v)
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("%s form: got %q, %v; want the message back", name, got, err)
			}
		}
	})
}
