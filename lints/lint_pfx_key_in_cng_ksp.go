package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// pfxKeyInCNGKSP: Microsoft's "Obtain a certificate" doc says keys held by a
// Cryptography API: Next Generation (CNG) key storage provider are not
// supported for Operations Manager certificates. A PFX names the provider the
// key is imported into in its CSP-name bag attribute (1.3.6.1.4.1.311.17.1);
// a CNG provider reports KeySpec 0 instead of AT_KEYEXCHANGE and the
// connector refuses the certificate at load with event 20069 (KEY_SPEC),
// then 21021, 21007 and 21016; field scripts flag the same KeySpec 0. The
// lint applies whatever the role: the PFX is imported on the computer it
// belongs to as it is. See isCNGProvider for the naming
// rule; providers certlint does not recognize are left to
// w_opsmgr_pfx_key_provider_unrecognized.
type pfxKeyInCNGKSP struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_pfx_key_in_cng_ksp",
		Description: "The PFX puts the private key in a CNG key storage provider; OpsMgr supports only keys in a legacy CryptoAPI " +
			"CSP (a KSP key has KeySpec 0, not AT_KEYEXCHANGE) and the connector logs event 20069 (KEY_SPEC)",
		Citation: "OpsMgr event 20069; " + citeKB10066 + "; " + citeMSDoc + "; " + citeFieldScript,
	}, certlint.OpsMgr{
		Event:           eventKeySpec,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLFieldScript,
		EventConfidence: events.ConfidenceField,
		Fix: "On the computer the PFX belongs to: " + fixReimportLegacyCSP + " In an AD CS template, choose \"Legacy Cryptographic " +
			"Service Provider\" as provider category.",
	}, func() certlint.BundleLintInterface { return &pfxKeyInCNGKSP{} })
}

func (l *pfxKeyInCNGKSP) CheckApplies(in *certlint.Input) bool {
	if in.PFX == nil {
		return false
	}
	for _, k := range in.PFX.Keys {
		if k.Provider != "" {
			return true
		}
	}
	return false
}

func (l *pfxKeyInCNGKSP) Execute(in *certlint.Input) *lint.LintResult {
	var bad []string
	for i, k := range in.PFX.Keys {
		if k.Provider != "" && isCNGProvider(k.Provider) {
			bad = append(bad, fmt.Sprintf("%s is in %q", keyLabel(k, i, len(in.PFX.Keys)), k.Provider))
		}
	}
	if len(bad) == 0 {
		return pass()
	}
	return result(lint.Error, "%s, a CNG key storage provider, not a legacy CryptoAPI CSP", strings.Join(bad, ", "))
}
