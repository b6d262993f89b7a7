package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPrivateKeyMismatch(t *testing.T) {
	testLint(t, "e_opsmgr_private_key_mismatch", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent_pkcs1.pem", want: lint.Pass},
		{file: "fail_key_mismatch.pfx", want: lint.Error},
		{file: "fail_key_mismatch.pfx", cfg: remote, want: lint.Error},
		{file: "fail_no_private_key.pfx", want: lint.NA},
	})
}
