package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_issuer_not_ca: a certificate that issues another one of the
// chain must be a CA: basicConstraints cA=TRUE (RFC 5280 4.2.1.9, 6.1.4 (k))
// and, when it has a keyUsage, keyCertSign (RFC 5280 4.2.1.3, 6.1.4 (n)).
// Windows rejects the chain otherwise (CERT_TRUST_INVALID_BASIC_CONSTRAINTS)
// and the verifying computer logs 20072.
func init() {
	registerChainLint("e_opsmgr_chain_issuer_not_ca",
		"A certificate that issues another certificate of the chain must be a CA certificate (basicConstraints cA=TRUE, keyUsage "+
			"keyCertSign); otherwise the verifying computer rejects the chain (event 20072)",
		"RFC 5280 4.2.1.3, 4.2.1.9, 6.1.4 (k), (n); "+citeChain,
		"Issue certificates only from a real CA certificate (Basic Constraints: Subject Type = CA; Key Usage: Certificate Signing); "+
			"a certificate that is not a CA cannot sign others: re-issue the certificate from the proper issuing CA.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s, so it cannot act as a CA; re-issue the certificate from a proper CA", chainCertName(p), p.Detail)
		}, chain.ProblemNotCA, chain.ProblemNoKeyCertSign)
}
