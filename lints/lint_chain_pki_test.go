package lints

import (
	"fmt"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

// The chain lints are tested with PKIs generated in the test: a root, two
// levels of intermediates, a cross-signing root, and CA certificates with
// one defect each.

// lintPKI is the profile of the chain lint tests' certificates: CAs with
// O=certlint lint test and their own P-256 key; computers named by CN only,
// with the shared RSA 2048 key.
var lintPKI = testpki.PKI{Org: "certlint lint test", RSALeaves: true}

// chainTestCert is a certificate of a test PKI with its key, and the one
// certlint.Certificate made of it.
type chainTestCert struct {
	*testpki.Cert
	c *cert.Certificate
}

// chainTestOf reads the certificate through certlint.Load, as LoadFile
// reads a user's file (so a certificate a parser refuses is what the loader
// makes of it).
func chainTestOf(pc *testpki.Cert) *chainTestCert {
	b, err := certlint.Load("test.der", pc.DER, nil)
	if err != nil || b.Leaf == nil {
		panic(fmt.Sprintf("the loader refuses a test certificate: %v", err))
	}
	return &chainTestCert{Cert: pc, c: b.Leaf}
}

// chainIssue issues a certificate named cn by issuer (self-signed when nil):
// a CA or an OpsMgr computer certificate of lintPKI (see testpki.PKI.CA and
// Leaf).
func chainIssue(t *testing.T, cn string, issuer *chainTestCert, ca bool, opts ...testpki.Option) *chainTestCert {
	t.Helper()
	var parent *testpki.Cert
	if issuer != nil {
		parent = issuer.Cert
	}
	if ca {
		return chainTestOf(lintPKI.CA(t, cn, parent, opts...))
	}
	return chainTestOf(lintPKI.Leaf(t, cn, parent, opts...))
}

// chainBundle is the computer's certificate with its key (role local) and
// the CA certificates that came with it.
func chainBundle(leaf *chainTestCert, others ...*chainTestCert) *certlint.Bundle {
	name := "leaf.pem"
	if leaf.X != nil {
		name = leaf.X.Subject.CommonName
	}
	b := &certlint.Bundle{Name: name, Format: certlint.FormatPEM, Leaf: leaf.c, Key: leaf.Key, KeyCount: 1, KeyMatchesLeaf: true}
	for _, o := range others {
		b.Others = append(b.Others, o.c)
	}
	return b
}

func chainTrust(roots ...*chainTestCert) *chain.Store {
	ts := &chain.Store{}
	for _, r := range roots {
		ts.Roots = append(ts.Roots, r.c)
	}
	return ts
}

// chainLintCase is one row of a chain lint table.
type chainLintCase struct {
	name   string
	bundle *certlint.Bundle
	trust  *chain.Store // nil: no trust store (the chain is not built)
	role   certlint.Role
	want   lint.LintStatus
	// says are substrings the details must hold (the certificate, the fix,
	// the side).
	says []string
}

// testChainLint runs a chain lint table through certlint.Run.
func testChainLint(t *testing.T, name string, cases []chainLintCase) {
	t.Helper()
	l := lintUnderTest(t, name)
	if findingStatus(name) == lint.Error && l.Event != 20072 {
		t.Errorf("%s: event %d, want 20072", name, l.Event)
	}
	seen := map[lint.LintStatus]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			role := tc.role
			if role == "" {
				role = certlint.RoleLocal
			}
			res := runOne(t, name, tc.bundle, certlint.Config{Role: role, Trust: tc.trust})
			if res.Status != tc.want {
				t.Fatalf("status %v (%q), want %v", res.Status, res.Details, tc.want)
			}
			for _, s := range tc.says {
				if !strings.Contains(res.Details, s) {
					t.Errorf("details %q lack %q", res.Details, s)
				}
			}
			t.Logf("%v: %s", res.Status, res.Details)
		})
		seen[tc.want] = true
	}
	for _, s := range []lint.LintStatus{lint.Pass, findingStatus(name)} {
		if !seen[s] {
			t.Errorf("table of %s has no case with status %v", name, s)
		}
	}
}

// chainTestPKI is the shared test PKI: root -> issuing CA -> computer, and
// an unrelated root.
type chainTestPKI struct {
	root, inter, leaf, other *chainTestCert
}

func newChainTestPKI(t *testing.T) *chainTestPKI {
	p := &chainTestPKI{}
	p.root = chainIssue(t, "Lint Test Root", nil, true)
	p.inter = chainIssue(t, "Lint Test Issuing CA", p.root, true)
	p.leaf = chainIssue(t, "agent01.contoso.test", p.inter, false)
	p.other = chainIssue(t, "Lint Other Root", nil, true)
	return p
}

// good is the case every chain lint passes: the full chain, trusted root.
func (p *chainTestPKI) good() chainLintCase {
	return chainLintCase{name: "trusted chain", bundle: chainBundle(p.leaf, p.inter, p.root), trust: chainTrust(p.root), want: lint.Pass}
}

// untrusted is a chain that does not reach a trusted root: the other lints
// do not report it (e_opsmgr_chain_not_trusted does).
func (p *chainTestPKI) untrusted() chainLintCase {
	return chainLintCase{name: "untrusted root", bundle: chainBundle(p.leaf, p.inter, p.root), trust: chainTrust(p.other), want: lint.Pass}
}

// noTrust is the case without a trust store.
func (p *chainTestPKI) noTrust() chainLintCase {
	return chainLintCase{name: "no trust store", bundle: chainBundle(p.leaf, p.inter, p.root), want: lint.NA}
}

// chainReissue returns c with its TBSCertificate changed by edit, signed
// again by issuer (c itself when nil), read through the loader.
func chainReissue(t *testing.T, c, issuer *chainTestCert, edit func(*testpki.TBS)) *chainTestCert {
	t.Helper()
	var by *testpki.Cert
	if issuer != nil {
		by = issuer.Cert
	}
	return chainTestOf(testpki.Reissue(t, c.Cert, by, edit))
}

// profileCases are the cases every profile lint has: a good chain passes,
// with a trust store and without.
func (p *chainTestPKI) profileCases() []chainLintCase {
	good := p.good()
	return []chainLintCase{good, {name: "good leaf, no trust store", bundle: good.bundle, want: lint.Pass}}
}

// windowsAccepts and windowsRejects are what the profile lints' messages say
// of Windows.
const (
	windowsAccepts = "Windows' chain engine accepts it"
	windowsRejects = "Windows' chain engine rejects it"
	windowsUnknown = "whether Windows' chain engine accepts it is not known"
)
