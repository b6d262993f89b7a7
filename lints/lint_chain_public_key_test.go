package lints

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainPublicKey(t *testing.T) {
	p := newChainTestPKI(t)
	withKey := func(spki []byte) *chainTestCert {
		return chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.SPKI = spki })
	}
	e := big.NewInt(65537)
	rsa2052, rsa1024 := withKey(testpki.RSAPublicKeyInfo(2052, e)), withKey(testpki.RSAPublicKeyInfo(1024, e))
	dsa := withKey(testpki.DSAPublicKeyInfo(2048))
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p224CA := chainIssue(t, "Lint P-224 CA", p.root, true, testpki.Key(p224))
	underP224 := chainIssue(t, "agent01.contoso.test", p224CA, false)
	testChainLint(t, "w_opsmgr_chain_public_key", append(p.profileCases(),
		chainLintCase{name: "RSA of 2052 bits", bundle: chainBundle(rsa2052, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"its RSA key has 2052 bits, not a multiple of 8", "CA/B BR 6.1.5", windowsUnknown}},
		chainLintCase{name: "RSA of 2052 bits, no trust store", bundle: chainBundle(rsa2052), want: lint.Warn, says: []string{"2052 bits, not a multiple of 8"}},
		chainLintCase{name: "DSA leaf", bundle: chainBundle(dsa), want: lint.Warn, says: []string{"it has a DSA key"}},
		chainLintCase{name: "P-224 intermediate", bundle: chainBundle(underP224, p224CA), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=Lint P-224 CA,O=certlint lint test"`, "curve 1.3.132.0.33, not P-256, P-384 or P-521"}},
		// An RSA leaf under 2048 bits is w_opsmgr_rsa_key_too_short's.
		chainLintCase{name: "RSA of 1024 bits", bundle: chainBundle(rsa1024, p.inter), trust: chainTrust(p.root), want: lint.Pass},
	))
}
