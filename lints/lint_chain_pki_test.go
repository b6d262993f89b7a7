package lints

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	_ "crypto/md5" // the MD5 case
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The chain lints are tested with PKIs generated in the test: a root, two
// levels of intermediates, a cross-signing root, and CA certificates with
// one defect each.

type chainTestCert struct {
	x   *x509.Certificate
	key crypto.Signer
	c   *certlint.Certificate
}

var (
	chainLeafKeyOnce sync.Once
	chainLeafKey     *rsa.PrivateKey
)

// chainIssue issues a certificate named cn by issuer (self-signed when nil):
// a CA (cA=TRUE, keyCertSign) or an OpsMgr computer certificate (RSA 2048,
// serverAuth + clientAuth, digitalSignature + keyEncipherment); mod edits
// the template, key (when not nil) is the subject key.
func chainIssue(t *testing.T, cn string, issuer *chainTestCert, ca bool, key crypto.Signer, mod func(*x509.Certificate)) *chainTestCert {
	t.Helper()
	tpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"certlint lint test"}},
		NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true,
		IsCA:                  ca,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	if !ca {
		tpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		tpl.DNSNames = []string{cn}
		tpl.Subject.Organization = nil
	}
	if mod != nil {
		mod(tpl)
	}
	if key == nil && ca {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	}
	if key == nil {
		chainLeafKeyOnce.Do(func() {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			chainLeafKey = k
		})
		key = chainLeafKey
	}
	parent, signer := tpl, key
	if issuer != nil {
		parent, signer = issuer.x, issuer.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, parent, key.Public(), signer)
	if err != nil {
		t.Fatalf("%s: %v", cn, err)
	}
	return chainTestFromDER(t, der, key)
}

func chainTestFromDER(t *testing.T, der []byte, key crypto.Signer) *chainTestCert {
	t.Helper()
	z, err := zx509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	std, stdErr := x509.ParseCertificate(der)
	return &chainTestCert{x: std, key: key, c: &certlint.Certificate{Raw: der, Parsed: z, Std: std, StdErr: stdErr}}
}

// chainResignMD5 re-signs a certificate issued by an RSA key with
// md5WithRSAEncryption (crypto/x509 refuses to sign with MD5).
func chainResignMD5(t *testing.T, c *chainTestCert, issuerKey *rsa.PrivateKey) *chainTestCert {
	t.Helper()
	der := bytes.ReplaceAll(c.c.Raw,
		[]byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b}, // sha256WithRSAEncryption
		[]byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04}) // md5WithRSAEncryption
	in := cryptobyte.String(der)
	var cert, tbs, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&alg, cbasn1.SEQUENCE) {
		t.Fatal("bad DER")
	}
	h := crypto.MD5.New()
	h.Write(tbs)
	sig, err := rsa.SignPKCS1v15(rand.Reader, issuerKey, crypto.MD5, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(alg)
		b.AddASN1BitString(sig)
	})
	return chainTestFromDER(t, b.BytesOrPanic(), c.key)
}

// chainBundle is the computer's certificate with its key (role local) and
// the CA certificates that came with it.
func chainBundle(leaf *chainTestCert, others ...*chainTestCert) *certlint.Bundle {
	b := &certlint.Bundle{Name: leaf.x.Subject.CommonName, Format: certlint.FormatPEM, Leaf: leaf.c, Key: leaf.key, KeyCount: 1, KeyMatchesLeaf: true}
	for _, o := range others {
		b.Others = append(b.Others, o.c)
	}
	return b
}

func chainTrust(roots ...*chainTestCert) *certlint.TrustStore {
	ts := &certlint.TrustStore{}
	for _, r := range roots {
		ts.Roots = append(ts.Roots, r.c)
	}
	return ts
}

// chainLintCase is one row of a chain lint table.
type chainLintCase struct {
	name   string
	bundle *certlint.Bundle
	trust  *certlint.TrustStore // nil: no trust store (the chain is not built)
	role   certlint.Role
	want   lint.LintStatus
	// says are substrings the details must hold (the certificate, the fix,
	// the side).
	says []string
}

// testChainLint runs a chain lint table through certlint.Run.
func testChainLint(t *testing.T, name string, cases []chainLintCase) {
	t.Helper()
	l := certlint.LintByName(name)
	if l == nil {
		t.Fatalf("lint %s is not registered", name)
	}
	checkMetadata(t, l)
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
	p.root = chainIssue(t, "Lint Test Root", nil, true, nil, nil)
	p.inter = chainIssue(t, "Lint Test Issuing CA", p.root, true, nil, nil)
	p.leaf = chainIssue(t, "agent01.contoso.test", p.inter, false, nil, nil)
	p.other = chainIssue(t, "Lint Other Root", nil, true, nil, nil)
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
