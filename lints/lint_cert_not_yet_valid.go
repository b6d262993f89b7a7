package lints

import (
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// certNotYetValid: before notBefore (RFC 5280 4.1.2.5) Schannel refuses the
// certificate just as after notAfter; the connector logs event 21007. It is
// often a clock problem on one side. Evaluated at Config.At.
type certNotYetValid struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name:        "e_opsmgr_cert_not_yet_valid",
		Description: "A certificate that is not valid yet cannot set up the OpsMgr secure channel; the connector logs event 21007",
		Citation:    "OpsMgr event 21007; " + citeKB947691 + "; RFC 5280 4.1.2.5",
	}, certlint.OpsMgr{
		Event: eventNoSecure,
		Fix: "Check the clocks of this computer and of the issuing CA (w32tm /query /status); use the certificate once it is valid, " +
			"or request one that is valid now, and run MOMCertImport again.",
	}, func() certlint.BundleLintInterface { return &certNotYetValid{} })
}

func (l *certNotYetValid) CheckApplies(in *certlint.Input) bool { return leaf(in) != nil }

func (l *certNotYetValid) Execute(in *certlint.Input) *lint.LintResult {
	c, at := leaf(in), evalTime(in)
	if !at.Before(c.NotBefore) {
		return pass()
	}
	return result(lint.Error, "the certificate is not valid before %s (evaluated at %s)", c.NotBefore.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
}
