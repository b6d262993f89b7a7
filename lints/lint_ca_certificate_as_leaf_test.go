package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestCACertificateAsLeaf(t *testing.T) {
	testLint(t, "w_opsmgr_ca_certificate_as_leaf", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "warn_ca_leaf.pfx", want: lint.Warn},
		{file: "ca/intermediate.pem", cfg: remote, want: lint.Warn},
		{file: noLeaf, want: lint.NA},
	})
}
