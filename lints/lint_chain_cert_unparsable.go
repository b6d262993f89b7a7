package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_cert_unparsable: a certificate of the chain that Go's
// crypto/x509 refuses for a reason no other lint names (a malformed
// extension, say). certlint still builds and judges the chain from the DER;
// whether Windows decodes it is not documented.
func init() {
	registerChainProfileLint("w_opsmgr_chain_cert_unparsable",
		"Every certificate of the chain should be one Go's crypto/x509 can parse; one it refuses breaks a rule of RFC 5280 "+
			"that strict validators enforce",
		"RFC 5280 4; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileUnparsable)
}
