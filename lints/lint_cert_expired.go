package lints

import (
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// certExpired: a certificate is valid from notBefore through notAfter,
// inclusive (RFC 5280 4.1.2.5). When the connector loads a certificate
// outside its validity period it refuses it with event 20051 ("not currently
// valid", quoted in Microsoft's KB2288515) and then logs 21021, 21007 on each
// connection attempt, and 21016. Evaluated at Config.At.
type certExpired struct{}

// fixValidity is the fix of both validity lints, worded per role.
var fixValidity, fixValidityRemote = ownerFix("check the clock first (w32tm /query /status): a wrong date makes a good certificate look " +
	"expired or not yet valid. If the clock is right, request a new certificate from the OpsMgr certificate template, import it " +
	"into the Local Computer Personal store, run MOMCertImport (it records the new serial number) and restart HealthService; " +
	"event 20053 then confirms the certificate loaded.")

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_cert_expired",
		Description: "An expired certificate is refused when the connector loads it (event 20051, then 21021 and 21007): the " +
			"agent or gateway stops reporting",
		Citation: "OpsMgr event 20051; " + citeKB2288515 + "; RFC 5280 4.1.2.5",
	}, certlint.OpsMgr{
		Event:           eventNotValid,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLGrayAgents,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             fixValidity,
		FixRemote:       fixValidityRemote,
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
