package lints

import (
	"encoding/hex"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainNotTrusted(t *testing.T) {
	p := newChainTestPKI(t)
	// Cross-signing: the issuing CA certified by a bridge root too (same
	// subject, same key).
	bridge := chainIssue(t, "Lint Bridge Root", nil, true)
	cross := chainIssue(t, "Lint Test Issuing CA", bridge, true, testpki.Key(p.inter.Key))
	// Two levels of intermediates: root -> policy CA -> issuing CA -> leaf.
	policy := chainIssue(t, "Lint Policy CA", p.root, true)
	issuing2 := chainIssue(t, "Lint Issuing CA 2", policy, true)
	leaf2 := chainIssue(t, "agent02.contoso.test", issuing2, false)

	noTrust := p.noTrust()
	noTrust.want, noTrust.says = lint.NE, []string{"--roots", "--system-roots", "the management server or gateway"}
	testChainLint(t, "e_opsmgr_chain_not_trusted", []chainLintCase{
		p.good(),
		noTrust,
		{name: "root not trusted by the other side", bundle: chainBundle(p.leaf, p.inter, p.root), trust: chainTrust(p.other), want: lint.Error,
			says: []string{`the root "CN=Lint Test Root,O=certlint lint test"`, p.root.c.Std.Subject.CommonName, "on the management server or gateway this computer connects to", "Trusted Root Certification Authorities"}},
		{name: "root not trusted by this computer", bundle: chainBundle(p.leaf, p.inter, p.root), trust: chainTrust(p.other), role: certlint.RoleRemote, want: lint.Error,
			says: []string{"on this computer", "Trusted Root Certification Authorities"}},
		{name: "PFX without its chain", bundle: chainBundle(p.leaf), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`its issuer "CN=Lint Test Issuing CA,O=certlint lint test"`, hex.EncodeToString(p.inter.X.SubjectKeyId), "Include all certificates in the certification path", "Intermediate Certification Authorities"}},
		{name: "intermediate given apart", bundle: chainBundle(p.leaf), trust: &chain.Store{Roots: chainTrust(p.root).Roots, Intermediates: chainTrust(p.inter).Roots}, want: lint.Pass},
		{name: "cross-signed, only the bridge root trusted", bundle: chainBundle(p.leaf, p.inter, p.root, cross), trust: chainTrust(bridge), want: lint.Pass},
		{name: "two intermediates in the wrong order", bundle: chainBundle(leaf2, p.root, policy, issuing2), trust: chainTrust(p.root), want: lint.Pass},
		{name: "no leaf", bundle: &certlint.Bundle{Name: "empty"}, trust: chainTrust(p.root), want: lint.NA},
	})
}
