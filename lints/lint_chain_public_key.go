package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zcrypto/rsa"
	"github.com/zmap/zcrypto/x509"
)

// w_opsmgr_chain_public_key: the CA/B Baseline Requirements allow RSA keys
// of 2048 bits or more whose size is a multiple of 8, and ECDSA keys on
// P-256, P-384 or P-521 named curves (6.1.5, 7.1.3.1); no DSA. Each message
// says what Windows does with the key. For the leaf, an RSA key shorter than
// 2048 bits is w_opsmgr_rsa_key_too_short's finding. (Any key that is not
// RSA is also e_opsmgr_key_not_rsa's, event 20069: OpsMgr needs RSA; the
// CA/B rule broken is a separate matter.)
func init() {
	registerChainProfileLint("w_opsmgr_chain_public_key",
		"The public keys of the chain should be RSA of 2048 bits or more (a multiple of 8) or ECDSA on P-256, P-384 or P-521; "+
			"Windows accepts some other keys, the CA/B Baseline Requirements do not",
		"CA/Browser Forum Baseline Requirements 6.1.5, 7.1.3.1; "+citeProfile,
		fixReissueProfile, leafKeyCovered, chain.ProfileKey)
}

// leafKeyCovered: the leaf's key is RSA shorter than 2048 bits, which
// w_opsmgr_rsa_key_too_short reports.
func leafKeyCovered(in *certlint.Input, p chain.Problem) bool {
	c := leaf(in)
	if c == nil || c.PublicKeyAlgorithm != x509.RSA {
		return false
	}
	k, ok := c.PublicKey.(*rsa.PublicKey)
	return ok && k != nil && k.N != nil && k.N.BitLen() < minRSABits
}
