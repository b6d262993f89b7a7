package certlint

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
)

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

// chainSubjects lists the CNs of the chain built, leaf first.
func tChainSubjects(r *chain.Result) string {
	var s []string
	for _, c := range r.Chain {
		s = append(s, c.Cert.Std.Subject.CommonName)
	}
	return strings.Join(s, " > ")
}

func TestBuildChainFindings(t *testing.T) {
	pki := newTPKI(t)
	root, inter := pki.root, pki.inter

	// Cross-signing: "Test Issuing CA" also certified by "Bridge Root"
	// (same subject, same key); a leaf of it chains to either root.
	bridge := tmkCert(t, "Bridge Root", nil, true)
	crossInter := tmkCert(t, "Test Issuing CA", bridge, true, testpki.Key(inter.Key))
	expiredInter := tmkCert(t, "Test Issuing CA", root, true, testpki.Key(inter.Key), testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))

	// Two intermediates: root -> policy CA (pathlen 0) -> issuing CA -> leaf.
	policy0 := tmkCert(t, "Policy CA", root, true, testpki.PathLen(0))
	under0 := tmkCert(t, "Issuing CA 2", policy0, true)
	leafUnder0 := tmkCert(t, "agent02.contoso.test", under0, false)
	policy1 := tmkCert(t, "Policy CA 1", root, true, testpki.PathLen(1))
	under1 := tmkCert(t, "Issuing CA 3", policy1, true)
	leafUnder1 := tmkCert(t, "agent03.contoso.test", under1, false)

	notCAInter := tmkCert(t, "Not A CA", root, true, testpki.NotCA())
	leafNotCA := tmkCert(t, "agent04.contoso.test", notCAInter, false)
	noCertSign := tmkCert(t, "No CertSign CA", root, true, testpki.KeyUsage(x509.KeyUsageDigitalSignature))
	leafNoCertSign := tmkCert(t, "agent05.contoso.test", noCertSign, false)
	serverOnly := tmkCert(t, "Server Only CA", root, true, testpki.EKU(x509.ExtKeyUsageServerAuth))
	leafServerOnly := tmkCert(t, "agent06.contoso.test", serverOnly, false)
	critical := tmkCert(t, "Critical Ext CA", root, true, testpki.Extension(asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 55738, 666, 1}, true, []byte{0x05, 0x00}))
	leafCritical := tmkCert(t, "agent07.contoso.test", critical, false)
	constrained := tmkCert(t, "Constrained CA", root, true, testpki.PermitDNS("contoso.test"))
	leafOutside := tmkCert(t, "agent08.fabrikam.test", constrained, false)
	leafInside := tmkCert(t, "agent09.contoso.test", constrained, false)
	expiringInter := tmkCert(t, "Expired CA", root, true, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	leafExpiredCA := tmkCert(t, "agent10.contoso.test", expiringInter, false)

	// Bad signature: an impostor CA with the issuing CA's name and key id
	// but another key.
	impostor := tmkCert(t, "Test Issuing CA", root, true, testpki.SubjectKeyID(inter.X.SubjectKeyId))

	// MD5: an RSA root signs an intermediate with md5WithRSAEncryption.
	rsaKey := testpki.NewRSAKey(t)
	rsaRoot := tmkCert(t, "RSA Root", nil, true, testpki.Key(rsaKey))
	md5Inter := tcertOf(testpki.ResignMD5(t, tmkCert(t, "MD5 CA", rsaRoot, true).Cert, rsaKey))
	leafMD5 := tmkCert(t, "agent11.contoso.test", md5Inter, false)
	// An impostor of the RSA root (its name and key identifier, another key):
	// the MD5 signature must still be checked, not waved through.
	fakeRSARoot := tmkCert(t, "RSA Root", nil, true, testpki.SubjectKeyID(rsaRoot.X.SubjectKeyId))

	// A cycle: X and Y certify each other; no root.
	xKey, yKey := testpki.NewKey(t), testpki.NewKey(t)
	xSelf := tmkCert(t, "Cycle X", nil, true, testpki.Key(xKey))
	ySelf := tmkCert(t, "Cycle Y", nil, true, testpki.Key(yKey))
	xByY := tmkCert(t, "Cycle X", ySelf, true, testpki.Key(xKey))
	yByX := tmkCert(t, "Cycle Y", xSelf, true, testpki.Key(yKey))
	leafCycle := tmkCert(t, "agent12.contoso.test", xSelf, false)

	type want struct {
		chain   string // CNs of the chain built
		trusted bool
		ok      bool              // chain.Result.OK
		kind    chain.ProblemKind // a problem that must be reported ("" = none of ClassTrust)
		index   int               // its position in the chain
		check   func(*testing.T, chain.Problem, *chain.Result)
	}
	cases := []struct {
		name   string
		leaf   *tcert
		others []*tcert
		ts     *chain.Store
		want   want
	}{
		{"good chain", pki.leaf, []*tcert{inter, root}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", trusted: true, ok: true}},
		{"wrong order and an unrelated certificate", pki.leaf, []*tcert{root, pki.otherRoot, inter}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", trusted: true, ok: true}},
		{"intermediate from --intermediates", pki.leaf, nil, &chain.Store{Roots: tcerts(root), Intermediates: tcerts(inter)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", trusted: true, ok: true}},
		{"intermediate is the trust anchor", pki.leaf, []*tcert{inter, root}, &chain.Store{Roots: tcerts(inter)},
			want{chain: "agent01.contoso.test > Test Issuing CA", trusted: true, ok: true}},
		{"issuer not found", pki.leaf, nil, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent01.contoso.test", kind: chain.ProblemIssuerNotFound, index: 0, check: func(t *testing.T, p chain.Problem, r *chain.Result) {
				if p.IssuerName != "CN=Test Issuing CA,O=certlint chain test" || p.IssuerKeyID != hex.EncodeToString(inter.X.SubjectKeyId) {
					t.Errorf("missing issuer %q key id %q, want the intermediate's name and key id %x", p.IssuerName, p.IssuerKeyID, inter.X.SubjectKeyId)
				}
			}}},
		{"root not trusted", pki.leaf, []*tcert{inter, root}, &chain.Store{Roots: tcerts(pki.otherRoot)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", kind: chain.ProblemRootNotTrusted, index: 2, check: func(t *testing.T, p chain.Problem, r *chain.Result) {
				if p.Thumbprint != strings.ToUpper(hex.EncodeToString(tsha1(root.c.Raw))) {
					t.Errorf("thumbprint %s is not the root's", p.Thumbprint)
				}
			}}},
		{"root not trusted, system roots asked too", pki.leaf, []*tcert{inter, root}, &chain.Store{System: true},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", kind: chain.ProblemRootNotTrusted, index: 2}},
		{"cross-signed: only the bridge root is trusted", pki.leaf, []*tcert{inter, root, crossInter}, &chain.Store{Roots: tcerts(bridge)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Bridge Root", trusted: true, ok: true}},
		{"cross-signed: both roots trusted", pki.leaf, []*tcert{crossInter, inter}, &chain.Store{Roots: tcerts(bridge, root)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Bridge Root", trusted: true, ok: true}},
		{"several candidates: the expired one is passed over", pki.leaf, []*tcert{expiredInter, inter}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", trusted: true, ok: true, check: nil}},
		{"bad signature", pki.leaf, []*tcert{impostor}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent01.contoso.test > Test Issuing CA > Test Root", trusted: true, kind: chain.ProblemBadSignature, index: 0}},
		{"CA outside validity", leafExpiredCA, []*tcert{expiringInter}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent10.contoso.test > Expired CA > Test Root", trusted: true, kind: chain.ProblemCAValidity, index: 1}},
		{"issuer without the CA bit", leafNotCA, []*tcert{notCAInter}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent04.contoso.test > Not A CA > Test Root", trusted: true, kind: chain.ProblemNotCA, index: 1}},
		{"issuer without keyCertSign", leafNoCertSign, []*tcert{noCertSign}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent05.contoso.test > No CertSign CA > Test Root", trusted: true, kind: chain.ProblemNoKeyCertSign, index: 1}},
		{"path length exceeded (two intermediates under pathlen 0)", leafUnder0, []*tcert{under0, policy0}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent02.contoso.test > Issuing CA 2 > Policy CA > Test Root", trusted: true, kind: chain.ProblemPathLength, index: 1}},
		{"path length respected (pathlen 1)", leafUnder1, []*tcert{under1, policy1}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent03.contoso.test > Issuing CA 3 > Policy CA 1 > Test Root", trusted: true, ok: true}},
		{"intermediate EKU excludes clientAuth", leafServerOnly, []*tcert{serverOnly}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent06.contoso.test > Server Only CA > Test Root", trusted: true, kind: chain.ProblemCAEKU, index: 1, check: func(t *testing.T, p chain.Problem, r *chain.Result) {
				if p.Usage != "clientAuth" {
					t.Errorf("usage %q, want clientAuth", p.Usage)
				}
			}}},
		{"unknown critical extension", leafCritical, []*tcert{critical}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent07.contoso.test > Critical Ext CA > Test Root", trusted: true, kind: chain.ProblemUnknownCriticalExtension, index: 1}},
		{"name outside the name constraints", leafOutside, []*tcert{constrained}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent08.fabrikam.test > Constrained CA > Test Root", trusted: true, kind: chain.ProblemNameConstraints, index: 0}},
		{"name inside the name constraints", leafInside, []*tcert{constrained}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent09.contoso.test > Constrained CA > Test Root", trusted: true, ok: true}},
		{"MD5 signature in the chain", leafMD5, []*tcert{md5Inter}, &chain.Store{Roots: tcerts(rsaRoot)},
			want{chain: "agent11.contoso.test > MD5 CA > RSA Root", trusted: true, kind: chain.ProblemWeakSignature, index: 1, check: func(t *testing.T, p chain.Problem, r *chain.Result) {
				if p.Rule == "" || !strings.Contains(p.Detail, "MD5") {
					t.Errorf("problem %+v does not name MD5 and its rule", p)
				}
				if bad := r.Find(chain.ProblemBadSignature); len(bad) > 0 {
					t.Errorf("the MD5 signature was not verified: %v", bad)
				}
			}}},
		{"MD5 signature by another key", leafMD5, []*tcert{md5Inter}, &chain.Store{Roots: tcerts(fakeRSARoot)},
			want{chain: "agent11.contoso.test > MD5 CA > RSA Root", trusted: true, kind: chain.ProblemBadSignature, index: 1}},
		{"cycle of cross-certified CAs without a root", leafCycle, []*tcert{xByY, yByX}, &chain.Store{Roots: tcerts(root)},
			want{chain: "agent12.contoso.test > Cycle X > Cycle Y", kind: chain.ProblemIssuerNotFound, index: 2, check: func(t *testing.T, p chain.Problem, r *chain.Result) {
				if !strings.Contains(p.Detail, "cycle") {
					t.Errorf("detail %q does not explain the cycle", p.Detail)
				}
			}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := &Bundle{Name: tc.name, Leaf: tc.leaf.c, Others: tcerts(tc.others...)}
			r := chain.Build(b.ChainInput(), tc.ts, chainAt)
			if got := tChainSubjects(r); got != tc.want.chain {
				t.Errorf("chain %q, want %q", got, tc.want.chain)
			}
			if r.Trusted != tc.want.trusted || r.OK() != tc.want.ok {
				t.Errorf("trusted %v, ok %v; want %v, %v (problems %v)", r.Trusted, r.OK(), tc.want.trusted, tc.want.ok, r.Problems)
			}
			if tc.want.kind == "" {
				for _, p := range r.Problems {
					if p.Class != chain.ClassLeaf {
						t.Errorf("unexpected problem %s: %s", p.Kind, p)
					}
				}
				return
			}
			ps := r.Find(tc.want.kind)
			if len(ps) == 0 {
				t.Fatalf("no %s problem; problems: %v", tc.want.kind, r.Problems)
			}
			p := ps[0]
			if p.Index != tc.want.index || p.Subject != r.Chain[p.Index].Subject || p.Detail == "" || p.Class != chain.ClassTrust {
				t.Errorf("problem %+v: want index %d, the subject of that certificate, a detail, class trust", p, tc.want.index)
			}
			if tc.want.check != nil {
				tc.want.check(t, p, r)
			}
			t.Logf("%s", p)
		})
	}
}

func tsha1(b []byte) []byte {
	h := crypto.SHA1.New()
	h.Write(b)
	return h.Sum(nil)
}

// The roles of the input's certificates: leaf, intermediate, root, and a
// certificate the chain does not use.
func TestBuildChainRoles(t *testing.T) {
	pki := newTPKI(t)
	b := &Bundle{Leaf: pki.leaf.c, Others: tcerts(pki.otherRoot, pki.root, pki.inter)}
	r := chain.Build(b.ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	want := []chain.Role{chain.RoleLeaf, chain.RoleUnrelated, chain.RoleRoot, chain.RoleIntermediate}
	if len(r.Roles) != len(want) {
		t.Fatalf("%d roles, want %d", len(r.Roles), len(want))
	}
	for i, w := range want {
		if r.Roles[i].Role != w || r.Roles[i].Cert != b.Certificates()[i] {
			t.Errorf("certificate %d (%s): role %s, want %s", i, r.Roles[i].Subject, r.Roles[i].Role, w)
		}
	}
	if r.Roles[1].ChainIndex != -1 || r.Roles[2].ChainIndex != 2 || r.Roles[3].ChainIndex != 1 {
		t.Errorf("chain indexes %d %d %d, want -1 2 1", r.Roles[1].ChainIndex, r.Roles[2].ChainIndex, r.Roles[3].ChainIndex)
	}
	if a := r.Anchor(); a == nil || !a.Trusted || a.Origin != chain.OriginRoots {
		t.Errorf("anchor %+v: want the trusted root from the roots (the bundle's copy is the same certificate)", a)
	}
}

// Leaf-only defects are ClassLeaf (the leaf lints report them); CA profile
// defects are ClassProfile and leave the chain OK for Windows.
func TestBuildChainProblemClasses(t *testing.T) {
	pki := newTPKI(t)
	expiredLeaf := tmkCert(t, "agent01.contoso.test", pki.inter, false, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)), testpki.EKU(x509.ExtKeyUsageServerAuth))
	r := chain.Build((&Bundle{Leaf: expiredLeaf.c, Others: tcerts(pki.inter)}).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	if !r.OK() || len(r.Find(chain.ProblemLeafValidity)) != 1 || len(r.Find(chain.ProblemLeafEKU)) != 1 || r.Find(chain.ProblemLeafEKU)[0].Class != chain.ClassLeaf {
		t.Errorf("expired server-only leaf: ok %v, problems %v; want OK with a leaf validity and a leaf EKU (clientAuth) problem", r.OK(), r.Problems)
	}
	leaf := tmkCert(t, "agent01.contoso.test", pki.inter, false)
	pcCA := tmkCert(t, "Test Issuing CA", pki.root, true, testpki.Key(pki.inter.Key),
		testpki.Extension(asn1.ObjectIdentifier{2, 5, 29, 36}, false, []byte{0x30, 0x03, 0x80, 0x01, 0x00}))
	r = chain.Build((&Bundle{Leaf: leaf.c, Others: tcerts(pcCA)}).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	ps := r.Find(chain.ProfileCriticality)
	if !r.OK() || len(ps) != 1 || ps[0].Class != chain.ClassProfile || ps[0].Index != 1 || ps[0].Rule != "RFC 5280 4.2.1.11" {
		t.Errorf("non-critical policyConstraints on the CA: ok %v, problems %v; want OK with one profile problem on the CA", r.OK(), r.Problems)
	}
}

func TestBuildChainDegenerateInputs(t *testing.T) {
	pki := newTPKI(t)
	if r := chain.Build(chain.Input{}, nil, time.Time{}); r == nil || r.Trusted || len(r.Chain) != 0 {
		t.Errorf("nil bundle: %+v", r)
	}
	if r := chain.Build((&Bundle{}).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt); r == nil || len(r.Chain) != 0 {
		t.Errorf("bundle without leaf: %+v", r)
	}
	// A self-signed root as the leaf: trusted when it is a root given.
	r := chain.Build((&Bundle{Leaf: pki.root.c}).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	if !r.OK() || len(r.Chain) != 1 {
		t.Errorf("trusted root as leaf: %+v", r)
	}
	// Garbage DER as the leaf, or among the others: a Malformed problem, no panic.
	junk := &cert.Certificate{Raw: []byte{0x30, 0x03, 0x02, 0x01, 0x01}}
	r = chain.Build((&Bundle{Leaf: junk, Others: []*cert.Certificate{junk, {Raw: nil}}}).ChainInput(), &chain.Store{Roots: []*cert.Certificate{junk, nil}}, chainAt)
	if r.Trusted || len(r.Find(chain.ProblemMalformed)) != 1 {
		t.Errorf("garbage leaf: %+v", r)
	}
	r = chain.Build((&Bundle{Leaf: pki.leaf.c, Others: []*cert.Certificate{junk, nil, pki.inter.c}}).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
	if !r.OK() {
		t.Errorf("garbage among the others: %+v", r.Problems)
	}
}

// A hostile input: 40 CAs with one subject and one key, each certifying the
// others, and no root. Path building must stop within its limits.
func TestBuildChainPathological(t *testing.T) {
	key := testpki.NewKey(t)
	first := tmkCert(t, "Pathological CA", nil, true, testpki.Key(key))
	others := []*tcert{first}
	for i := 0; i < 40; i++ {
		others = append(others, tmkCert(t, "Pathological CA", others[len(others)-1], true, testpki.Key(key)))
	}
	leaf := tmkCert(t, "agent01.contoso.test", first, false)
	root := tmkCert(t, "Test Root", nil, true)
	r := chain.Build((&Bundle{Leaf: leaf.c, Others: tcerts(others...)}).ChainInput(), &chain.Store{Roots: tcerts(root)}, chainAt)
	if r.Trusted || len(r.Problems) == 0 || r.PathsTried > chain.MaxPaths {
		t.Errorf("pathological input: trusted %v, %d paths, problems %v", r.Trusted, r.PathsTried, r.Problems)
	}
}

// LoadTrustStore reads PEM, DER and PKCS#7 files and directories through the
// loader, and names the path it cannot read.
func TestLoadTrustStore(t *testing.T) {
	td := filepath.Join("..", "testdata")
	ts, err := LoadTrustStore([]string{filepath.Join(td, "ca", "root.pem")}, []string{filepath.Join(td, "chain.p7b")}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Roots) != 1 || len(ts.Intermediates) != 3 || !ts.System {
		t.Errorf("root.pem + chain.p7b: %d roots, %d intermediates, system %v; want 1, 3, true", len(ts.Roots), len(ts.Intermediates), ts.System)
	}
	ts, err = LoadTrustStore([]string{filepath.Join(td, "ca")}, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Roots) != 3 {
		t.Errorf("directory ca/: %d certificates, want 3", len(ts.Roots))
	}
	b, err := LoadFile(filepath.Join(td, "good_agent.cer"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every certificate of the directory is a trust anchor, the issuing CA too.
	if r := chain.Build(b.ChainInput(), ts, chainAt); !r.OK() || len(r.Chain) != 2 {
		t.Errorf("good_agent.cer under the roots of ca/: chain of %d, problems %v; want trusted at the issuing CA", len(r.Chain), r.Problems)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("not a certificate"), 0o600)
	for _, bad := range []string{filepath.Join(td, "nonexistent.pem"), empty, filepath.Join(td, "password.txt")} {
		_, err := LoadTrustStore([]string{bad}, nil, false, nil)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("LoadTrustStore(%s): error %v, want one naming the path", bad, err)
		}
	}
}

// BenchmarkBuildChain measures chain building for good_agent.pfx (RSA 2048
// leaf, issuing CA, root) against testdata/ca/root.pem.
func BenchmarkBuildChain(b *testing.B) {
	td := filepath.Join("..", "testdata")
	bundle, err := LoadFile(filepath.Join(td, "good_agent.pfx"), &LoadOptions{Password: func() (string, error) { return "certlint-example", nil }})
	if err != nil {
		b.Fatal(err)
	}
	ts, err := LoadTrustStore([]string{filepath.Join(td, "ca", "root.pem")}, nil, false, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := chain.Build(bundle.ChainInput(), ts, chainAt); !r.OK() {
			b.Fatal(r.Problems)
		}
	}
}
