package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_cert_not_v3: every certificate of the chain, the leaf
// included, should be an X.509 v3 certificate (RFC 5280 4.1.2.1; CA/B BR
// 7.1.1): a v1 certificate has no extensions, so nothing says whether it is
// a CA or what its key may be used for. Windows' chain engine accepts it.
func init() {
	registerChainProfileLint("w_opsmgr_chain_cert_not_v3",
		"Every certificate of the chain should be X.509 version 3; Windows accepts a v1 or v2 certificate, strict validators do not",
		"RFC 5280 4.1.2.1; CA/Browser Forum Baseline Requirements 7.1.1; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileVersion)
}
