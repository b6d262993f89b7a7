package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_bad_signature: every certificate of the chain must be signed
// by the key of the issuer it chains to (RFC 5280 6.1.3 (a)(1)); Windows'
// chain engine rejects a chain whose signature does not verify, and the
// verifying computer logs 20072. The usual cause is a CA certificate of the
// same name but another key (a renewed or re-created CA) in the input or in
// the trust store.
func init() {
	registerChainLint("e_opsmgr_chain_bad_signature",
		"Each certificate of the chain must verify with its issuer's public key; a signature that does not verify makes "+
			"the verifying computer reject the chain (event 20072)",
		"RFC 5280 6.1.3 (a)(1); "+citeChain,
		"Replace the issuing CA certificate with the one whose key signed the certificate (after a CA renewal with a new key, "+
			"both CA certificates are needed), in the PFX and in the verifying computer's stores.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("the signature of %s does not verify with the key of the CA certificate %q it chains to (%s): the CA certificate "+
				"given is not the one that signed it (a renewed CA with a new key?); get the matching CA certificate and import it on %s",
				chainCertName(p), p.IssuerName, p.Detail, chainVerifier(in))
		}, chain.ProblemBadSignature)
}
