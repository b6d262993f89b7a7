package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_extension_criticality: some extensions have a fixed
// criticality (RFC 5280 4.2.1.9: basicConstraints critical in a CA
// certificate; 4.2.1.11: policyConstraints critical; 4.2.2.1:
// authorityInfoAccess not critical). Windows' chain engine processes them
// either way.
func init() {
	registerChainProfileLint("w_opsmgr_chain_extension_criticality",
		"Extensions whose criticality RFC 5280 fixes (basicConstraints of a CA, policyConstraints, authorityInfoAccess) must "+
			"be marked as it says; Windows processes them either way, strict validators refuse the chain",
		"RFC 5280 4.2.1.9, 4.2.1.11, 4.2.2.1; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileCriticality)
}
