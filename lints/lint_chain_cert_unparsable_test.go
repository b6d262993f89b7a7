package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainCertUnparsable(t *testing.T) {
	p := newChainTestPKI(t)
	// An authorityInfoAccess that is a SEQUENCE of an INTEGER: crypto/x509
	// refuses the certificate.
	badAIA := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) {
		r.Extensions = append(r.Extensions, testpki.Ext{OID: asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}, Value: []byte{0x30, 0x03, 0x02, 0x01, 0x01}})
	})
	testChainLint(t, "w_opsmgr_chain_cert_unparsable", append(p.profileCases(),
		chainLintCase{name: "malformed AIA", bundle: chainBundle(badAIA, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"crypto/x509 refuses it", windowsUnknown}},
		chainLintCase{name: "malformed AIA, no trust store", bundle: chainBundle(badAIA), want: lint.Warn, says: []string{"crypto/x509 refuses it"}},
	))
}
