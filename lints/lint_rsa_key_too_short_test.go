package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestRSAKeyTooShort(t *testing.T) {
	testLint(t, "w_opsmgr_rsa_key_too_short", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "warn_rsa1024.pfx", want: lint.Warn},
		{file: "fail_ecdsa.pfx", want: lint.NA},
	})
}
