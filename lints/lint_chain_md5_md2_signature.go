package lints

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// e_opsmgr_chain_md5_md2_signature: a certificate of the chain signed with
// MD2, MD4 or MD5 is refused by Windows (Microsoft Security Advisory
// 2862973) and the verifying computer logs 20072. A trust anchor's own
// signature is not used by Windows: on a root it is a profile warning
// (w_opsmgr_chain_root_md5_self_signature) instead.
func init() {
	registerChainLint("e_opsmgr_chain_md5_md2_signature",
		"No certificate of the chain may be signed with MD2, MD4 or MD5; Windows refuses such chains (event 20072)",
		"Microsoft Security Advisory 2862973; RFC 6151; "+citeChain,
		"Re-issue the certificate (or the CA certificate) with a SHA-256 signature; on an AD CS CA set "+
			"certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256 and restart the CA first.",
		func(in *certlint.Input, p chain.Problem) string {
			return fmt.Sprintf("%s: %s; re-issue it with SHA-256", chainCertName(p), p.Detail)
		}, chain.ProblemWeakSignature)
}
