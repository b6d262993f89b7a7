package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// pfxKeyProviderUnrecognized: OpsMgr needs the key in a legacy CryptoAPI CSP
// able to hold an RSA exchange key (Microsoft's "Obtain a certificate" doc).
// When the PFX names a provider (bag attribute 1.3.6.1.4.1.311.17.1) that is
// neither one of the RSA CSPs Windows ships nor a recognizable CNG key storage
// provider, certlint cannot know whether the key will work: a vendor (HSM,
// smart card) CSP may, a signature-only, DSS or Diffie-Hellman CSP cannot
// (event 20069). It warns rather than guessing. See legacyRSAExchangeCSPs.
type pfxKeyProviderUnrecognized struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "w_opsmgr_pfx_key_provider_unrecognized",
		Description: "The PFX names a key provider that is neither a Microsoft RSA CryptoAPI CSP nor a CNG key storage provider; " +
			"OpsMgr needs an RSA exchange key in a legacy CSP, which certlint cannot confirm for this provider (else event 20069)",
		Citation: "OpsMgr event 20069; " + citeMSDoc,
	}, certlint.OpsMgr{
		RelatedEvents:   afterLoad(eventKeySpec),
		EventSource:     events.URLObtainCertificate,
		EventConfidence: events.ConfidenceInferred,
		Fix: "If the provider is a vendor CryptoAPI CSP that holds RSA exchange keys, nothing needs to change; otherwise, on the " +
			"computer the PFX belongs to: " + fixReimportLegacyCSP,
	}, func() certlint.BundleLintInterface { return &pfxKeyProviderUnrecognized{} })
}

func (l *pfxKeyProviderUnrecognized) CheckApplies(in *certlint.Input) bool {
	if in.PFX == nil {
		return false
	}
	for _, k := range in.PFX.Keys {
		if k.Provider != "" && !isCNGProvider(k.Provider) {
			return true
		}
	}
	return false
}

func (l *pfxKeyProviderUnrecognized) Execute(in *certlint.Input) *lint.LintResult {
	var odd []string
	for i, k := range in.PFX.Keys {
		if k.Provider == "" || isCNGProvider(k.Provider) || isLegacyRSACSP(k.Provider) {
			continue
		}
		what := "a provider certlint does not recognize"
		if knownNonExchangeCSPs[normProvider(k.Provider)] {
			what = "a CSP that cannot hold an RSA exchange key"
		}
		odd = append(odd, fmt.Sprintf("%s is in %q, %s", keyLabel(k, i, len(in.PFX.Keys)), k.Provider, what))
	}
	if len(odd) == 0 {
		return pass()
	}
	return result(lint.Warn, "%s", strings.Join(odd, "; "))
}
