package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestWeakSignatureAlgorithm(t *testing.T) {
	testLint(t, "w_opsmgr_weak_signature_algorithm", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_ecdsa.pfx", want: lint.Pass},
		{file: "warn_sha1.pfx", want: lint.Warn},
		{file: noLeaf, want: lint.NA},
	})
}
