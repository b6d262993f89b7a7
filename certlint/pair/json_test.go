package pair

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
)

// TestJSONFileNameNotUTF8: a file name that is not UTF-8 still names the
// file in JSON: escaped like the text output, and its exact bytes in
// file_bytes; a UTF-8 name is written as is, without file_bytes.
func TestJSONFileNameNotUTF8(t *testing.T) {
	bad := "dir/bad\xff\xfe\x1bname.pfx"
	for name, v := range map[string]any{
		"report":    report.NewJSONLine(&certlint.Report{File: bad, Err: &certlint.LoadError{File: bad, Err: certlint.ErrMalformed}}, false),
		"pair side": Side{File: bad, Role: certlint.RoleLocal},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			File      string `json:"file"`
			FileBytes []byte `json:"file_bytes"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.File != `dir/bad\xff\xfe\x1bname.pfx` || string(got.FileBytes) != bad || bytes.ContainsRune(b, 0xfffd) || strings.Contains(string(b), `\ufffd`) {
			t.Errorf("%s: %s", name, b)
		}
	}
	b, err := json.Marshal(Side{File: "agent01.pfx"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"file":"agent01.pfx","role"`) || strings.Contains(string(b), "file_bytes") {
		t.Errorf("UTF-8 name: %s", b)
	}
}
