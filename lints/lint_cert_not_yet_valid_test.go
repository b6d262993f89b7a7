package lints

import (
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

func TestCertNotYetValid(t *testing.T) {
	testLint(t, "e_opsmgr_cert_not_yet_valid", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_expired.pfx", want: lint.Pass},
		{file: "fail_not_yet_valid.pfx", want: lint.Error},
		{file: "fail_not_yet_valid.pfx", cfg: certlint.Config{At: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)}, want: lint.Pass},
		{file: "good_agent.pfx", cfg: certlint.Config{At: time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC)}, want: lint.Error},
		{file: noLeaf, want: lint.NA},
	})
}
