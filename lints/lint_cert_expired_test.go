package lints

import (
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

func TestCertExpired(t *testing.T) {
	testLint(t, "e_opsmgr_cert_expired", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_not_yet_valid.pfx", want: lint.Pass},
		{file: "fail_expired.pfx", want: lint.Error},
		// notAfter itself is still valid (RFC 5280 4.1.2.5); one second later is not.
		{file: "fail_expired.pfx", cfg: certlint.Config{At: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}, want: lint.Pass},
		{file: "fail_expired.pfx", cfg: certlint.Config{At: time.Date(2021, 1, 1, 0, 0, 1, 0, time.UTC)}, want: lint.Error},
		{file: "good_agent.pfx", cfg: certlint.Config{At: time.Date(2035, 1, 1, 0, 0, 1, 0, time.UTC)}, want: lint.Error},
		{file: noLeaf, want: lint.NA},
	})
}
