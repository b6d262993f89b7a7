package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_key_unsupported: a key the chain needs to verify a
// signature is beyond what Windows' providers take: an RSA modulus shorter
// than 1024 bits (Microsoft Security Advisory 2661254) or longer than 16,384
// bits, an RSA exponent over 32 bits, DSA parameters over FIPS 186-4's
// (3072, 256). Windows cannot verify the signature and the verifying
// computer logs 20072; certlint refuses the work too, before doing it (a
// 65,536-bit DSA check takes minutes).
func init() {
	registerChainLint("e_opsmgr_chain_key_unsupported",
		"Every key that verifies a signature of the chain must be one Windows' providers take (RSA 1024 to 16,384 bits with an "+
			"exponent of at most 32 bits, DSA up to (3072, 256)); otherwise the verifying computer rejects the chain (event 20072)",
		"RFC 5280 6.1.3 (a)(1); Microsoft Security Advisory 2661254; "+citeChain,
		"Replace the CA certificate with one whose key is RSA 2048 to 4096 bits (or ECDSA P-256/P-384) and re-issue the "+
			"certificates it signed.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s", chainCertName(p), p.Detail)
		}, chain.ProblemKeyLimit)
}
