package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// pfxKeySpecSignature: a PFX key bag may carry Microsoft's key usage
// attribute (OID 2.5.29.15 in the PKCS#8 key attributes, RFC 5208 §5; 0x10
// KEY_EX, 0x80 KEY_SIG). With KEY_SIG alone, Windows imports the key as
// AT_SIGNATURE, and the OpsMgr connector, which needs AT_KEYEXCHANGE, refuses
// the certificate at load with event 20069 (KEY_SPEC; Microsoft's KB10066
// gives its text: the KeySpec must be AT_KEYEXCHANGE), then 21021, 21007 and
// 21016. The lint applies whenever the PFX holds a key bag with the
// attribute, whatever the role: the file will be imported as it is.
type pfxKeySpecSignature struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_pfx_key_spec_signature",
		Description: "The PFX marks the private key KEY_SIG, so Windows imports it as a signature key (AT_SIGNATURE); OpsMgr needs " +
			"an exchange key (AT_KEYEXCHANGE) and the connector logs event 20069 (KEY_SPEC)",
		Citation: "OpsMgr event 20069; " + citeKB10066 + "; " + citeMSDoc,
	}, certlint.OpsMgr{
		Event:           eventKeySpec,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             "On the computer the PFX belongs to: " + fixReimportLegacyCSP,
	}, func() certlint.BundleLintInterface { return &pfxKeySpecSignature{} })
}

func (l *pfxKeySpecSignature) CheckApplies(in *certlint.Input) bool {
	if in.PFX == nil {
		return false
	}
	for _, k := range in.PFX.Keys {
		if k.HasKeyUsage && k.KeySpec != certlint.KeySpecUnknown {
			return true
		}
	}
	return false
}

func (l *pfxKeySpecSignature) Execute(in *certlint.Input) *lint.LintResult {
	var bad []string
	for i, k := range in.PFX.Keys {
		if k.HasKeyUsage && k.KeySpec == certlint.KeySpecSignature {
			bad = append(bad, keyLabel(k, i, len(in.PFX.Keys)))
		}
	}
	if len(bad) == 0 {
		return pass()
	}
	k := in.PFX.Keys[0]
	for _, kk := range in.PFX.Keys {
		if kk.KeySpec == certlint.KeySpecSignature {
			k = kk
			break
		}
	}
	return result(lint.Error, "the PFX key usage attribute of %s is 0x%02x (KEY_SIG): Windows imports it as AT_SIGNATURE, not AT_KEYEXCHANGE",
		strings.Join(bad, ", "), k.KeyUsage)
}
