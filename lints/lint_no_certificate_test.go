package lints

import (
	"strings"
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestNoCertificate(t *testing.T) {
	testLint(t, "e_opsmgr_no_certificate", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent.pem", want: lint.Pass},
		{file: "fail_key_mismatch.pfx", want: lint.Pass}, // a certificate is there: e_opsmgr_private_key_mismatch
		{file: "good_agent.cer", cfg: remote, want: lint.NA},
		{file: "fail_no_private_key.pfx", want: lint.NA},
		// The private key of good_agent.pem alone, and a PFX with a key bag
		// and no certificate bag (made by Python cryptography): nothing for
		// MOMCertImport to import, whatever the role.
		{file: noLeaf, want: lint.Error},
		{file: noLeaf, cfg: remote, want: lint.Error},
		{file: "corpus:pkcs12/pyca/no-cert-key-aes256cbc.p12|cryptography", want: lint.Error},
	})
}

// The finding says what the input holds and why it fails, and it is the
// worst result of the run: a key alone must not read as "no findings".
func TestNoCertificateIsTheRunsVerdict(t *testing.T) {
	b := loadKeyOnly(t)
	res := runOne(t, "e_opsmgr_no_certificate", b, local)
	for _, want := range []string{"private key (RSA 2048 bits)", "no certificate", "MOMCertImport has nothing to import"} {
		if !strings.Contains(res.Details, want) {
			t.Errorf("details %q lack %q", res.Details, want)
		}
	}
	if res.Lint.Event != 21022 {
		t.Errorf("event %d, want 21022 (no certificate configured)", res.Lint.Event)
	}
}
