package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_path_length_exceeded: a CA's pathLenConstraint limits how
// many CA certificates may follow it in a chain (RFC 5280 4.2.1.9, 6.1.4 (l),
// (m); self-issued certificates are not counted). Windows rejects a chain
// that exceeds it, and the verifying computer logs 20072.
func init() {
	registerChainLint("e_opsmgr_chain_path_length_exceeded",
		"No CA certificate of the chain may sit deeper below a CA than that CA's pathLenConstraint allows; otherwise the "+
			"verifying computer rejects the chain (event 20072)",
		"RFC 5280 4.2.1.9, 6.1.4 (l), (m); "+citeChain,
		"Issue the certificate from a CA closer to the root (one the path length constraint allows), or have the PKI team "+
			"re-issue the constraining CA certificate with a larger path length (CAPolicy.inf PathLength).",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("the CA certificate %s breaks a path length constraint: %s", chainCertName(p), p.Detail)
		}, chain.ProblemPathLength)
}
