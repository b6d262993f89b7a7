package lints

import (
	"crypto/x509"
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainEKUProfile(t *testing.T) {
	p := newChainTestPKI(t)
	oidEKU := asn1.ObjectIdentifier{2, 5, 29, 37}
	empty := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Ext(oidEKU).Value = []byte{0x30, 0x00} })
	anyEKU := chainIssue(t, "agent01.contoso.test", p.inter, false, testpki.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageAny))
	noEKU := chainIssue(t, "agent01.contoso.test", p.inter, false, testpki.EKU())
	testChainLint(t, "w_opsmgr_chain_eku_profile", append(p.profileCases(),
		chainLintCase{name: "empty EKU", bundle: chainBundle(empty, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"its extendedKeyUsage extension lists no usage", "RFC 5280 4.2.1.12", windowsRejects, "CERT_TRUST_IS_NOT_VALID_FOR_USAGE"}},
		chainLintCase{name: "empty EKU, no trust store", bundle: chainBundle(empty), want: lint.Warn, says: []string{"lists no usage"}},
		chainLintCase{name: "anyExtendedKeyUsage", bundle: chainBundle(anyEKU, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"contains anyExtendedKeyUsage", "CA/B BR 7.1.2.7.10"}},
		// No EKU at all is e_opsmgr_eku_missing_server_or_client_auth's (20050).
		chainLintCase{name: "no EKU", bundle: chainBundle(noEKU, p.inter), trust: chainTrust(p.root), want: lint.Pass},
	))
}
