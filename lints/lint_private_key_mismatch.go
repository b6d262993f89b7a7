package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// privateKeyMismatch: the private key that comes with the certificate must
// be the certificate's own (its public key equals the leaf's
// SubjectPublicKeyInfo, RFC 5280 4.1.2.7). Windows links a certificate to a
// key by that match; with another certificate's key the connector finds no
// usable key for the certificate MOMCertImport registered: 20068 ("does not
// contain a usable private key", Microsoft's KB10066), or 21036 for the same
// cause, then 21021, 21007 and 21016. That a wrong key gives 20068 rather
// than another load event is certlint's inference.
type privateKeyMismatch struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_private_key_mismatch",
		Description: "The private key in the input is not the certificate's own key; the connector finds no usable private key " +
			"for the certificate and logs event 20068",
		Citation: "OpsMgr event 20068; " + citeKB10066 + "; " + citeMSDoc + "; RFC 5280 4.1.2.7",
	}, certlint.OpsMgr{
		Event:           eventUnusableKey,
		RelatedEvents:   afterLoad(eventNoPrivateKey),
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceInferred,
		Fix: "Export the certificate together with its own private key from the computer that requested it (certutil -repairstore My <serial number> " +
			"re-links a certificate to its key there), import that PFX on the computer it belongs to, run MOMCertImport again and restart HealthService.",
	}, func() certlint.BundleLintInterface { return &privateKeyMismatch{} })
}

func (l *privateKeyMismatch) CheckApplies(in *certlint.Input) bool {
	return leaf(in) != nil && in.Key != nil && in.KeyError == nil
}

func (l *privateKeyMismatch) Execute(in *certlint.Input) *lint.LintResult {
	if in.KeyMatchesLeaf {
		return pass()
	}
	if in.KeyCount > 1 {
		return result(lint.Error, "none of the %d private keys in the input matches the public key of the certificate %q", in.KeyCount, leafName(in))
	}
	return result(lint.Error, "the private key in the input does not match the public key of the certificate %q", leafName(in))
}

// leafName names the leaf for messages: its subject, else its first DNS name.
func leafName(in *certlint.Input) string {
	c := leaf(in)
	if c == nil {
		return ""
	}
	if s := cert.NameTextOr(c.RawSubject, ""); s != "" {
		return s
	}
	if len(c.DNSNames) > 0 {
		return c.DNSNames[0]
	}
	return "(no subject)"
}
