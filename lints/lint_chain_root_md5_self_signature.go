package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_root_md5_self_signature: a trusted root that signs itself
// with MD2, MD4 or MD5. Windows does not check a trust anchor's own
// signature, so OpsMgr works, but other validators refuse the root (RFC
// 6151). A weak signature anywhere else in the chain is
// e_opsmgr_chain_md5_md2_signature's (event 20072).
func init() {
	registerChainProfileLint("w_opsmgr_chain_root_md5_self_signature",
		"A trusted root should not sign itself with MD2, MD4 or MD5; Windows does not check a root's own signature, other "+
			"validators refuse it",
		"RFC 6151; Microsoft Security Advisory 2862973; "+citeProfile,
		"Replace the root with one self-signed with SHA-256 (renew the root CA certificate) when other validators must accept it.",
		nil, chain.ProblemWeakSignature)
}
