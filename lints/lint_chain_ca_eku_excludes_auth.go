package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_ca_eku_excludes_auth: Windows intersects the extended key
// usages of every certificate of the chain (a CA certificate's EKU restricts
// all certificates under it), so a root or intermediate whose EKU lacks
// Server Authentication or Client Authentication makes the chain invalid for
// the OpsMgr connection (both are needed: each side authenticates the other),
// and the verifying computer logs 20072. RFC 5280 4.2.1.12 defines EKU for
// end entities only; Windows' chain engine applies it to CAs too.
func init() {
	registerChainLint("e_opsmgr_chain_ca_eku_excludes_auth",
		"No CA certificate of the chain may carry an extended key usage that excludes Server Authentication or Client "+
			"Authentication: Windows applies CA EKUs to the whole chain and rejects it for OpsMgr (event 20072)",
		"RFC 5280 4.2.1.12; "+citeChain,
		"Issue the certificate from a CA whose certificate has no Enhanced Key Usage extension, or one that includes Server "+
			"Authentication (1.3.6.1.5.5.7.3.1) and Client Authentication (1.3.6.1.5.5.7.3.2).",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("the CA certificate %s has an extended key usage without %s, so Windows accepts no certificate under it for %s: "+
				"OpsMgr needs both Server and Client Authentication", chainCertName(p), p.Usage, p.Usage)
		}, chain.ProblemCAEKU)
}
