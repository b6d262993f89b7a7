package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainSignatureAlgorithmMismatch(t *testing.T) {
	p := newChainTestPKI(t)
	// Signed with ecdsa-with-SHA256, but ecdsa-with-SHA384 inside.
	sha384, _ := asn1.Marshal(struct{ Algorithm asn1.ObjectIdentifier }{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}})
	mismatch := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.SigAlg = sha384 })
	testChainLint(t, "w_opsmgr_chain_signature_algorithm_mismatch", append(p.profileCases(),
		chainLintCase{name: "inner SHA-384, outer SHA-256", bundle: chainBundle(mismatch, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"signature algorithm inside the certificate differs from the one outside it", "RFC 5280 4.1.1.2", windowsAccepts}},
		chainLintCase{name: "inner SHA-384, no trust store", bundle: chainBundle(mismatch), want: lint.Warn, says: []string{"differs from the one outside"}},
	))
}
