package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_name_constraints: the names of a certificate (subject and
// subjectAltName) must lie within the name constraints of the CAs above it
// (RFC 5280 4.2.1.10, 6.1.3 (b), (c)); Windows rejects the chain otherwise
// and the verifying computer logs 20072.
func init() {
	registerChainLint("e_opsmgr_chain_name_constraints",
		"The names of each certificate of the chain must satisfy the name constraints of the CAs above it; otherwise the "+
			"verifying computer rejects the chain (event 20072)",
		"RFC 5280 4.2.1.10, 6.1.3 (b), (c); "+citeChain,
		"Request the certificate with names inside the CA's permitted name space (for OpsMgr: the computer's FQDN in a "+
			"permitted DNS domain), or have the PKI team change the CA's name constraints.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s", chainCertName(p), p.Detail)
		}, chain.ProblemNameConstraints)
}
