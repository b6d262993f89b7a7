package lints

import (
	"bytes"
	"crypto"
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// extraEndEntityCertificate: the input is about one computer certificate
// (with a private key, the certificate that matches it) but holds other
// end-entity certificates too: another computer's certificate, or the old
// one beside its renewal. Importing a PFX puts every certificate it holds
// into the store: the end-entity ones into the Local Computer Personal store
// beside the one with the key, where MOMCertImport (its picker, or
// /SubjectName, which takes a certificate by its subject) can register one
// that has no private key on this computer, and the connector then logs
// 21036 (the certificate named in the registry cannot be used). Field
// guidance is that no two certificates in the computer's Personal store
// share a subject. So it is a warning, naming each extra certificate.
//
// An input without a private key that holds several end-entity certificates
// is about each of them: certlint.Linter (certlint lint) lints each on its
// own (certlint.Bundle.Split) and this lint then finds nothing. Run on such
// a bundle as a whole, the lint reports the certificates that were not
// linted, so that they do not pass unseen.
type extraEndEntityCertificate struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "w_opsmgr_extra_end_entity_certificate",
		Description: "The input holds end-entity certificates besides the one it is about; imported, they land in the computer's Personal " +
			"store too, where MOMCertImport can register one without a private key (event 21036)",
		Citation: "OpsMgr event 21036; " + citeMSDoc + "; Microsoft Learn, Install a gateway server (MOMCertImport /SubjectName) " +
			"https://learn.microsoft.com/en-us/system-center/scom/deploy-install-gateway-server; RFC 5280 §4.2.1.9 (end entity vs CA)",
	}, certlint.OpsMgr{
		RelatedEvents:   []int{eventNoPrivateKey},
		EventSource:     events.URLFieldScript,
		EventConfidence: events.ConfidenceField,
		Fix: "Export a PFX that holds only this computer's certificate, its private key and its CA certificates (certlm.msc Export wizard: " +
			"\"Include all certificates in the certification path if possible\" adds CAs only), or, once imported, delete the other end-entity " +
			"certificates from the computer's Personal store (certlm.msc) and run MOMCertImport again, picking the certificate that has a key.",
	}, func() certlint.BundleLintInterface { return &extraEndEntityCertificate{} })
}

func (l *extraEndEntityCertificate) CheckApplies(in *certlint.Input) bool {
	return in != nil && in.Bundle != nil && in.Leaf != nil && len(in.Others) > 0
}

func (l *extraEndEntityCertificate) Execute(in *certlint.Input) *lint.LintResult {
	var extra []*cert.Certificate
	for _, c := range in.EndEntities() {
		if c != in.Leaf {
			extra = append(extra, c)
		}
	}
	if len(extra) == 0 {
		return pass()
	}
	leafInfo := cert.Describe(in.Leaf)
	names := make([]string, len(extra))
	for i, c := range extra {
		info := cert.Describe(c)
		s := certLabel(c, info)
		var notes []string
		if bytes.Equal(subjectDER(c), subjectDER(in.Leaf)) && subjectDER(c) != nil {
			notes = append(notes, "same subject as the leaf")
		}
		if in.KeyCount > 0 && in.Key != nil && keyOf(in.Key, c) {
			notes = append(notes, "it matches the private key too")
		}
		if len(notes) > 0 {
			s += " (" + strings.Join(notes, "; ") + ")"
		}
		names[i] = s
	}
	other := "other end-entity certificate"
	if len(extra) > 1 {
		other = fmt.Sprintf("%d other end-entity certificates", len(extra))
	}
	if in.KeyCount == 0 {
		return result(lint.Warn, "the input holds %d end-entity certificates and no private key; only %s was linted, not the %s: %s; lint each on its own (certlint lint does)",
			len(extra)+1, certLabel(in.Leaf, leafInfo), other, strings.Join(names, ", "))
	}
	about := "the certificate that matches the private key"
	if !in.KeyMatchesLeaf {
		about = "the leaf certlint took (no certificate matches the private key)"
	}
	return result(lint.Warn, "besides %s, %s, the %s holds the %s: %s; imported, they go into the computer's Personal store too, where MOMCertImport may register one that has no private key",
		about, certLabel(in.Leaf, leafInfo), formatName(in.Format), other, strings.Join(names, ", "))
}

// certLabel names a certificate of the input for a message: its position,
// subject and thumbprint, which is how an admin finds it in certlm.msc.
func certLabel(c *cert.Certificate, info *cert.Info) string {
	subject := info.Subject
	if subject == "" {
		subject = "an empty or unreadable subject"
	} else {
		subject = fmt.Sprintf("%q", subject)
	}
	if c.Index > 0 {
		return fmt.Sprintf("certificate #%d %s (thumbprint %s)", c.Index, subject, info.SHA1)
	}
	return fmt.Sprintf("certificate %s (thumbprint %s)", subject, info.SHA1)
}

// subjectDER is the certificate's DER subject, from whichever parser read it.
func subjectDER(c *cert.Certificate) []byte {
	switch {
	case c.Parsed != nil:
		return c.Parsed.RawSubject
	case c.Std != nil:
		return c.Std.RawSubject
	}
	return nil
}

// keyOf reports whether priv is the private key of c's public key (read by
// crypto/x509; false when Go cannot read it).
func keyOf(priv any, c *cert.Certificate) bool {
	pk, ok := priv.(interface{ Public() crypto.PublicKey })
	if !ok || c.Std == nil {
		return false
	}
	eq, ok := pk.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(c.Std.PublicKey)
}
