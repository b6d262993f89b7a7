package lints

import (
	"fmt"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// certExpiringSoon warns when a certificate valid at Config.At expires within
// Config.ExpiryWarning (30 days by default; a negative value turns the
// warning off). OpsMgr does not renew certificates nor re-run MOMCertImport:
// on expiry the connector refuses the certificate at its next load with
// event 20051 (then 21021, 21007, 21016) and the agent stops reporting, so
// the renewal (new certificate, MOMCertImport, restart) must happen before.
// A renewal without MOMCertImport gives 20066 instead.
type certExpiringSoon struct{}

// defaultExpiryWarning is used when Config.ExpiryWarning is 0 (Run sets the
// same default).
const defaultExpiryWarning = 30 * 24 * time.Hour

func init() {
	fix, fixRemote := ownerFix("renew the certificate now (from the OpsMgr template), import it, run MOMCertImport so the registry " +
		"names the new serial number (a renewal without it gives event 20066), and restart HealthService.")
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "w_opsmgr_cert_expiring_soon",
		Description: "The certificate expires soon; OpsMgr does not renew it nor re-run MOMCertImport, so on expiry the connector " +
			"refuses it (event 20051, then 21021 and 21007) unless it is replaced in time",
		Citation: "OpsMgr event 20051; " + citeKB2288515 + "; RFC 5280 4.1.2.5",
	}, certlint.OpsMgr{
		RelatedEvents:   afterLoad(eventNotValid),
		EventSource:     events.URLGrayAgents,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             fix,
		FixRemote:       fixRemote,
	}, func() certlint.BundleLintInterface { return &certExpiringSoon{} })
}

func (l *certExpiringSoon) CheckApplies(in *certlint.Input) bool {
	c := leaf(in)
	if c == nil || in.Config.ExpiryWarning < 0 {
		return false
	}
	at := evalTime(in)
	return !at.Before(c.NotBefore) && !at.After(c.NotAfter) // expired and not yet valid have their own lints
}

func (l *certExpiringSoon) Execute(in *certlint.Input) *lint.LintResult {
	c, at := leaf(in), evalTime(in)
	window := in.Config.ExpiryWarning
	if window == 0 {
		window = defaultExpiryWarning
	}
	left := c.NotAfter.Sub(at)
	if left >= window {
		return pass()
	}
	return result(lint.Warn, "the certificate expires at %s, %s after %s (warning window %s)",
		c.NotAfter.UTC().Format(time.RFC3339), roundDuration(left), at.UTC().Format(time.RFC3339), roundDuration(window))
}

// roundDuration renders a duration in days (or hours when under two days).
func roundDuration(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int64(d/(24*time.Hour)))
	}
	return d.Round(time.Minute).String()
}
