package lints

import (
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

func TestCertExpiringSoon(t *testing.T) {
	// The good leaves expire at 2035-01-01T00:00:00Z.
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	testLint(t, "w_opsmgr_cert_expiring_soon", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent.pfx", cfg: certlint.Config{At: at(2034, 12, 2)}, want: lint.Pass},  // 30 days left: not within 30 days
		{file: "good_agent.pfx", cfg: certlint.Config{At: at(2034, 12, 10)}, want: lint.Warn}, // 22 days left
		{file: "good_agent.pfx", cfg: certlint.Config{At: at(2034, 12, 10), ExpiryWarning: 7 * 24 * time.Hour}, want: lint.Pass},
		{file: "good_agent.pfx", cfg: certlint.Config{At: at(2034, 6, 1), ExpiryWarning: 365 * 24 * time.Hour}, want: lint.Warn},
		{file: "good_agent.pfx", cfg: certlint.Config{At: at(2034, 12, 31), ExpiryWarning: -1}, want: lint.NA}, // turned off
		{file: "fail_expired.pfx", want: lint.NA},                                                              // e_opsmgr_cert_expired's
		{file: "fail_not_yet_valid.pfx", want: lint.NA},                                                        // e_opsmgr_cert_not_yet_valid's
	})
}
