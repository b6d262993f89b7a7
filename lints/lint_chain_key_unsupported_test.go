package lints

import (
	"math/big"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainKeyUnsupported(t *testing.T) {
	p := newChainTestPKI(t)
	// A CA whose RSA modulus has 512 bits (random, as is its signature),
	// which the loader reads and Windows' providers refuse: the leaf names
	// it as its issuer. (A key beyond 16,384 bits is refused by the loader
	// already.)
	hostile := testpki.HostileRSA("Lint Short RSA CA", 512, big.NewInt(65537))
	huge := chainTestOf(&testpki.Cert{DER: hostile})
	leaf := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Issuer = testpki.ParseTBS(t, hostile).Subject })
	testChainLint(t, "e_opsmgr_chain_key_unsupported", []chainLintCase{
		p.good(), p.noTrust(),
		{name: "issuer with a 512-bit RSA key", bundle: chainBundle(leaf, huge), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Short RSA CA"`, "its RSA key has 512 bits, fewer than the 1024 bits", windowsRejects}},
		{name: "that CA as the input", bundle: chainBundle(huge), trust: chainTrust(p.root), role: "remote", want: lint.Error,
			says: []string{"512 bits"}},
	})
}
