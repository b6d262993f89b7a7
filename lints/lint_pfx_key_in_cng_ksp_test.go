package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPFXKeyInCNGKSP(t *testing.T) {
	testLint(t, "e_opsmgr_pfx_key_in_cng_ksp", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent_legacy.pfx", want: lint.Pass},
		{file: "warn_key_provider_unknown.pfx", want: lint.Pass},
		{file: "fail_ksp.pfx", want: lint.Error},
		// A real Windows certmgr export of a key in "Microsoft Software Key Storage Provider".
		{file: "corpus:pkcs12/go-pkcs12/testdata-Windows_Azure_Tools.p12|", want: lint.Error},
		{file: "good_agent_noattrs.pfx", want: lint.NA},
		{file: "fail_no_private_key.pfx", want: lint.NA},
	})
}

func TestProviderClassification(t *testing.T) {
	for _, tc := range []struct {
		provider   string
		cng, rsaOK bool
	}{
		{"Microsoft Software Key Storage Provider", true, false},
		{"Microsoft Smart Card Key Storage Provider", true, false},
		{"Microsoft Platform Crypto Provider", true, false},
		{"microsoft software key storage provider\x00", true, false},
		{"SafeNet Key Storage Provider", true, false},
		{"Microsoft Enhanced RSA and AES Cryptographic Provider", false, true},
		{"Microsoft Enhanced Cryptographic Provider v1.0", false, true},
		{"Microsoft Strong Cryptographic Provider", false, true},
		{"Microsoft RSA SChannel Cryptographic Provider", false, true},
		{"Microsoft Base DSS Cryptographic Provider", false, false},
		{"Contoso HSM Cryptographic Provider", false, false},
	} {
		if got := isCNGProvider(tc.provider); got != tc.cng {
			t.Errorf("isCNGProvider(%q) = %v, want %v", tc.provider, got, tc.cng)
		}
		if got := isLegacyRSACSP(tc.provider); got != tc.rsaOK {
			t.Errorf("isLegacyRSACSP(%q) = %v, want %v", tc.provider, got, tc.rsaOK)
		}
	}
}
