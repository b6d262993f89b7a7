package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_duplicate_extension: a certificate must not include more
// than one instance of an extension (RFC 5280 4.2). Go's crypto/x509 refuses
// such a certificate; Windows' chain engine reads the first instance.
func init() {
	registerChainProfileLint("w_opsmgr_chain_duplicate_extension",
		"No certificate of the chain may carry the same extension twice; Go's crypto/x509 and strict validators refuse it",
		"RFC 5280 4.2; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileDuplicateExtension)
}
