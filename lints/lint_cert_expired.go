package lints

import (
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// certExpired: a certificate is valid from notBefore through notAfter,
// inclusive (RFC 5280 4.1.2.5). After notAfter Schannel refuses it, no secure
// channel can be set up, and the connector logs event 21007 ("the correct
// certificates are not available"). Evaluated at Config.At.
type certExpired struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_cert_expired",
		Description: "An expired certificate cannot set up the OpsMgr secure channel; the connector logs event 21007 and the " +
			"agent or gateway stops reporting",
		Citation: "OpsMgr event 21007; " + citeKB947691 + "; RFC 5280 4.1.2.5",
	}, certlint.OpsMgr{
		Event: eventNoSecure,
		Fix: "Request a new certificate from the OpsMgr certificate template, import it into the computer's Personal store, run MOMCertImport " +
			"(it records the new serial number) and restart the agent (Restart-Service HealthService).",
	}, func() certlint.BundleLintInterface { return &certExpired{} })
}

func (l *certExpired) CheckApplies(in *certlint.Input) bool { return leaf(in) != nil }

func (l *certExpired) Execute(in *certlint.Input) *lint.LintResult {
	c, at := leaf(in), evalTime(in)
	if !at.After(c.NotAfter) {
		return pass()
	}
	return result(lint.Error, "the certificate expired at %s (evaluated at %s)", c.NotAfter.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
}

// evalTime is the run's evaluation time; Run always sets it, a lint run on
// its own falls back to now.
func evalTime(in *certlint.Input) time.Time {
	if in.Config.At.IsZero() {
		return time.Now()
	}
	return in.Config.At
}
