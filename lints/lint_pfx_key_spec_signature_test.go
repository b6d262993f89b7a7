package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPFXKeySpecSignature(t *testing.T) {
	testLint(t, "e_opsmgr_pfx_key_spec_signature", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent_legacy.pfx", want: lint.Pass},
		{file: "fail_keysig.pfx", want: lint.Error},
		{file: "fail_keysig.pfx", cfg: remote, want: lint.Error},
		{file: "good_agent_noattrs.pfx", want: lint.NA}, // no key usage attribute
		{file: "good_agent.pem", want: lint.NA},         // not a PFX
		// Made on Windows: .NET's My.pfx is KEY_SIG (0x80), DummyTcpServer.pfx KEY_EX (0x10).
		{file: "corpus:pkcs12/dotnet/System.Security.Cryptography.X509Certificates.TestData__My.pfx|12345", want: lint.Error},
		{file: "corpus:pkcs12/dotnet/System.Security.Cryptography.X509Certificates.TestData__DummyTcpServer.pfx|", want: lint.Pass},
		// The Windows certmgr export of a KSP key in go-pkcs12's test data has
		// no key usage attribute at all (openssl pkcs12 -info: "Key Attributes: <No Attributes>").
		{file: "corpus:pkcs12/go-pkcs12/testdata-Windows_Azure_Tools.p12|", want: lint.NA},
	})
}
