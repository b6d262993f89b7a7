package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_eku_profile: the extendedKeyUsage of an end-entity
// certificate must list at least one usage (RFC 5280 4.2.1.12: SIZE (1..MAX);
// an empty list allows none, and Windows then rejects the certificate for
// every usage), should not contain anyExtendedKeyUsage nor be critical (CA/B
// BR 7.1.2.7.10, 7.1.2.7.6), and a root should have none (7.1.2.1.2). A leaf
// without the extension is e_opsmgr_eku_missing_server_or_client_auth's
// finding (event 20050).
func init() {
	registerChainProfileLint("w_opsmgr_chain_eku_profile",
		"The extended key usage of the chain's certificates must follow RFC 5280 and the CA/B Baseline Requirements: not "+
			"empty, no anyExtendedKeyUsage or critical EKU in an end-entity certificate, none in a root",
		"RFC 5280 4.2.1.12; CA/Browser Forum Baseline Requirements 7.1.2.1.2, 7.1.2.7.6, 7.1.2.7.10; "+citeProfile,
		fixReissueProfile, leafWithoutEKU, chain.ProfileEKU)
}

// leafWithoutEKU: the leaf has no extendedKeyUsage extension at all, which
// e_opsmgr_eku_missing_server_or_client_auth reports (event 20050).
func leafWithoutEKU(in *certlint.Input, p chain.Problem) bool {
	c := leaf(in)
	if c == nil {
		return false
	}
	_, present, _ := ekuOIDs(c)
	return !present
}
