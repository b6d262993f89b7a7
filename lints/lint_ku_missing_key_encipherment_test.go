package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestKUMissingKeyEncipherment(t *testing.T) {
	testLint(t, "e_opsmgr_ku_missing_key_encipherment", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_ku_no_keyencipherment.pfx", want: lint.Error},
		{file: "ca/root.pem", cfg: remote, want: lint.Error},
		// A v1 certificate has no extensions, so no key usage to check.
		{file: "corpus:malformed/pyca/v1_cert.pem|", cfg: remote, want: lint.NA},
		{file: noLeaf, want: lint.NA},
	})
}

// The message lists the bits in RFC 5280 order, the same on every run.
func TestKUMissingKeyEnciphermentDetails(t *testing.T) {
	want := "key usage has digitalSignature, keyCertSign, cRLSign but not keyEncipherment"
	for i := 0; i < 20; i++ {
		res := runOne(t, "e_opsmgr_ku_missing_key_encipherment", load(t, "ca/root.pem"), remote)
		if res.Details != want {
			t.Fatalf("details %q, want %q", res.Details, want)
		}
	}
}
