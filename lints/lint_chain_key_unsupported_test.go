package lints

import (
	"math/big"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainKeyUnsupported(t *testing.T) {
	p := newChainTestPKI(t)
	// A CA whose RSA modulus has 32,768 bits (random, as is its signature):
	// the leaf names it as its issuer.
	hostile := testpki.HostileRSA("Lint Huge RSA CA", 32768, big.NewInt(65537))
	huge := chainTestOf(&testpki.Cert{DER: hostile})
	leaf := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Issuer = testpki.ParseTBS(t, hostile).Subject })
	testChainLint(t, "e_opsmgr_chain_key_unsupported", []chainLintCase{
		p.good(), p.noTrust(),
		{name: "issuer with a 32,768-bit RSA key", bundle: chainBundle(leaf, huge), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Huge RSA CA"`, "its RSA key has 32768 bits, more than the 16384 bits", windowsRejects}},
		{name: "that CA as the input", bundle: chainBundle(huge), trust: chainTrust(p.root), role: "remote", want: lint.Error,
			says: []string{"32768 bits"}},
	})
}
