package certlint

import (
	"errors"
	"strings"
	"testing"
)

func TestLoadErrorOneLine(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"agent.pfx", "agent.pfx: wrong password: MAC does not verify"},
		{"a\nb.pfx", `"a\nb.pfx": wrong password: MAC does not verify`},
		{"bad\xffname.pfx", `"bad\xffname.pfx": wrong password: MAC does not verify`},
		{"esc\x1b[31m.pfx", `"esc\x1b[31m.pfx": wrong password: MAC does not verify`},
		{"café.pfx", "café.pfx: wrong password: MAC does not verify"},
	} {
		err := loadErr(tc.file, ErrWrongPassword, "MAC does not verify")
		if got := err.Error(); got != tc.want {
			t.Errorf("file %q: got %q, want %q", tc.file, got, tc.want)
		}
		if strings.ContainsAny(err.Error(), "\n\r\x1b") {
			t.Errorf("file %q: error is not one safe line: %q", tc.file, err.Error())
		}
		if !errors.Is(err, ErrWrongPassword) {
			t.Errorf("file %q: errors.Is(ErrWrongPassword) is false", tc.file)
		}
	}
}
