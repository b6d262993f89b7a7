package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// The remote-role twin of e_opsmgr_subject_or_issuer_unreadable (same check,
// see subjectOrIssuerUnreadable): when the certificate a peer presents
// (management server, gateway) has an empty or undecodable subject or
// issuer, the connector of this computer logs event 20076 (field reports).
// The peer, loading the same certificate, would log 20075.
func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_remote_subject_or_issuer_unreadable",
		Description: "OpsMgr reads the subject common name and the issuer of the certificate a peer presents; an empty subject or issuer, " +
			"no usable CN, or a name that cannot be decoded makes this computer log event 20076",
		Citation: "OpsMgr event 20076; " + citeFieldGuide + "; " + citeMSDoc + "; RFC 5280 4.1.2.4, 4.1.2.6",
	}, certlint.OpsMgr{
		Event:           eventSubjectRemote,
		RelatedEvents:   []int{eventSubjectLocal},
		EventSource:     events.URLFieldGuide,
		EventConfidence: events.ConfidenceField,
		Fix:             fixSubjectUnreadableRemote,
	}, func() certlint.BundleLintInterface { return &subjectOrIssuerUnreadable{remote: true} })
}
