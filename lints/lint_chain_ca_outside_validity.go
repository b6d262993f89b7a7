package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_ca_outside_validity: every CA certificate of the chain,
// root included, must be within its validity period (RFC 5280 4.1.2.5,
// 6.1.3 (a)(2)); Windows marks the chain not time valid and the verifying
// computer logs 20072. (The leaf's own validity is e_opsmgr_cert_expired /
// e_opsmgr_cert_not_yet_valid, event 20051.)
func init() {
	registerChainLint("e_opsmgr_chain_ca_outside_validity",
		"Every CA certificate of the chain, root included, must be within its validity period at the evaluation time; "+
			"an expired or not yet valid CA makes the verifying computer reject the chain (event 20072)",
		"RFC 5280 4.1.2.5, 6.1.3 (a)(2); "+citeChain,
		"Renew the CA certificate (certutil -renewCert on the CA), import the renewed CA certificate on both sides "+
			"(Trusted Root or Intermediate Certification Authorities) and re-issue certificates that chain to the expired one.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s; renew it and import the renewed certificate on %s and into the PFX",
				chainCertName(p), p.Detail, chainVerifier(in))
		}, chain.ProblemCAValidity)
}
