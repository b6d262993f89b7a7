package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestShortHostName(t *testing.T) {
	testLint(t, "w_opsmgr_short_host_name", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_empty_subject.pfx", want: lint.Pass}, // the SAN is an FQDN
		{file: "warn_short_hostname.pfx", want: lint.Warn},
		{file: "ca/root.pem", cfg: remote, want: lint.NA}, // CA certificates are w_opsmgr_ca_certificate_as_leaf's
	})
}
