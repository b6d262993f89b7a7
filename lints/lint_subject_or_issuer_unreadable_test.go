package lints

import (
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

func TestSubjectOrIssuerUnreadable(t *testing.T) {
	testLint(t, "e_opsmgr_subject_or_issuer_unreadable", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_empty_subject.pfx", want: lint.Error},
		{file: "fail_empty_subject.pfx", cfg: remote, want: lint.NA}, // the remote twin's case
		{file: noLeaf, want: lint.NA},
	})
}

// Each role's lint carries the event that role raises (20075 for this
// computer's certificate, 20076 for a peer's), and its message names the cause.
func TestSubjectOrIssuerUnreadableEventByRole(t *testing.T) {
	b := load(t, "fail_empty_subject.pfx")
	for name, tc := range map[string]struct {
		role  certlint.Role
		event int
	}{
		"e_opsmgr_subject_or_issuer_unreadable":        {certlint.RoleLocal, 20075},
		"e_opsmgr_remote_subject_or_issuer_unreadable": {certlint.RoleRemote, 20076},
	} {
		if got := certlint.LintByName(name).Event; got != tc.event {
			t.Errorf("%s: event %d, want %d", name, got, tc.event)
		}
		res := runOne(t, name, b, certlint.Config{Role: tc.role})
		if res.Status != lint.Error || !strings.Contains(res.Details, "subject is empty") {
			t.Errorf("%s, role %s: %v %q, want an error naming the cause", name, tc.role, res.Status, res.Details)
		}
	}
	res := runOne(t, "e_opsmgr_remote_subject_or_issuer_unreadable", loadCorpus(t, "malformed/pyca/invalid_utf8_common_name.pem", ""), remote)
	if !strings.Contains(res.Details, "invalid UTF-8") {
		t.Errorf("invalid UTF-8 CN: details %q do not name the cause", res.Details)
	}
}

func TestParseNameStringTypes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		der     []byte
		wantErr bool
		want    string
	}{
		// SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, <string> } } }
		{"utf8", rdn(0x0c, []byte("agent01")), false, "agent01"},
		{"utf8 invalid", rdn(0x0c, []byte{0x61, 0xff}), true, ""},
		{"printable", rdn(0x13, []byte("agent01")), false, "agent01"},
		{"printable control byte", rdn(0x13, []byte{0x61, 0x01}), true, ""},
		{"bmp", rdn(0x1e, []byte{0, 'a', 0, 'b'}), false, "ab"},
		{"bmp odd length", rdn(0x1e, []byte{0, 'a', 0}), true, ""},
		{"teletex latin-1", rdn(0x14, []byte{'a', 0xe9}), false, "aé"},
		{"not a string", rdn(0x02, []byte{1}), true, ""},
	} {
		attrs, err := parseName(tc.der)
		if err != nil || len(attrs) != 1 {
			t.Fatalf("%s: parseName: %v, %d attributes", tc.name, err, len(attrs))
		}
		if (attrs[0].Err != nil) != tc.wantErr || attrs[0].Value != tc.want {
			t.Errorf("%s: got %q, %v; want %q, error %v", tc.name, attrs[0].Value, attrs[0].Err, tc.want, tc.wantErr)
		}
	}
	if _, err := parseName([]byte{0x30, 0x05, 0x31}); err == nil {
		t.Error("truncated name: no error")
	}
}

// rdn encodes a one-attribute Name holding a CN of the given string tag.
func rdn(tag byte, value []byte) []byte {
	atv := append([]byte{0x06, 0x03, 0x55, 0x04, 0x03, tag, byte(len(value))}, value...)
	seq := append([]byte{0x30, byte(len(atv))}, atv...)
	set := append([]byte{0x31, byte(len(seq))}, seq...)
	return append([]byte{0x30, byte(len(set))}, set...)
}
