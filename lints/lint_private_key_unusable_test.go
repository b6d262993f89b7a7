package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestPrivateKeyUnusable(t *testing.T) {
	testLint(t, "e_opsmgr_private_key_unusable", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_key_mismatch.pfx", want: lint.Pass}, // usable, just not the certificate's
		{file: "fail_key_unusable.pem", want: lint.Error},
		{file: "fail_no_private_key.pfx", want: lint.NA},
	})
}
