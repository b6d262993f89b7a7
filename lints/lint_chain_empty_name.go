package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_empty_name: every certificate must name its issuer (RFC
// 5280 4.1.2.4), and a CA certificate must have a subject name (4.1.2.6),
// since issuers are found by name. (An empty subject on the OpsMgr
// certificate itself is e_opsmgr_subject_or_issuer_unreadable's, event 20075.)
func init() {
	registerChainProfileLint("w_opsmgr_chain_empty_name",
		"Every certificate of the chain must have an issuer name, and every CA certificate a subject name; strict "+
			"validators refuse empty ones",
		"RFC 5280 4.1.2.4, 4.1.2.6; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileEmptyName)
}
