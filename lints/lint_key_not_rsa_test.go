package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestKeyNotRSA(t *testing.T) {
	testLint(t, "e_opsmgr_key_not_rsa", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "warn_rsa1024.pfx", want: lint.Pass},
		{file: "fail_ecdsa.pfx", want: lint.Error},
		{file: noLeaf, want: lint.NA},
	})
}
