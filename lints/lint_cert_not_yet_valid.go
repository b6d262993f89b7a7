package lints

import (
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// certNotYetValid: before notBefore (RFC 5280 4.1.2.5) the certificate is
// not currently valid, just as after notAfter: the connector refuses it at
// load with event 20051 (Microsoft's KB2288515), then logs 21021, 21007 and
// 21016. It is often a clock problem on one side. Evaluated at Config.At.
type certNotYetValid struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_cert_not_yet_valid",
		Description: "A certificate that is not valid yet is refused when the connector loads it (event 20051, then 21021 " +
			"and 21007)",
		Citation: "OpsMgr event 20051; " + citeKB2288515 + "; RFC 5280 4.1.2.5",
	}, certlint.OpsMgr{
		Event:           eventNotValid,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLGrayAgents,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             fixValidity,
		FixRemote:       fixValidityRemote,
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
