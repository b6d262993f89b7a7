package certlint

import (
	"bytes"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	zx509 "github.com/zmap/zcrypto/x509"
)

// The cost bounds of chain building: each hostile input is generated at the
// size that took minutes without them (package testpki), read through
// the loader as a user's file is, and must be refused, by a problem naming
// the limit, without the work (the test timeout is the guard: no timing is
// asserted).

// tload builds a bundle of the given certificates (the leaf first) as the
// loader parses them, without the loader's own refusal of keys beyond
// Windows' bounds and of too many ASN.1 elements (which the loader's tests
// cover): chain building must bound its own work whatever its caller let
// through, a trust store built in a program included.
func tload(t *testing.T, ders ...[]byte) *Bundle {
	t.Helper()
	b := &Bundle{Name: "hostile.pem", Format: FormatPEM}
	for i, d := range ders {
		c := &cert.Certificate{Raw: d, Index: i + 1}
		c.Parsed, c.ParseErr = cert.ParseZcrypto(d)
		c.Std, c.StdErr = cert.ParseStd(d)
		if c.Parsed == nil && c.Std == nil {
			t.Fatalf("certificate %d: neither parser reads it: %v; %v", i+1, c.ParseErr, c.StdErr)
		}
		if i == 0 {
			b.Leaf = c
		} else {
			b.Others = append(b.Others, c)
		}
	}
	return b
}

func TestChainKeyLimits(t *testing.T) {
	pki := newTPKI(t)
	bigE := new(big.Int).Lsh(big.NewInt(1), 1<<16)
	bigE.Add(bigE, big.NewInt(1))
	for _, tc := range []struct {
		name  string
		der   []byte
		limit string
	}{
		{"DSA with 65,536-bit parameters", testpki.HostileDSA("Hostile DSA", 65536), "more than the 3072 bits"},
		{"RSA with a 1,048,576-bit modulus", testpki.HostileRSA("Hostile RSA", 1<<20, big.NewInt(65537)), "more than the 16384 bits"},
		{"RSA with a 65,537-bit exponent", testpki.HostileRSA("Hostile RSA exponent", 16384, bigE), "more than the 32 bits"},
		{"RSA with a 512-bit modulus", testpki.HostileRSA("Hostile RSA short", 512, big.NewInt(65537)), "fewer than the 1024 bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The certificate itself, self-signed, as the input.
			b := tload(t, tc.der)
			r := chain.Build(b.ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
			ps := r.Find(chain.ProblemKeyLimit)
			if r.Trusted || len(ps) != 1 || ps[0].Index != 0 || !strings.Contains(ps[0].Detail, tc.limit) || ps[0].Windows != chain.WindowsRejects {
				t.Fatalf("self-signed: trusted %v, problems %v; want one key limit problem on it saying %q", r.Trusted, r.Problems, tc.limit)
			}
			if got := r.Find(chain.ProblemIssuerNotFound, chain.ProblemBadSignature); len(got) != 0 {
				t.Errorf("its refused key is reported as %v too", got)
			}
			// As the issuer of a leaf: the problem is on the issuer.
			var subject string
			if b.Leaf.Parsed != nil {
				subject = b.Leaf.Parsed.Subject.CommonName
			}
			leaf := tmkCert(t, "agent01.contoso.test", nil, false)
			leaf = tcertOf(testpki.Reissue(t, leaf.Cert, nil, func(r *testpki.TBS) {
				r.Issuer = testpki.ParseTBS(t, tc.der).Subject
			}))
			b2 := tload(t, leaf.DER, tc.der)
			r = chain.Build(b2.ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
			ps = r.Find(chain.ProblemKeyLimit)
			if r.Trusted || len(ps) != 1 || ps[0].Index != 1 || !strings.Contains(ps[0].Detail, tc.limit) {
				t.Errorf("issuer %q: trusted %v, problems %v; want one key limit problem on the issuer", subject, r.Trusted, r.Problems)
			}
		})
	}
}

// 60 CAs sharing one name, each with its own 16,384-bit RSA key and a
// signature that verifies with none: every CA is a candidate issuer of the
// leaf and of every other CA. The work budget stops the search.
func TestChainWorkBudget(t *testing.T) {
	pki := newTPKI(t)
	leaf, cas := testpki.HostileSameNameCAs("Hostile CA", 60, 16384)
	b := tload(t, append([][]byte{leaf}, cas...)...)
	r := chain.Build(b.ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	ps := r.Find(chain.ProblemSearchLimit)
	if r.Trusted || !r.Truncated || len(ps) == 0 || !strings.Contains(ps[0].Detail, "work budget") {
		t.Fatalf("trusted %v, truncated %v, problems %v; want a search limit problem naming the work budget", r.Trusted, r.Truncated, r.Problems)
	}
	if r.PathsTried > chain.MaxPaths {
		t.Errorf("%d paths tried, above the cap of %d", r.PathsTried, chain.MaxPaths)
	}
	// The same with keys of an ordinary size is within the budget: every
	// candidate is checked and the signature is what is reported.
	leaf, cas = testpki.HostileSameNameCAs("Ordinary CA", 4, 2048)
	r = chain.Build(tload(t, append([][]byte{leaf}, cas...)...).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	if len(r.Find(chain.ProblemBadSignature)) == 0 || strings.Contains(problemText(r), "work budget") {
		t.Errorf("4 ordinary CAs: problems %v; want bad signatures, not the budget", r.Problems)
	}
}

func problemText(r *chain.Result) string {
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString(p.Detail)
		b.WriteString("\n")
	}
	return b.String()
}

// A mesh of CAs: at each of 6 levels 3 keys, each certified by each key of
// the level above (under 3 untrusted roots), so 3^6 = 729 paths lead from
// the leaf to an untrusted root. The path cap is enforced where paths are
// counted.
func TestChainPathCap(t *testing.T) {
	const levels, width = 7, 3
	keys := make([][]*testpki.Cert, levels+1) // keys[l][k]: a certificate holding key k of level l
	var all []*tcert
	// The top: self-signed roots, not trusted.
	keys[levels] = make([]*testpki.Cert, width)
	for k := range keys[levels] {
		c := tmkCert(t, "Mesh Top", nil, true)
		keys[levels][k] = c.Cert
		all = append(all, c)
	}
	for l := levels - 1; l >= 1; l-- {
		keys[l] = make([]*testpki.Cert, width)
		for k := 0; k < width; k++ {
			key := testpki.NewKey(t)
			for _, parent := range keys[l+1] {
				c := tmkCert(t, "Mesh Level "+strconv.Itoa(l), tcertOf(parent), true, testpki.Key(key))
				keys[l][k] = c.Cert
				all = append(all, c)
			}
		}
	}
	leaf := tmkCert(t, "agent01.contoso.test", tcertOf(keys[1][0]), false)
	r := chain.Build((&Bundle{Leaf: leaf.c, Others: tcerts(all...)}).ChainInput(), &chain.Store{Roots: tcerts(newTPKI(t).root)}, chainAt)
	if r.PathsTried > chain.MaxPaths {
		t.Errorf("%d paths tried, above the cap of %d", r.PathsTried, chain.MaxPaths)
	}
	ps := r.Find(chain.ProblemSearchLimit)
	if !r.Truncated || len(ps) == 0 || !strings.Contains(ps[0].Detail, "256 candidate paths") {
		t.Errorf("truncated %v, %d paths, problems %v; want the path limit named", r.Truncated, r.PathsTried, r.Problems)
	}
}

func TestChainNameConstraintCost(t *testing.T) {
	pki := newTPKI(t)
	// A 16 KB DNS name against 524,288 constraints: checked (the names are
	// lower-cased once), and outside them.
	leaf, ca := testpki.HostileNameConstraints(t, "Hostile NC CA", 524288, 1, 1, 16<<10)
	r := chain.Build(tload(t, leaf, ca).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	ps := r.Find(chain.ProblemNameConstraints)
	if len(ps) != 1 || !strings.Contains(ps[0].Detail, "not in a permitted subtree") {
		t.Errorf("16 KB name, 524,288 constraints: problems %v; want the name outside the permitted subtrees", r.Problems)
	}
	// 40 names of 2 KB against 1,024 constraints of 2 KB: few comparisons,
	// but 80 MB compared; refused before comparing.
	leaf, ca = testpki.HostileNameConstraints(t, "Hostile NC CA 2", 1024, 2048, 40, 2048)
	r = chain.Build(tload(t, leaf, ca).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	ps = r.Find(chain.ProblemNameConstraints)
	if len(ps) != 1 || !strings.Contains(ps[0].Detail, "would compare about") {
		t.Errorf("80 MB of comparisons: problems %v; want a refusal naming the bytes", r.Problems)
	}
}

// zcrypto is given a copy without its signature, so that it does not verify
// self-issued certificates while parsing; what it returns is what it returns
// for the certificate itself, SelfSigned aside.
func TestZParseBounded(t *testing.T) {
	pki := newTPKI(t)
	for _, c := range []*tcert{pki.root, pki.leaf} {
		want, err := zx509.ParseCertificate(c.DER)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cert.ParseZcrypto(c.DER)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Raw, c.DER) || !bytes.Equal(got.Signature, want.Signature) || !bytes.Equal(got.RawTBSCertificate, want.RawTBSCertificate) ||
			!bytes.Equal(got.FingerprintSHA256, want.FingerprintSHA256) || !bytes.Equal(got.FingerprintSHA1, want.FingerprintSHA1) ||
			!bytes.Equal(got.FingerprintMD5, want.FingerprintMD5) || got.Subject.String() != want.Subject.String() || got.SelfSigned {
			t.Errorf("%s: zParseBounded differs from zcrypto's parse", c.X.Subject.CommonName)
		}
	}
	// A nameConstraints extension of 20,000 subtrees (over 64 KiB) is not
	// given to zcrypto; everything else is as zcrypto parses it.
	_, ca := testpki.HostileNameConstraints(t, "Big NC CA", 20000, 4, 1, 64)
	want, err := zx509.ParseCertificate(ca)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cert.ParseZcrypto(ca)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Raw, ca) || !bytes.Equal(got.RawTBSCertificate, want.RawTBSCertificate) || !bytes.Equal(got.Signature, want.Signature) ||
		!bytes.Equal(got.FingerprintSHA256, want.FingerprintSHA256) || !bytes.Equal(got.TBSCertificateFingerprint, want.TBSCertificateFingerprint) ||
		got.Subject.String() != want.Subject.String() || len(got.Extensions) != len(want.Extensions) || len(want.PermittedDNSNames) != 20000 {
		t.Fatalf("big nameConstraints: zParseBounded differs from zcrypto's parse")
	}
	for i := range want.Extensions {
		if !bytes.Equal(got.Extensions[i].Value, want.Extensions[i].Value) || got.ExtensionsMap[want.Extensions[i].Id.String()].Value == nil {
			t.Errorf("extension %s differs", want.Extensions[i].Id)
		}
	}
	// A self-issued certificate whose signature check would take minutes.
	z, err := cert.ParseZcrypto(testpki.HostileDSA("Hostile DSA", 65536))
	if err != nil || z == nil || z.Subject.CommonName != "Hostile DSA" {
		t.Errorf("hostile DSA: %v, %v", z, err)
	}
}
