package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_signature_algorithm_mismatch: the signature algorithm
// inside the signed part of a certificate must be the one outside it (RFC
// 5280 4.1.1.2, 4.1.2.3). Go's crypto/x509 refuses a certificate where they
// differ; Windows' chain engine has no error status for it.
func init() {
	registerChainProfileLint("w_opsmgr_chain_signature_algorithm_mismatch",
		"The signature algorithm inside each certificate of the chain must be the one outside it; Windows does not check "+
			"this, Go's crypto/x509 and strict validators refuse the certificate",
		"RFC 5280 4.1.1.2, 4.1.2.3; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileSignatureAlgorithm)
}
