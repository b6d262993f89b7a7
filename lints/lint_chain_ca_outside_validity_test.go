package lints

import (
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainCAOutsideValidity(t *testing.T) {
	p := newChainTestPKI(t)
	expired := chainIssue(t, "Lint Expired CA", p.root, true, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	leaf := chainIssue(t, "agent01.contoso.test", expired, false)
	expiredLeaf := chainIssue(t, "agent01.contoso.test", p.inter, false, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	testChainLint(t, "e_opsmgr_chain_ca_outside_validity", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "expired intermediate", bundle: chainBundle(leaf, expired), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Expired CA,O=certlint lint test"`, "expired on 2021-01-01", "renew"}},
		// The leaf's own validity is e_opsmgr_cert_expired's (21007).
		{name: "expired leaf, valid CAs", bundle: chainBundle(expiredLeaf, p.inter), trust: chainTrust(p.root), want: lint.Pass},
	})
}
