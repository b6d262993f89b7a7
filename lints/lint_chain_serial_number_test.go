package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainSerialNumber(t *testing.T) {
	p := newChainTestPKI(t)
	serial := func(b ...byte) *chainTestCert {
		return chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Serial = b })
	}
	long := append([]byte{0x01}, make([]byte, 20)...)
	testChainLint(t, "w_opsmgr_chain_serial_number", append(p.profileCases(),
		chainLintCase{name: "serial zero", bundle: chainBundle(serial(0), p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"serial number is zero", "RFC 5280 4.1.2.2", windowsAccepts}},
		chainLintCase{name: "serial zero, no trust store", bundle: chainBundle(serial(0)), want: lint.Warn, says: []string{"serial number is zero"}},
		chainLintCase{name: "serial of 21 octets", bundle: chainBundle(serial(long...)), want: lint.Warn, says: []string{"21 octets long, more than 20"}},
		chainLintCase{name: "negative serial", bundle: chainBundle(serial(0xff, 0x01)), want: lint.Warn, says: []string{"serial number is negative"}},
		chainLintCase{name: "serial of 20 octets", bundle: chainBundle(serial(append([]byte{0x7f}, make([]byte, 19)...)...)), want: lint.Pass},
	))
}
