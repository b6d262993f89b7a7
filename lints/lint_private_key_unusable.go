package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// privateKeyUnusable: a private key is present but cannot be used: it does
// not parse, or it fails its own consistency check (e.g. RSA primes that do
// not multiply to the modulus). Windows imports such a key but every
// signature or decryption with it fails; the connector refuses it with 20068
// ("does not contain a usable private key", Microsoft's KB10066), or 21036
// for the same cause, then 21021, 21007 and 21016.
type privateKeyUnusable struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_private_key_unusable",
		Description: "A private key is present but cannot be read or fails its own consistency check; OpsMgr cannot " +
			"authenticate with it and the connector logs event 20068",
		Citation: "OpsMgr event 20068; " + citeKB10066 + "; " + citeMSDoc,
	}, certlint.OpsMgr{
		Event:           eventUnusableKey,
		RelatedEvents:   afterLoad(eventNoPrivateKey),
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceDocumented,
		Fix: "Export the certificate with its private key again from the computer that requested it (or request a new certificate), " +
			"import it on the computer it belongs to, run MOMCertImport again and restart HealthService.",
	}, func() certlint.BundleLintInterface { return &privateKeyUnusable{} })
}

func (l *privateKeyUnusable) CheckApplies(in *certlint.Input) bool {
	return leaf(in) != nil && (in.Key != nil || in.KeyError != nil)
}

func (l *privateKeyUnusable) Execute(in *certlint.Input) *lint.LintResult {
	if in.KeyError == nil {
		return pass()
	}
	return result(lint.Error, "the private key in the input is unusable: %v", in.KeyError)
}
