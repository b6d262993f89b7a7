package report

import (
	"crypto"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/testpki"
)

// The chain tests' test PKI, for the reports of a chain.

// chainAt is the evaluation time of the chain tests, inside the default
// validity of the test PKI (2025-01-01 .. 2035-01-01).
var chainAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// chainPKI is the profile of the chain tests' certificates: O=certlint
// chain test on every subject, leaves too, and a new P-256 key each.
var chainPKI = testpki.PKI{Org: "certlint chain test", LeafOrg: true}

// tcert is a certificate of a test PKI with its key, and the one Certificate
// made of it (the tests give the same *Certificate to the bundle and the
// trust store).
type tcert struct {
	*testpki.Cert
	c *cert.Certificate
}

func tcertOf(pc *testpki.Cert) *tcert {
	return &tcert{Cert: pc, c: &cert.Certificate{Raw: pc.DER, Parsed: pc.Z, Std: pc.X}}
}

// tmkCert issues a certificate named cn from issuer (self-signed when nil):
// a CA or a leaf of chainPKI (see testpki.PKI.CA and Leaf).
func tmkCert(t *testing.T, cn string, issuer *tcert, ca bool, opts ...testpki.Option) *tcert {
	t.Helper()
	var parent *testpki.Cert
	if issuer != nil {
		parent = issuer.Cert
	}
	if ca {
		return tcertOf(chainPKI.CA(t, cn, parent, opts...))
	}
	return tcertOf(chainPKI.Leaf(t, cn, parent, opts...))
}

func tcerts(cs ...*tcert) []*cert.Certificate {
	out := make([]*cert.Certificate, len(cs))
	for i, c := range cs {
		out[i] = c.c
	}
	return out
}

// testPKI is root -> intermediate -> leaf, with a second, unrelated root.
type tPKI struct {
	root, inter, leaf, otherRoot *tcert
}

func newTPKI(t *testing.T) *tPKI {
	p := &tPKI{}
	p.root = tmkCert(t, "Test Root", nil, true)
	p.inter = tmkCert(t, "Test Issuing CA", p.root, true)
	p.leaf = tmkCert(t, "agent01.contoso.test", p.inter, false)
	p.otherRoot = tmkCert(t, "Other Root", nil, true)
	return p
}

func tsha1(b []byte) []byte {
	h := crypto.SHA1.New()
	h.Write(b)
	return h.Sum(nil)
}
