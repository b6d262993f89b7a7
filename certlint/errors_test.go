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

func TestBriefParseError(t *testing.T) {
	for in, want := range map[string]string{
		"asn1: structure error: tags don't match (2 vs {class:0 tag:16 length:3 isCompound:true}) {optional:false explicit:false} int @2": "asn1: structure error: tags don't match",
		"x509: malformed certificate":          "x509: malformed certificate",
		"asn1: syntax error: data truncated":   "asn1: syntax error: data truncated",
		"x509: unknown version (see RFC 5280)": "x509: unknown version (see RFC 5280)",
	} {
		if got := briefParseError(errors.New(in)); got != want {
			t.Errorf("briefParseError(%q) = %q, want %q", in, got, want)
		}
	}
	long := errors.New(strings.Repeat("x", 500))
	if got := briefParseError(long); len(got) > 170 {
		t.Errorf("long error kept %d bytes", len(got))
	}
}
