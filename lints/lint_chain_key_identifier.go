package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_key_identifier: the authority and subject key identifiers
// link a certificate to its issuer's key (RFC 5280 4.2.1.1, 4.2.1.2): every
// certificate but a self-signed one carries an authorityKeyIdentifier with a
// keyIdentifier, every CA a subjectKeyIdentifier, neither is critical, and
// they agree along the chain. Windows finds issuers by name when they are
// missing or disagree.
func init() {
	registerChainProfileLint("w_opsmgr_chain_key_identifier",
		"The certificates of the chain should carry non-critical authority and subject key identifiers that agree; "+
			"Windows finds issuers by name without them, strict validators refuse the chain",
		"RFC 5280 4.2.1.1, 4.2.1.2; CA/Browser Forum Baseline Requirements 7.1.2.1.3; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileKeyIdentifier)
}
