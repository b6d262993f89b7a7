package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// certificateNotFullyChecked: zcrypto, the parser certlint's certificate
// checks read, refuses a certificate that Go's crypto/x509 (and, as a rule,
// Windows) accepts: a malformed non-critical extension Go skips, such as a
// qcStatements (RFC 3739 §3.2.6) or signed certificate timestamp list (RFC
// 6962 §3.3) that is not what it should be. The chain is still built and
// verified with Go's parse, but the checks of the certificate itself (EKU,
// key usage, names, validity, key, signature algorithm) cannot run and would
// all be "not applicable". This lint says so, so that the report does not
// read as a pass. It raises no event of its own: whether OpsMgr accepts the
// certificate depends on the checks that did not run.
type certificateNotFullyChecked struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "w_opsmgr_certificate_not_fully_checked",
		Description: "zcrypto cannot parse the certificate though Go's crypto/x509 can, so certlint's checks of the certificate itself " +
			"(EKU, key usage, names, validity, key, signature) did not run",
		Citation: "RFC 5280 §4.2 (a non-critical extension a validator does not understand may be ignored, a malformed one is still an encoding error); " + citeMSDoc,
	}, certlint.OpsMgr{
		RelatedEvents:   []int{eventEKU, eventKeySpec, eventNoSecure},
		EventSource:     events.URLObtainCertificate,
		EventConfidence: events.ConfidenceInferred,
		Fix: "Check the certificate by hand against Microsoft's \"Obtain a certificate\" doc (certutil -dump <file>: Server and Client " +
			"Authentication EKUs, key usage digitalSignature + keyEncipherment, CN = the computer's FQDN, RSA 2048 or more), or request one " +
			"without the malformed extension.",
	}, func() certlint.BundleLintInterface { return &certificateNotFullyChecked{} })
}

// CheckApplies: a leaf that some parser read (one that none could read is
// e_opsmgr_certificate_unparseable's).
func (l *certificateNotFullyChecked) CheckApplies(in *certlint.Input) bool {
	return in != nil && in.Bundle != nil && in.Leaf != nil && (in.Leaf.Parsed != nil || in.Leaf.Std != nil)
}

func (l *certificateNotFullyChecked) Execute(in *certlint.Input) *lint.LintResult {
	c := in.Leaf
	if c.Parsed != nil {
		return pass()
	}
	return result(lint.Warn, "zcrypto cannot parse the certificate, though Go's crypto/x509 can: %s; certlint's checks of the certificate itself did not run, so no finding about it does not mean it is good",
		parseProblem(c))
}
