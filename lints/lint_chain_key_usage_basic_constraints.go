package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_key_usage_basic_constraints: keyUsage keyCertSign and
// basicConstraints cA go together (RFC 5280 4.2.1.3, 4.2.1.9): an end-entity
// certificate must not assert keyCertSign or a pathLenConstraint, and a
// certificate with cA=TRUE must assert keyCertSign. (That a leaf with
// cA=TRUE is not a computer certificate at all is
// w_opsmgr_ca_certificate_as_leaf's finding.)
func init() {
	registerChainProfileLint("w_opsmgr_chain_key_usage_basic_constraints",
		"The keyUsage and basicConstraints of each certificate of the chain must agree (keyCertSign only with cA=TRUE, "+
			"a pathLenConstraint only with cA=TRUE)",
		"RFC 5280 4.2.1.3, 4.2.1.9; CA/Browser Forum Baseline Requirements 7.1.2.7.8; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileKeyUsage)
}
