package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// noCertificate: an input that holds a private key and no certificate (a
// PFX exported without its certificate bag, a .key file given instead of the
// .pfx) gives MOMCertImport nothing to import: a PFX imports its
// certificates into the Personal store with their keys (RFC 7292 carries
// certificates and keys in separate bags), and MOMCertImport registers a
// certificate of that store. No certificate is registered, so the health
// service starts with none configured: event 21022 ("no certificate was
// specified"), then 21007 on every connection that needs one. (If an older
// certificate is still registered, the connector goes on with it until it
// fails, and the new key is never used.) For a peer's certificate (role
// remote) the input holds nothing to check. Either way it is an error, never
// "no findings": certlint checked no certificate.
type noCertificate struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_no_certificate",
		Description: "The input holds a private key but no certificate: MOMCertImport has nothing to import, so no certificate is " +
			"registered and the connector starts without one (event 21022, then 21007); certlint has no certificate to check",
		Citation: "OpsMgr events 21022, 21007; " + citeKB10066 + "; " + citeMSDoc + "; RFC 7292 §4.2 (certificate and key bags)",
	}, certlint.OpsMgr{
		Event:           eventNoCertConfigured,
		RelatedEvents:   []int{eventNoSecure, eventNoChannel},
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceInferred,
		Fix: "Export the certificate together with its private key as one PFX (certlm.msc > Personal > Certificates > the certificate > All Tasks > Export, " +
			"\"Yes, export the private key\"; or openssl pkcs12 -export -in cert.pem -inkey key.pem -out agent.pfx), or complete the request " +
			"on the computer that made it (certreq -accept <issued .cer>); import it into the Local Computer Personal store and run MOMCertImport.",
	}, func() certlint.BundleLintInterface { return &noCertificate{} })
}

// CheckApplies: inputs that hold a private key. Load refuses an input with
// neither a key nor a certificate, so an input without a leaf has a key.
func (l *noCertificate) CheckApplies(in *certlint.Input) bool {
	return in != nil && in.Bundle != nil && (in.KeyCount > 0 || in.Leaf == nil)
}

func (l *noCertificate) Execute(in *certlint.Input) *lint.LintResult {
	if in.Leaf != nil {
		return pass()
	}
	keys := "a private key"
	switch {
	case in.KeyCount > 1:
		keys = fmt.Sprintf("%d private keys", in.KeyCount)
	case in.Key != nil:
		keys = "a private key (" + cert.KeyAlgorithm(in.Key) + ")"
	case in.KeyError != nil:
		keys = "a private key certlint cannot use"
	}
	if !roleLocal(in) {
		return result(lint.Error, "the %s input holds %s and no certificate: there is no peer certificate to check (a peer's certificate is its .cer, .pem or .p7b)", formatName(in.Format), keys)
	}
	return result(lint.Error, "the %s input holds %s and no certificate: MOMCertImport has nothing to import and the connector will have no certificate to authenticate with", formatName(in.Format), keys)
}
