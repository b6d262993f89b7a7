package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// privateKeyMissing: the computer's own certificate (role local) must come
// with its private key: OpsMgr proves its identity with it. MOMCertImport
// registers a certificate without a key, but the connector then cannot
// query the certificate's key properties when it loads it: event 20077,
// whose text (Microsoft's KB10066) says this usually means no private key
// was included. The same cause can also show as 20068 (no usable private
// key) or 21036 (the registered certificate cannot be used), and is followed
// by 21021, 21007 and 21016. The lint does not apply to a remote (peer)
// certificate, whose key stays on the peer.
type privateKeyMissing struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_private_key_missing",
		Description: "The computer's own OpsMgr certificate must come with its private key; without it the connector cannot use " +
			"the certificate MOMCertImport registered: event 20077 at load (or 20068 / 21036), then 21021 and 21007",
		Citation: "OpsMgr events 20077, 20068, 21036; " + citeKB10066 + "; " + citeMSDoc + "; " + citeFieldGuide,
	}, certlint.OpsMgr{
		Event:           eventNoProperties,
		RelatedEvents:   afterLoad(eventUnusableKey, eventNoPrivateKey),
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceDocumented,
		Fix: "Export this computer's certificate with its private key (\"Yes, export the private key\", .pfx) from the computer that " +
			"made the request, or complete the request on this computer (certreq -accept); import the PFX into the Local Computer " +
			"Personal store, run MOMCertImport again and restart HealthService. If the key is on this computer but not linked, " +
			"certutil -repairstore My <serial number> re-links it.",
	}, func() certlint.BundleLintInterface { return &privateKeyMissing{} })
}

func (l *privateKeyMissing) CheckApplies(in *certlint.Input) bool {
	return leaf(in) != nil && roleLocal(in)
}

func (l *privateKeyMissing) Execute(in *certlint.Input) *lint.LintResult {
	if in.Key != nil || in.KeyError != nil || in.KeyCount > 0 {
		return pass()
	}
	n := len(in.Certificates())
	noun := "certificates"
	if n == 1 {
		noun = "certificate"
	}
	return result(lint.Error, "the %s input holds %d %s and no private key, but this computer's own certificate needs its key (for a peer's certificate, lint with --role remote)", formatName(in.Format), n, noun)
}

// formatName names a container format for messages.
func formatName(f certlint.Format) string {
	switch f {
	case certlint.FormatPKCS12:
		return "PFX"
	case certlint.FormatPKCS7:
		return "PKCS#7"
	case "":
		return "certificate"
	}
	return strings.ToUpper(string(f))
}
