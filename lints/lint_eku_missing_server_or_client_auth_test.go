package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestEKUMissingServerOrClientAuth(t *testing.T) {
	testLint(t, "e_opsmgr_eku_missing_server_or_client_auth", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_ms.pfx", want: lint.Pass},
		{file: "fail_eku_server_only.pfx", want: lint.Error},
		{file: "fail_no_eku.pfx", want: lint.Error},
		{file: "corpus:pkcs12/dotnet/System.Net.TestData__testclienteku.contoso.com.pfx|testcertificate", want: lint.Error},
		{file: noLeaf, want: lint.NA},
	})
}
