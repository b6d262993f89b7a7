package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_unknown_critical_extension: a certificate of the chain with
// a critical extension the validator does not recognise must be rejected
// (RFC 5280 4.2, 6.1.4 (o)); Windows marks it CERT_TRUST_INVALID_EXTENSION
// and the verifying computer logs 20072.
func init() {
	registerChainLint("e_opsmgr_chain_unknown_critical_extension",
		"No certificate of the chain may carry a critical extension validators do not recognise; the verifying computer "+
			"rejects such a chain (event 20072)",
		"RFC 5280 4.2, 6.1.4 (o); "+citeChain,
		"Re-issue the certificate without the unknown extension, or with it marked non-critical (remove it from the "+
			"certificate template or CAPolicy.inf).",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s", chainCertName(p), p.Detail)
		}, chain.ProblemUnknownCriticalExtension)
}
