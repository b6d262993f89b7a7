package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPrivateKeyMissing(t *testing.T) {
	testLint(t, "e_opsmgr_private_key_missing", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent.pem", want: lint.Pass},
		{file: "good_agent_encrypted.pem", want: lint.Pass},
		{file: "fail_key_mismatch.pfx", want: lint.Pass}, // a key is there: e_opsmgr_private_key_mismatch
		{file: "fail_no_private_key.pfx", want: lint.Error},
		{file: "good_agent.cer", cfg: local, want: lint.Error},
		{file: "chain.p7b", cfg: local, want: lint.Error},
		{file: "good_agent.cer", cfg: remote, want: lint.NA},
		{file: noLeaf, want: lint.NA},
	})
}
