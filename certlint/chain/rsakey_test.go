package chain

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"math/big"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/testpki"
)

// stdVerifies is the reference: crypto/x509's answer for the same check.
func stdVerifies(pub *rsa.PublicKey, algo x509.SignatureAlgorithm, signed, sig []byte) bool {
	c := &x509.Certificate{PublicKey: pub, PublicKeyAlgorithm: x509.RSA}
	return c.CheckSignature(algo, signed, sig) == nil
}

func signFor(t testing.TB, key *rsa.PrivateKey, algo x509.SignatureAlgorithm, msg []byte) []byte {
	t.Helper()
	var h crypto.Hash
	var d []byte
	switch algo {
	case x509.SHA256WithRSA, x509.SHA256WithRSAPSS:
		s := sha256.Sum256(msg)
		h, d = crypto.SHA256, s[:]
	case x509.SHA384WithRSA:
		s := sha512.Sum384(msg)
		h, d = crypto.SHA384, s[:]
	case x509.SHA512WithRSA:
		s := sha512.Sum512(msg)
		h, d = crypto.SHA512, s[:]
	default:
		t.Fatalf("no signer for %v", algo)
	}
	var sig []byte
	var err error
	if algo == x509.SHA256WithRSAPSS {
		sig, err = rsa.SignPSS(rand.Reader, key, h, d, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	} else {
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, h, d)
	}
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestRSAKeySameAsCryptoX509 checks the prepared-key verification against
// crypto/x509 over valid signatures and every way to spoil one: it may
// answer false where crypto/x509 accepts (the caller then asks crypto/x509),
// never true where crypto/x509 refuses; and for the algorithms it handles
// it must accept what crypto/x509 accepts, or it saves nothing.
func TestRSAKeySameAsCryptoX509(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	algos := []x509.SignatureAlgorithm{x509.SHA256WithRSA, x509.SHA384WithRSA, x509.SHA512WithRSA}
	checked, accepted := 0, 0
	for _, bits := range []int{2048, 3072, 4096} {
		key, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			t.Fatal(err)
		}
		other, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			t.Fatal(err)
		}
		k := newRSAKey(&key.PublicKey)
		if k == nil {
			t.Fatalf("%d-bit key with e=65537 not prepared", bits)
		}
		msg := []byte("tbsCertificate bytes")
		for _, algo := range algos {
			good := signFor(t, key, algo, msg)
			cases := map[string]struct {
				algo      x509.SignatureAlgorithm
				msg, sig  []byte
				handled   bool // verifiesPKCS1v15 must accept it
				wantValid bool
			}{
				"valid":           {algo, msg, good, true, true},
				"other message":   {algo, []byte("tbsCertificate byteS"), good, false, false},
				"other key":       {algo, msg, signFor(t, other, algo, msg), false, false},
				"short signature": {algo, msg, good[1:], false, false},
				"long signature":  {algo, msg, append([]byte{0}, good...), false, false},
				"s = n":           {algo, msg, key.N.FillBytes(make([]byte, len(good))), false, false},
				"s = n + sig":     {algo, msg, new(big.Int).Add(key.N, new(big.Int).SetBytes(good)).FillBytes(make([]byte, len(good)+1))[1:], false, false},
				"zero":            {algo, msg, make([]byte, len(good)), false, false},
				"other hash name": {otherAlgo(algo), msg, good, false, false},
			}
			for i := 0; i < 16; i++ {
				bad := append([]byte(nil), good...)
				bad[rng.IntN(len(bad))] ^= byte(1 << rng.IntN(8))
				cases["bit flip "+string(rune('a'+i))] = struct {
					algo      x509.SignatureAlgorithm
					msg, sig  []byte
					handled   bool
					wantValid bool
				}{algo, msg, bad, false, false}
			}
			for name, tc := range cases {
				got := k.verifiesPKCS1v15(tc.algo, tc.msg, tc.sig)
				want := stdVerifies(&key.PublicKey, tc.algo, tc.msg, tc.sig)
				checked++
				if want != tc.wantValid {
					t.Fatalf("%d bits %v %s: crypto/x509 says %v, the case expects %v", bits, algo, name, want, tc.wantValid)
				}
				if got && !want {
					t.Errorf("%d bits %v %s: prepared key accepts what crypto/x509 refuses", bits, algo, name)
				}
				if tc.handled && !got {
					t.Errorf("%d bits %v %s: prepared key refuses a valid signature", bits, algo, name)
				}
				if got {
					accepted++
				}
			}
		}
		// Algorithms it does not handle are left to crypto/x509.
		pss := signFor(t, key, x509.SHA256WithRSAPSS, msg)
		if k.verifiesPKCS1v15(x509.SHA256WithRSAPSS, msg, pss) {
			t.Errorf("%d bits: RSASSA-PSS handled; only PKCS#1 v1.5 is", bits)
		}
	}
	if accepted != 9 {
		t.Errorf("%d of %d checks accepted, want the 9 valid ones", accepted, checked)
	}
}

// otherAlgo names a different hash for the same signature.
func otherAlgo(a x509.SignatureAlgorithm) x509.SignatureAlgorithm {
	if a == x509.SHA256WithRSA {
		return x509.SHA384WithRSA
	}
	return x509.SHA256WithRSA
}

// TestNewRSAKeyOnlyEquivalentKeys: keys outside what verifiesPKCS1v15
// mirrors exactly are not prepared, so crypto/x509 checks them.
func TestNewRSAKeyOnlyEquivalentKeys(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	even := new(big.Int).Add(key.N, big.NewInt(1))
	for name, pub := range map[string]any{
		"1024 bits":    &small.PublicKey,
		"e = 3":        &rsa.PublicKey{N: key.N, E: 3},
		"even modulus": &rsa.PublicKey{N: even, E: 65537},
		"nil modulus":  &rsa.PublicKey{E: 65537},
		"not RSA":      "key",
		"nil":          nil,
	} {
		if newRSAKey(pub) != nil {
			t.Errorf("%s: prepared", name)
		}
	}
	var none *rsaKey
	if none.verifiesPKCS1v15(x509.SHA256WithRSA, nil, nil) {
		t.Error("nil key verifies")
	}
}

// FuzzRSAKeyNeverAcceptsMore: for any signature bytes, the prepared key
// accepts only what crypto/x509 accepts.
func FuzzRSAKeyNeverAcceptsMore(f *testing.F) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		f.Fatal(err)
	}
	k := newRSAKey(&key.PublicKey)
	msg := []byte("signed")
	good := signFor(f, key, x509.SHA256WithRSA, msg)
	f.Add(msg, good)
	f.Add(msg, good[:100])
	f.Fuzz(func(t *testing.T, msg, sig []byte) {
		if k.verifiesPKCS1v15(x509.SHA256WithRSA, msg, sig) && !stdVerifies(&key.PublicKey, x509.SHA256WithRSA, msg, sig) {
			t.Fatal("prepared key accepts what crypto/x509 refuses")
		}
	})
}

// TestBuildUsesPreparedStoreKey: a leaf issued by a trust store CA with an
// RSA key is checked with the store's prepared key; a leaf whose signature
// was spoiled still gets crypto/rsa's own verdict and words; and a store CA
// with a key the prepared check does not mirror (P-256) still verifies.
func TestBuildUsesPreparedStoreKey(t *testing.T) {
	pki := testpki.PKI{Org: "prepared key test", RSALeaves: true}
	root := pki.CA(t, "Prepared Root", nil, testpki.Key(testpki.NewRSAKey(t)))
	inter := pki.CA(t, "Prepared Issuing CA", root, testpki.Key(testpki.NewRSAKey(t)))
	ecInter := pki.CA(t, "Prepared EC CA", root)
	of := func(c *testpki.Cert) *cert.Certificate {
		return &cert.Certificate{Raw: c.DER, Std: c.X, Parsed: c.Z, Index: 1}
	}
	store := &Store{}
	store.Add("root.pem", true, of(root))
	store.Add("inter.pem", false, of(inter), of(ecInter))
	entry := func(crt *cert.Certificate) *storeNode {
		c := store.prepared()
		i, ok := c.byHash[crt.SHA256()]
		if !ok {
			t.Fatalf("%s is not in the store's cache", crt.Std.Subject)
		}
		return &c.distinct[i]
	}
	if entry(store.Intermediates[0]).rsa == nil {
		t.Fatal("the RSA issuing CA's key was not prepared")
	}
	if entry(store.Intermediates[1]).rsa != nil {
		t.Fatal("a P-256 key was prepared")
	}
	at := time.Now()
	leaf := pki.Leaf(t, "agent.corp.example.test", inter)
	if !entry(store.Intermediates[0]).rsa.verifiesPKCS1v15(leaf.X.SignatureAlgorithm, leaf.X.RawTBSCertificate, leaf.X.Signature) {
		t.Fatal("the prepared key refuses the leaf's valid signature")
	}
	if r := Build(Input{Leaf: of(leaf), File: "leaf.pem"}, store, at); !r.OK() || len(r.Chain) != 3 {
		t.Fatalf("good leaf: trusted %v, chain of %d, problems %v", r.Trusted, len(r.Chain), r.Problems)
	}
	if r := Build(Input{Leaf: of(pki.Leaf(t, "ec.corp.example.test", ecInter)), File: "leaf.pem"}, store, at); !r.OK() {
		t.Fatalf("leaf of the P-256 CA: problems %v", r.Problems)
	}

	bad := append([]byte(nil), leaf.DER...)
	bad[len(bad)-1] ^= 1 // the last byte of the signature value
	std, err := x509.ParseCertificate(bad)
	if err != nil {
		t.Fatal(err)
	}
	wantErr := inter.X.CheckSignature(std.SignatureAlgorithm, std.RawTBSCertificate, std.Signature)
	if wantErr == nil {
		t.Fatal("crypto/x509 accepts the spoiled signature")
	}
	r := Build(Input{Leaf: &cert.Certificate{Raw: bad, Std: std, Index: 1}, File: "bad.pem"}, store, at)
	got := r.Find(ProblemBadSignature)
	if len(got) != 1 || !strings.Contains(got[0].Detail, wantErr.Error()) {
		t.Fatalf("spoiled leaf: problems %v, want one bad_signature saying %q", r.Problems, wantErr)
	}
}

// TestIssuerKeyFromStore: the issuer name key taken from the store's table
// is the key the name's own normalisation gives, for an issuer name that is
// a store certificate's subject and for one that is not.
func TestIssuerKeyFromStore(t *testing.T) {
	pki := testpki.PKI{Org: "issuer key test"}
	root := pki.CA(t, "Key Root", nil)
	other := pki.CA(t, "Not In The Store", nil)
	store := &Store{}
	store.Add("root.pem", true, &cert.Certificate{Raw: root.DER, Std: root.X})
	s := &search{store: store.prepared()}
	for _, issuer := range []*testpki.Cert{root, other} {
		leaf := pki.Leaf(t, "agent.corp.example.test", issuer)
		tbs, err := parseTBS(leaf.DER)
		if err != nil {
			t.Fatal(err)
		}
		_, inStore := s.store.subjectKeys[string(tbs.issuer)]
		if want := inStore; want != (issuer == root) {
			t.Fatalf("issuer %s: in the store's table %v", issuer.X.Subject, inStore)
		}
		if got, want := s.issuerKey(tbs), parseName(tbs.issuer).key; got != want {
			t.Errorf("issuer %s: key %q, want %q", issuer.X.Subject, got, want)
		}
	}
}

// BenchmarkRSAVerify compares one RSA-2048 sha256WithRSAEncryption check by
// crypto/x509 (which computes the key's Montgomery constants each time) and
// by the prepared key.
func BenchmarkRSAVerify(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, 900) // a TBSCertificate's size
	sig := signFor(b, key, x509.SHA256WithRSA, msg)
	c := &x509.Certificate{PublicKey: &key.PublicKey, PublicKeyAlgorithm: x509.RSA}
	b.Run("crypto-x509", func(b *testing.B) {
		for b.Loop() {
			if err := c.CheckSignature(x509.SHA256WithRSA, msg, sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	k := newRSAKey(&key.PublicKey)
	b.Run("prepared", func(b *testing.B) {
		for b.Loop() {
			if !k.verifiesPKCS1v15(x509.SHA256WithRSA, msg, sig) {
				b.Fatal("refused")
			}
		}
	})
}
