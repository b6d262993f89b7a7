package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPFXKeyProviderUnrecognized(t *testing.T) {
	testLint(t, "w_opsmgr_pfx_key_provider_unrecognized", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent_legacy.pfx", want: lint.Pass},
		{file: "corpus:pkcs12/dotnet/System.Security.Cryptography.X509Certificates.TestData__My.pfx|12345", want: lint.Pass}, // Strong CSP
		{file: "warn_key_provider_unknown.pfx", want: lint.Warn},
		{file: "fail_ksp.pfx", want: lint.NA}, // a KSP is e_opsmgr_pfx_key_in_cng_ksp's
		{file: "good_agent_noattrs.pfx", want: lint.NA},
	})
}
