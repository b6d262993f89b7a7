package certlint

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/certlint/certlint/certlint/internal/pbe"
	"github.com/certlint/certlint/certlint/testpki"
)

// ---- A small test PKI, made once per test binary. ----

type ldTestPKIData struct {
	leafKey, otherKey *rsa.PrivateKey
	ecKey             *ecdsa.PrivateKey
	root, inter       *x509.Certificate
	leaf, other, ec   *x509.Certificate
}

var (
	ldPKIOnce sync.Once
	ldPKIVal  *ldTestPKIData
)

// ldPKI returns a root CA, an issuing CA, and three leaves issued by it:
// leaf (agent01.contoso.test, RSA), other (web01.contoso.test, RSA) and ec
// (agent01.contoso.test, ECDSA P-256).
func ldPKI(t testing.TB) *ldTestPKIData {
	t.Helper()
	ldPKIOnce.Do(func() { ldPKIVal = ldMakePKI(t) })
	if ldPKIVal == nil {
		t.Fatal("the loader test PKI could not be made (see the first test that asked for it)")
	}
	return ldPKIVal
}

func ldMakePKI(t testing.TB) *ldTestPKIData {
	t.Helper()
	pki := testpki.PKI{Org: "certlint test"}
	root := pki.CA(t, "certlint Test Root CA", nil)
	inter := pki.CA(t, "certlint Test Issuing CA", root)
	p := &ldTestPKIData{leafKey: testpki.NewRSAKey(t), otherKey: testpki.NewRSAKey(t), ecKey: testpki.NewKey(t), root: root.X, inter: inter.X}
	p.leaf = pki.Leaf(t, "agent01.contoso.test", inter, testpki.Key(p.leafKey)).X
	p.other = pki.Leaf(t, "web01.contoso.test", inter, testpki.Key(p.otherKey)).X
	p.ec = pki.Leaf(t, "agent01.contoso.test", inter, testpki.Key(p.ecKey)).X
	return p
}

func ldPEM(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func ldPKCS8(t testing.TB, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func ldWrite(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// ldOpenSSL runs openssl (3.x is part of the team's toolset) in dir.
func ldOpenSSL(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func ldPassword(pw string) *LoadOptions {
	return &LoadOptions{Password: func() (string, error) { return pw, nil }}
}

// ---- A PFX builder (RFC 7292), for structures no encoder writes. ----

type ldAttr struct {
	oid    encasn1.ObjectIdentifier
	values [][]byte // whole DER elements
}

func ldBMPValue(s string) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.Tag(30), func(b *cryptobyte.Builder) { b.AddBytes(bmpString(s)[:len(bmpString(s))-2]) })
	return b.BytesOrPanic()
}

func ldOctetValue(v []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1OctetString(v)
	return b.BytesOrPanic()
}

func ldAddAttrs(b *cryptobyte.Builder, attrs []ldAttr) {
	for _, a := range attrs {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(a.oid)
			b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
				for _, v := range a.values {
					b.AddBytes(v)
				}
			})
		})
	}
}

func ldBag(id encasn1.ObjectIdentifier, value []byte, attrs []ldAttr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(id)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(value) })
		if len(attrs) > 0 {
			b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) { ldAddAttrs(b, attrs) })
		}
	})
	return b.BytesOrPanic()
}

func ldCertBag(der []byte, attrs ...ldAttr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidX509Certificate)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(der) })
	})
	return ldBag(oidCertBag, b.BytesOrPanic(), attrs)
}

func ldKeyBag(pkcs8 []byte, attrs ...ldAttr) []byte { return ldBag(oidKeyBag, pkcs8, attrs) }

// ldPBES2 encrypts plain with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and
// returns the AlgorithmIdentifier, which declares `declared` iterations, and
// the ciphertext, made with `iter` (random bytes when iter is 0: for files
// that must be refused before any decryption).
func ldPBES2(t testing.TB, plain []byte, password string, iter, declared int) (alg, ct []byte) {
	t.Helper()
	salt, iv := make([]byte, 16), make([]byte, 16)
	rand.Read(salt)
	rand.Read(iv)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13})
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12})
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(salt)
					b.AddASN1Int64(int64(declared))
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9})
						b.AddASN1NULL()
					})
				})
			})
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42})
				b.AddASN1OctetString(iv)
			})
		})
	})
	pad := 16 - len(plain)%16
	in := append(bytes.Clone(plain), bytes.Repeat([]byte{byte(pad)}, pad)...)
	ct = make([]byte, len(in))
	if iter == 0 {
		rand.Read(ct)
		return b.BytesOrPanic(), ct
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, in)
	return b.BytesOrPanic(), ct
}

func ldShroudedBag(t testing.TB, pkcs8 []byte, password string, iter, declared int, attrs ...ldAttr) []byte {
	alg, ct := ldPBES2(t, pkcs8, password, iter, declared)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(alg)
		b.AddASN1OctetString(ct)
	})
	return ldBag(oidShroudedKeyBag, b.BytesOrPanic(), attrs)
}

func ldSafeContents(bags ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, bag := range bags {
			b.AddBytes(bag)
		}
	})
	return b.BytesOrPanic()
}

func ldContentInfo(typ encasn1.ObjectIdentifier, content func(b *cryptobyte.Builder)) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(typ)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), content)
	})
	return b.BytesOrPanic()
}

func ldDataSafe(sc []byte) []byte {
	return ldContentInfo(oidData, func(b *cryptobyte.Builder) { b.AddASN1OctetString(sc) })
}

func ldEncryptedSafe(t testing.TB, sc []byte, password string, iter, declared int) []byte {
	alg, ct := ldPBES2(t, sc, password, iter, declared)
	return ldContentInfo(oidEncryptedData, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(0)
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidData)
				b.AddBytes(alg)
				b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(ct) })
			})
		})
	})
}

// ldMAC says how ldBuildPFX MACs the file: HMAC-SHA256 keyed with the
// PKCS#12 KDF over password (already BMP-encoded; nil = no bytes), with
// `iter` real and `declared` written iterations. none = no MacData.
type ldMAC struct {
	none           bool
	password       []byte
	iter, declared int
	declaredBig    *big.Int // declared, when it does not fit in an int
}

func ldBuildPFX(version int64, mac ldMAC, safes ...[]byte) []byte {
	var as cryptobyte.Builder
	as.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, s := range safes {
			b.AddBytes(s)
		}
	})
	authSafe := as.BytesOrPanic()
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(version)
		b.AddBytes(ldDataSafe(authSafe))
		if mac.none {
			return
		}
		salt := []byte("macsaltmacsalt!!")
		var digest []byte
		if mac.iter > 0 {
			key := pbe.PKCS12KDF(sha256.New, mac.password, salt, 3, mac.iter, 32)
			h := hmac.New(sha256.New, key)
			h.Write(authSafe)
			digest = h.Sum(nil)
		} else {
			digest = make([]byte, 32)
		}
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1})
					b.AddASN1NULL()
				})
				b.AddASN1OctetString(digest)
			})
			b.AddASN1OctetString(salt)
			if mac.declaredBig != nil {
				b.AddASN1BigInt(mac.declaredBig)
			} else {
				b.AddASN1Int64(int64(mac.declared))
			}
		})
	})
	return b.BytesOrPanic()
}

// ldPKCS8WithAttrs appends attributes [0] (RFC 5208 §5) to a PrivateKeyInfo.
func ldPKCS8WithAttrs(t testing.TB, key any, attrs ...ldAttr) []byte {
	der := ldPKCS8(t, key)
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) {
		t.Fatal("bad PKCS#8")
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(seq)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { ldAddAttrs(b, attrs) })
	})
	return b.BytesOrPanic()
}

func ldKeyUsageAttr(v byte) ldAttr {
	var b cryptobyte.Builder
	b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0, v}) })
	return ldAttr{oidKeyUsageAttr, [][]byte{b.BytesOrPanic()}}
}

// ldToBER rewrites DER as BER the way Java and Bouncy Castle write PKCS#12:
// every constructed element with an indefinite length, and every OCTET
// STRING (and [0] IMPLICIT OCTET STRING) longer than 8 bytes split into
// constructed segments. Primitive contents are not entered.
func ldToBER(t testing.TB, der []byte) []byte {
	t.Helper()
	in := cryptobyte.String(der)
	var out []byte
	for !in.Empty() {
		var el cryptobyte.String
		var tag asn1.Tag
		if !in.ReadAnyASN1Element(&el, &tag) {
			t.Fatal("ldToBER: bad DER")
		}
		body := el
		if !body.ReadAnyASN1(&body, nil) {
			t.Fatal("ldToBER: bad DER")
		}
		switch {
		case tag&0x20 != 0:
			out = append(out, byte(tag), 0x80)
			out = append(out, ldToBER(t, body)...)
			out = append(out, 0, 0)
		case (tag == asn1.OCTET_STRING || tag == asn1.Tag(0).ContextSpecific()) && len(body) > 8:
			out = append(out, byte(tag)|0x20, 0x80)
			for len(body) > 0 {
				n := min(7, len(body))
				out = append(out, 0x04, byte(n))
				out = append(out, body[:n]...)
				body = body[n:]
			}
			out = append(out, 0, 0)
		default:
			out = append(out, el...)
		}
	}
	return out
}

// ---- Unit tests. ----

func TestBMPString(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{"", []byte{0, 0}},
		{"ab", []byte{0, 'a', 0, 'b', 0, 0}},
		{"é", []byte{0, 0xe9, 0, 0}},
		{"😀", []byte{0xd8, 0x3d, 0xde, 0x00, 0, 0}}, // outside the BMP: a surrogate pair, as OpenSSL writes it
	}
	for _, tt := range tests {
		if got := bmpString(tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("bmpString(%q) = %x, want %x", tt.in, got, tt.want)
		}
	}
}

func TestBMPEncodings(t *testing.T) {
	if got := bmpEncodings(""); len(got) != 2 || !bytes.Equal(got[0], []byte{0, 0}) || len(got[1]) != 0 {
		t.Errorf("empty password: %x, want [0000, (no bytes)]", got)
	}
	if got := bmpEncodings("abc"); len(got) != 1 {
		t.Errorf("ASCII password: %d encodings, want 1", len(got))
	}
	got := bmpEncodings("é")
	if len(got) != 2 || !bytes.Equal(got[1], []byte{0, 0xc3, 0, 0xa9, 0, 0}) {
		t.Errorf("non-ASCII password: %x, want the BMP form then each UTF-8 byte widened", got)
	}
	if got := utf8Encodings("Mötley"); len(got) != 2 || string(got[0]) != "Mötley" || !bytes.Equal(got[1], []byte("M\xf6tley")) {
		t.Errorf("utf8Encodings: %q, want UTF-8 then ISO 8859-1", got)
	}
	if got := utf8Encodings("日本"); len(got) != 1 {
		t.Errorf("utf8Encodings of non-Latin-1 text: %d encodings, want 1", len(got))
	}
}

func TestKeySpecOf(t *testing.T) {
	tests := map[byte]KeySpec{
		0x10: KeySpecExchange,  // KEY_EX (openssl -keyex, CryptoAPI exports)
		0x80: KeySpecSignature, // KEY_SIG (openssl -keysig)
		0x90: KeySpecExchange,  // both: what a CNG KSP export writes
		0x00: KeySpecUnknown,
		0x20: KeySpecUnknown,
	}
	for v, want := range tests {
		if got := keySpecOf(v); got != want {
			t.Errorf("keySpecOf(%#x) = %v, want %v", v, got, want)
		}
	}
}

// ---- PFX files made by OpenSSL, one per PBE family and attribute. ----

func TestPKCS12OpenSSLVariants(t *testing.T) {
	p := ldPKI(t)
	dir := t.TempDir()
	ldWrite(t, dir, "leaf.pem", ldPEM("CERTIFICATE", p.leaf.Raw))
	ldWrite(t, dir, "key.pem", ldPEM("PRIVATE KEY", ldPKCS8(t, p.leafKey)))
	ldWrite(t, dir, "chain.pem", append(ldPEM("CERTIFICATE", p.inter.Raw), ldPEM("CERTIFICATE", p.root.Raw)...))
	const pw = "certlint-example"
	const aes256 = "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"

	type want struct {
		mac, certEnc, keyEnc string
		macIter, keyIter     int
		provider, friendly   string
		keyUsage             byte
		hasKU, lmk, shrouded bool
		spec                 KeySpec
		certs                int
		password             string
		certFriendlyName0    string
	}
	base := want{mac: "HMAC-SHA256", macIter: 2048, certEnc: aes256, keyEnc: aes256, keyIter: 2048, shrouded: true,
		spec: KeySpecUnspecified, certs: 3, password: pw}
	tests := []struct {
		name  string
		flags []string
		want  func(w *want)
	}{
		{"OpenSSL 3 defaults", nil, func(w *want) {}},
		{"-keyex -CSP (Windows CryptoAPI provider)", []string{"-keyex", "-CSP", "Microsoft Enhanced RSA and AES Cryptographic Provider"}, func(w *want) {
			w.provider, w.keyUsage, w.hasKU, w.spec = "Microsoft Enhanced RSA and AES Cryptographic Provider", 0x10, true, KeySpecExchange
		}},
		{"-keysig", []string{"-keysig"}, func(w *want) { w.keyUsage, w.hasKU, w.spec = 0x80, true, KeySpecSignature }},
		{"-LMK", []string{"-LMK", "-keyex"}, func(w *want) { w.lmk, w.keyUsage, w.hasKU, w.spec = true, 0x10, true, KeySpecExchange }},
		{"-CSP KSP", []string{"-CSP", "Microsoft Software Key Storage Provider"}, func(w *want) { w.provider = "Microsoft Software Key Storage Provider" }},
		{"-name", []string{"-name", "agent01 cert"}, func(w *want) { w.friendly, w.certFriendlyName0 = "agent01 cert", "agent01 cert" }},
		{"-legacy (3DES key, RC2-40 certs, SHA-1 MAC)", []string{"-legacy"}, func(w *want) {
			w.mac, w.certEnc, w.keyEnc = "HMAC-SHA1", PBEWithSHAAnd40BitRC2CBC, PBEWithSHAAnd3KeyTripleDESCBC
		}},
		{"-descert", []string{"-descert"}, func(w *want) { w.certEnc = PBEWithSHAAnd3KeyTripleDESCBC }},
		{"-certpbe RC2-128", []string{"-legacy", "-certpbe", "PBE-SHA1-RC2-128"}, func(w *want) {
			w.mac, w.certEnc, w.keyEnc = "HMAC-SHA1", PBEWithSHAAnd128BitRC2CBC, PBEWithSHAAnd3KeyTripleDESCBC
		}},
		{"-certpbe AES-128 -keypbe AES-192 -macalg sha512", []string{"-certpbe", "AES-128-CBC", "-keypbe", "AES-192-CBC", "-macalg", "sha512"}, func(w *want) {
			w.mac, w.certEnc, w.keyEnc = "HMAC-SHA512", "PBES2 (PBKDF2-HMAC-SHA256, AES-128-CBC)", "PBES2 (PBKDF2-HMAC-SHA256, AES-192-CBC)"
		}},
		{"-keypbe DES-EDE3-CBC (PBES2) -certpbe NONE", []string{"-keypbe", "DES-EDE3-CBC", "-certpbe", "NONE"}, func(w *want) {
			w.certEnc, w.keyEnc = "", "PBES2 (PBKDF2-HMAC-SHA256, DES-EDE3-CBC)"
		}},
		{"-iter 5000 -macalg sha384", []string{"-iter", "5000", "-macalg", "sha384"}, func(w *want) {
			w.mac, w.keyIter, w.macIter = "HMAC-SHA384", 5000, 5000 // OpenSSL 3.0: -iter sets the MAC count too
		}},
		{"-nomac", []string{"-nomac"}, func(w *want) { w.mac, w.macIter, w.certEnc = "", 0, "" }}, // OpenSSL 3.0 leaves the certificates in the clear then
		{"-keypbe NONE -certpbe NONE (key bag in the clear)", []string{"-keypbe", "NONE", "-certpbe", "NONE"}, func(w *want) {
			w.certEnc, w.keyEnc, w.keyIter, w.shrouded = "", "", 0, false
		}},
		{"empty password", nil, func(w *want) { w.password = "" }},
		{"non-ASCII password", nil, func(w *want) { w.password = "pässwörd-日本" }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := base
			tt.want(&w)
			out := filepath.Join(dir, "v"+string(rune('a'+i))+".pfx")
			args := append([]string{"pkcs12", "-export", "-in", "leaf.pem", "-inkey", "key.pem", "-certfile", "chain.pem",
				"-out", out, "-passout", "pass:" + w.password}, tt.flags...)
			ldOpenSSL(t, dir, args...)
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Load(out, data, ldPassword(w.password))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if b.Format != FormatPKCS12 || b.PFX == nil {
				t.Fatalf("Format = %q, PFX = %v; want pkcs12 with PFX info", b.Format, b.PFX)
			}
			if n := len(b.Certificates()); n != w.certs || b.KeyCount != 1 || !b.KeyMatchesLeaf || b.KeyError != nil {
				t.Fatalf("certs %d keys %d match %v keyErr %v; want %d certs, 1 matching key", n, b.KeyCount, b.KeyMatchesLeaf, b.KeyError, w.certs)
			}
			if !bytes.Equal(b.Leaf.Raw, p.leaf.Raw) || b.LeafReason != "its public key matches the private key" {
				t.Errorf("leaf = %q (%s), want the agent01 certificate matched by its key", b.Leaf.Parsed.Subject.CommonName, b.LeafReason)
			}
			info := b.PFX
			if info.HasMAC != (w.mac != "") || info.MACAlgorithm != w.mac || info.MACIterations != w.macIter {
				t.Errorf("MAC = %v %q %d, want %q %d", info.HasMAC, info.MACAlgorithm, info.MACIterations, w.mac, w.macIter)
			}
			if info.CertEncryption != w.certEnc {
				t.Errorf("CertEncryption = %q, want %q", info.CertEncryption, w.certEnc)
			}
			if len(info.Keys) != 1 {
				t.Fatalf("%d key bags, want 1", len(info.Keys))
			}
			k := info.Keys[0]
			if k.Encryption != w.keyEnc || k.Iterations != w.keyIter || k.Shrouded != w.shrouded {
				t.Errorf("key bag: %q %d shrouded=%v, want %q %d shrouded=%v", k.Encryption, k.Iterations, k.Shrouded, w.keyEnc, w.keyIter, w.shrouded)
			}
			if k.Provider != w.provider || k.KeyUsage != w.keyUsage || k.HasKeyUsage != w.hasKU || k.KeySpec != w.spec || k.LocalMachine != w.lmk {
				t.Errorf("key attributes: provider %q usage %#x/%v spec %v lmk %v; want %q %#x/%v %v %v",
					k.Provider, k.KeyUsage, k.HasKeyUsage, k.KeySpec, k.LocalMachine, w.provider, w.keyUsage, w.hasKU, w.spec, w.lmk)
			}
			if k.FriendlyName != w.friendly || len(k.LocalKeyID) != 20 {
				t.Errorf("key friendlyName %q localKeyID %x; want %q and OpenSSL's 20-byte localKeyID", k.FriendlyName, k.LocalKeyID, w.friendly)
			}
			if len(info.CertFriendlyNames) != w.certs || info.CertFriendlyNames[0] != w.certFriendlyName0 {
				t.Errorf("CertFriendlyNames = %q, want %d names, first %q", info.CertFriendlyNames, w.certs, w.certFriendlyName0)
			}
			ldAgreeWithGoPKCS12(t, data, w.password, b)
		})
	}
}

// ldAgreeWithGoPKCS12 checks, where go-pkcs12's DecodeChain can decode the
// file, that it finds the same certificates and key.
func ldAgreeWithGoPKCS12(t *testing.T, data []byte, password string, b *Bundle) {
	t.Helper()
	key, cert, cas, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return // the oracle cannot read it (e.g. no key, or a certificate Go refuses)
	}
	if n := 1 + len(cas); n != len(b.Certificates()) || b.KeyCount != 1 {
		t.Errorf("go-pkcs12 finds %d certificates and a key; certlint %d and %d keys", n, len(b.Certificates()), b.KeyCount)
	}
	if !keyMatches(key, b.Leaf) {
		t.Errorf("go-pkcs12's key does not match certlint's leaf")
	}
	found := false
	for _, c := range b.Certificates() {
		found = found || bytes.Equal(c.Raw, cert.Raw)
	}
	if !found {
		t.Errorf("go-pkcs12's first certificate is not among certlint's")
	}
}

// ---- PFX files made by go-pkcs12's encoders. ----

func TestPKCS12GoEncoders(t *testing.T) {
	p := ldPKI(t)
	tests := []struct {
		name     string
		enc      *pkcs12.Encoder
		password string
		mac      string
		certEnc  string
	}{
		{"Modern2023", pkcs12.Modern2023, "certlint-example", "HMAC-SHA256", "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"},
		{"Modern2026 (PBMAC1)", pkcs12.Modern2026, "certlint-example", "PBMAC1 (PBKDF2-HMAC-SHA256, HMAC-SHA256)", "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"},
		{"LegacyRC2", pkcs12.LegacyRC2, "certlint-example", "HMAC-SHA1", PBEWithSHAAnd40BitRC2CBC},
		{"LegacyDES", pkcs12.LegacyDES, "certlint-example", "HMAC-SHA1", PBEWithSHAAnd3KeyTripleDESCBC},
		{"Passwordless", pkcs12.Passwordless, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.enc.Encode(p.leafKey, p.leaf, []*x509.Certificate{p.inter, p.root}, tt.password)
			if err != nil {
				t.Fatal(err)
			}
			calls := 0
			opts := &LoadOptions{Password: func() (string, error) { calls++; return tt.password, nil }}
			b, err := Load("go.p12", data, opts)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if b.PFX.MACAlgorithm != tt.mac || b.PFX.CertEncryption != tt.certEnc {
				t.Errorf("MAC %q, cert encryption %q; want %q, %q", b.PFX.MACAlgorithm, b.PFX.CertEncryption, tt.mac, tt.certEnc)
			}
			if !b.KeyMatchesLeaf || len(b.Others) != 2 || !bytes.Equal(b.Others[0].Raw, p.inter.Raw) {
				t.Errorf("match %v, others %d; want the leaf matched and [intermediate, root]", b.KeyMatchesLeaf, len(b.Others))
			}
			wantCalls := 1
			if tt.enc == pkcs12.Passwordless {
				wantCalls = 0 // nothing is encrypted: the password is never asked for
			}
			if calls != wantCalls {
				t.Errorf("Password called %d times, want %d", calls, wantCalls)
			}
			ldAgreeWithGoPKCS12(t, data, tt.password, b)
		})
	}
}

// ---- Structures made with the builder. ----

func TestPKCS12Attributes(t *testing.T) {
	p := ldPKI(t)
	const pw = "pw"
	keyID := []byte{1, 0, 0, 0}
	attrs := []ldAttr{
		{oidLocalKeyID, [][]byte{ldOctetValue(keyID)}},
		{oidFriendlyName, [][]byte{ldBMPValue("{B4A4FEB0}")}},
		{oidMSCSPName, [][]byte{ldBMPValue("Microsoft Software Key Storage Provider")}},
		{oidMSLocalMachine, nil}, // present with no values, as Windows writes it
	}
	for _, usage := range []byte{0x10, 0x80, 0x90} {
		pki := ldPKCS8WithAttrs(t, p.leafKey, ldKeyUsageAttr(usage))
		data := ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 100, declared: 100},
			ldEncryptedSafe(t, ldSafeContents(ldCertBag(p.leaf.Raw, attrs[0]), ldCertBag(p.inter.Raw)), pw, 100, 100),
			ldDataSafe(ldSafeContents(ldShroudedBag(t, pki, pw, 100, 100, attrs...))))
		b, err := Load("attrs.pfx", data, ldPassword(pw))
		if err != nil {
			t.Fatalf("usage %#x: %v", usage, err)
		}
		k := b.PFX.Keys[0]
		if k.KeyUsage != usage || !k.HasKeyUsage || k.KeySpec != keySpecOf(usage) || k.Provider != "Microsoft Software Key Storage Provider" ||
			!k.LocalMachine || k.FriendlyName != "{B4A4FEB0}" || !bytes.Equal(k.LocalKeyID, keyID) {
			t.Errorf("usage %#x: got %+v", usage, k)
		}
		if !b.KeyMatchesLeaf || b.PFX.CertIterations != 100 || b.PFX.MACIterations != 100 {
			t.Errorf("usage %#x: match %v cert iterations %d MAC iterations %d", usage, b.KeyMatchesLeaf, b.PFX.CertIterations, b.PFX.MACIterations)
		}
	}
}

// TestPKCS12IterationLimits: every count is checked against MaxIterations
// before any key derivation, so a hostile count costs nothing. The Password
// func is never called: the file is refused before the MAC is tried.
func TestPKCS12IterationLimits(t *testing.T) {
	p := ldPKI(t)
	const pw, huge = "pw", 1<<31 - 1
	key := ldPKCS8(t, p.leafKey)
	certs := ldSafeContents(ldCertBag(p.leaf.Raw))
	tests := []struct {
		name string
		data []byte
		opts LoadOptions
	}{
		{"MAC declares 2^31-1", ldBuildPFX(3, ldMAC{password: bmpString(pw), declared: huge},
			ldDataSafe(certs), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, pw, 10, 10)))), LoadOptions{}},
		{"encrypted safe declares 2^31-1", ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 10, declared: 10},
			ldEncryptedSafe(t, certs, pw, 0, huge), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, pw, 10, 10)))), LoadOptions{}},
		{"shrouded key in a clear safe declares 2^31-1", ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 10, declared: 10},
			ldDataSafe(certs), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, pw, 0, huge)))), LoadOptions{}},
		{"MAC above a lowered limit", ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 2048, declared: 2048},
			ldDataSafe(certs)), LoadOptions{MaxIterations: 2047}},
		{"no MAC, safe declares 2^31-1", ldBuildPFX(3, ldMAC{none: true},
			ldEncryptedSafe(t, certs, pw, 0, huge)), LoadOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			opts := tt.opts
			opts.Password = func() (string, error) { called = true; return pw, nil }
			_, err := Load("hostile.pfx", tt.data, &opts)
			if !errors.Is(err, ErrTooManyIterations) {
				t.Fatalf("err = %v, want ErrTooManyIterations", err)
			}
			if called {
				t.Error("the password was asked for: a key derivation was about to run")
			}
		})
	}

	// A count beyond any integer type is reported as declared, not as the
	// largest int.
	t.Run("MAC declares 2^100", func(t *testing.T) {
		data := ldBuildPFX(3, ldMAC{password: bmpString(pw), declaredBig: new(big.Int).Lsh(big.NewInt(1), 100)}, ldDataSafe(certs))
		_, err := Load("hostile.pfx", data, ldPassword(pw))
		if !errors.Is(err, ErrTooManyIterations) || !strings.Contains(err.Error(), "declares 1267650600228229401496703205376 iterations") {
			t.Fatalf("err = %v, want ErrTooManyIterations naming 2^100", err)
		}
	})
	// A shrouded key inside an encrypted safe is seen only once the safe is
	// open; it is still refused before its own derivation.
	t.Run("shrouded key inside an encrypted safe declares 2^31-1", func(t *testing.T) {
		inner := ldSafeContents(ldCertBag(p.leaf.Raw), ldShroudedBag(t, key, pw, 0, huge))
		data := ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 10, declared: 10}, ldEncryptedSafe(t, inner, pw, 10, 10))
		if _, err := Load("hostile.pfx", data, ldPassword(pw)); !errors.Is(err, ErrTooManyIterations) {
			t.Fatalf("err = %v, want ErrTooManyIterations", err)
		}
	})
	// The same, with a count above MaxIterations but within the input's
	// budget (IterationBudget x MaxIterations): the per-count limit refuses
	// it, not the budget, before the key is derived.
	t.Run("shrouded key inside an encrypted safe above the limit, within the budget", func(t *testing.T) {
		const limit = 1000
		inner := ldSafeContents(ldCertBag(p.leaf.Raw), ldShroudedBag(t, key, pw, 2*limit, 2*limit))
		data := ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 10, declared: 10}, ldEncryptedSafe(t, inner, pw, 10, 10))
		opts := ldPassword(pw)
		opts.MaxIterations = limit
		if _, err := Load("hostile.pfx", data, opts); !errors.Is(err, ErrTooManyIterations) {
			t.Fatalf("err = %v, want ErrTooManyIterations", err)
		}
	})
}

// TestPKCS12IterationBudget: many bags each within the limit cannot add up
// to more than IterationBudget x MaxIterations.
func TestPKCS12IterationBudget(t *testing.T) {
	p := ldPKI(t)
	const pw, iter = "pw", 1000
	key := ldPKCS8(t, p.leafKey)
	build := func(nKeys int) []byte {
		bags := [][]byte{ldCertBag(p.leaf.Raw)}
		for i := 0; i < nKeys; i++ {
			bags = append(bags, ldShroudedBag(t, key, pw, iter, iter))
		}
		return ldBuildPFX(3, ldMAC{none: true}, ldDataSafe(ldSafeContents(bags...)))
	}
	opts := ldPassword(pw)
	opts.MaxIterations = iter
	b, err := Load("seven.pfx", build(IterationBudget-1), opts)
	if err != nil || b.KeyCount != IterationBudget-1 {
		t.Fatalf("%d keys within the budget: %v (%d keys)", IterationBudget-1, err, b.KeyCount)
	}
	if _, err := Load("nine.pfx", build(IterationBudget+1), opts); !errors.Is(err, ErrTooManyIterations) {
		t.Fatalf("%d keys beyond the budget: err = %v, want ErrTooManyIterations", IterationBudget+1, err)
	}
}

func TestPKCS12Passwords(t *testing.T) {
	p := ldPKI(t)
	key := ldPKCS8(t, p.leafKey)
	certs := ldSafeContents(ldCertBag(p.leaf.Raw))
	mk := func(macPW []byte, encPW string) []byte {
		return ldBuildPFX(3, ldMAC{password: macPW, iter: 10, declared: 10},
			ldEncryptedSafe(t, certs, encPW, 10, 10), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, encPW, 10, 10))))
	}
	noMAC := ldBuildPFX(3, ldMAC{none: true}, ldDataSafe(certs), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, "pw", 10, 10))))
	askErr := errors.New("no terminal to ask on")
	tests := []struct {
		name string
		data []byte
		opts *LoadOptions
		want error
	}{
		{"right password", mk(bmpString("pw"), "pw"), ldPassword("pw"), nil},
		{"wrong password", mk(bmpString("pw"), "pw"), ldPassword("nope"), ErrWrongPassword},
		{"no Password func", mk(bmpString("pw"), "pw"), nil, ErrNoPassword},
		{"Password func fails", mk(bmpString("pw"), "pw"), &LoadOptions{Password: func() (string, error) { return "", askErr }}, ErrNoPassword},
		{"empty password as two NUL bytes, no Password func", mk([]byte{0, 0}, ""), nil, nil},
		{"empty password as no bytes (Windows), no Password func", mk(nil, ""), nil, nil},
		{"a password given for a file with an empty one", mk([]byte{0, 0}, ""), ldPassword("pw"), nil},
		{"empty password given for a protected file", mk(bmpString("pw"), "pw"), ldPassword(""), ErrWrongPassword},
		{"non-BMP password (surrogate pairs)", mk(bmpString("pw😀"), "pw😀"), ldPassword("pw😀"), nil},
		{"non-ASCII password, OpenSSL 1.0 byte-wise BMP", mk([]byte{0, 'p', 0, 0xc3, 0, 0xa9, 0, 0}, "pé"), ldPassword("pé"), nil},
		{"MAC and key under different passwords", mk(bmpString("pw"), "other"), ldPassword("pw"), ErrWrongPassword},
		{"no MAC, right password", noMAC, ldPassword("pw"), nil},
		{"no MAC, wrong password", noMAC, ldPassword("nope"), ErrWrongPassword},
		{"no MAC, no password", noMAC, nil, ErrNoPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load("pw.pfx", tt.data, tt.opts)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && !b.KeyMatchesLeaf {
				t.Error("loaded, but the key was not read")
			}
			if err != nil && (strings.Contains(err.Error(), "pw😀") || strings.Contains(err.Error(), "nope")) {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
	if _, err := Load("x.pfx", mk(bmpString("pw"), "pw"), &LoadOptions{Password: func() (string, error) { return "", askErr }}); !strings.Contains(err.Error(), askErr.Error()) {
		t.Errorf("ErrNoPassword %q does not say why no password was available", err)
	}
}

func TestPKCS12Structures(t *testing.T) {
	p := ldPKI(t)
	const pw = "pw"
	mac := ldMAC{password: bmpString(pw), iter: 10, declared: 10}
	key := ldPKCS8(t, p.leafKey)
	leafBag, interBag := ldCertBag(p.leaf.Raw), ldCertBag(p.inter.Raw)
	nest := func(sc []byte, depth int) []byte {
		for i := 0; i < depth; i++ {
			sc = ldSafeContents(ldBag(oidSafeContentsBag, sc, nil))
		}
		return sc
	}
	signedAuthSafe := func() []byte {
		var b cryptobyte.Builder
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(3)
			b.AddBytes(ldContentInfo(oidSignedData, func(b *cryptobyte.Builder) { b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {}) }))
		})
		return b.BytesOrPanic()
	}()
	good := ldBuildPFX(3, mac, ldDataSafe(ldSafeContents(leafBag, interBag, ldKeyBag(key))))
	tests := []struct {
		name            string
		data            []byte
		want            error
		certs, keys     int
		keyErr, matches bool
	}{
		{"key bag in the clear", good, nil, 2, 1, false, true},
		{"nested SafeContents (safeContentsBag)", ldBuildPFX(3, mac, ldDataSafe(nest(ldSafeContents(leafBag, ldKeyBag(key)), 3))), nil, 1, 1, false, true},
		{"SafeContents nested too deep", ldBuildPFX(3, mac, ldDataSafe(nest(ldSafeContents(leafBag), 6))), ErrMalformed, 0, 0, false, false},
		{"CRL, secret and unknown bags are skipped", ldBuildPFX(3, mac, ldDataSafe(ldSafeContents(
			ldBag(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 4}, ldOctetValue([]byte("crl")), nil),
			ldBag(encasn1.ObjectIdentifier{1, 2, 3}, ldOctetValue([]byte("x")), nil), leafBag))), nil, 1, 0, false, false},
		{"two keys, one the leaf's", ldBuildPFX(3, mac, ldDataSafe(ldSafeContents(ldKeyBag(ldPKCS8(t, p.otherKey)), leafBag, ldKeyBag(key)))), nil, 1, 2, false, true},
		{"key that cannot be parsed", ldBuildPFX(3, mac, ldDataSafe(ldSafeContents(leafBag, ldKeyBag([]byte{0x30, 0x03, 0x02, 0x01, 0x00})))), nil, 1, 1, true, false},
		{"no certificate and no key", ldBuildPFX(3, mac, ldDataSafe(ldSafeContents())), ErrNotCertificate, 0, 0, false, false},
		{"PFX version 2", ldBuildPFX(2, mac, ldDataSafe(ldSafeContents(leafBag))), ErrUnsupported, 0, 0, false, false},
		{"public-key integrity mode", signedAuthSafe, ErrUnsupported, 0, 0, false, false},
		{"public-key privacy mode", ldBuildPFX(3, mac, ldContentInfo(oidEnvelopedData, func(b *cryptobyte.Builder) { b.AddASN1(asn1.SEQUENCE, func(*cryptobyte.Builder) {}) })), ErrUnsupported, 0, 0, false, false},
		{"trailing NUL padding (Windows)", append(bytes.Clone(good), 0, 0, 0, 0, 0, 0, 0, 0), nil, 2, 1, false, true},
		{"trailing garbage", append(bytes.Clone(good), "garbage"...), ErrMalformed, 0, 0, false, false},
		{"BER (indefinite lengths, segmented OCTET STRINGs)", ldToBER(t, ldBuildPFX(3, mac,
			ldEncryptedSafe(t, ldSafeContents(leafBag, interBag), pw, 10, 10), ldDataSafe(ldSafeContents(ldShroudedBag(t, key, pw, 10, 10))))), nil, 2, 1, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load("s.pfx", tt.data, ldPassword(pw))
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			if n := len(b.Certificates()); n != tt.certs || b.KeyCount != tt.keys || (b.KeyError != nil) != tt.keyErr || b.KeyMatchesLeaf != tt.matches {
				t.Errorf("certs %d keys %d keyErr %v match %v; want %d %d %v %v", n, b.KeyCount, b.KeyError, b.KeyMatchesLeaf, tt.certs, tt.keys, tt.keyErr, tt.matches)
			}
		})
	}
}

// TestPKCS12UnsupportedKeyScheme: a key bag under a scheme certlint does not
// implement leaves the key unusable (KeyError) and the certificates readable.
func TestPKCS12UnsupportedKeyScheme(t *testing.T) {
	p := ldPKI(t)
	var alg cryptobyte.Builder
	alg.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 5, 2, 2}) // Kuznyechik
		b.AddASN1NULL()
	})
	var epki cryptobyte.Builder
	epki.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(alg.BytesOrPanic())
		b.AddASN1OctetString(make([]byte, 64))
	})
	keyID := []byte{9, 9}
	data := ldBuildPFX(3, ldMAC{none: true}, ldDataSafe(ldSafeContents(
		ldCertBag(p.other.Raw), ldCertBag(p.leaf.Raw, ldAttr{oidLocalKeyID, [][]byte{ldOctetValue(keyID)}}),
		ldBag(oidShroudedKeyBag, epki.BytesOrPanic(), []ldAttr{{oidLocalKeyID, [][]byte{ldOctetValue(keyID)}}}))))
	b, err := Load("gost.pfx", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.KeyError == nil || !strings.Contains(b.KeyError.Error(), "Kuznyechik") || b.KeyCount != 1 || b.Key != nil {
		t.Fatalf("KeyError = %v, KeyCount %d; want the unsupported scheme named", b.KeyError, b.KeyCount)
	}
	if k := b.PFX.Keys[0]; k.KeySpec != KeySpecUnknown || k.Encryption != "unsupported" {
		t.Errorf("key bag = %+v, want KeySpecUnknown, encryption unsupported", k)
	}
	// Two leaves that are not CAs: the localKeyId pairs the key bag with one.
	if !bytes.Equal(b.Leaf.Raw, p.leaf.Raw) || b.LeafAmbiguous {
		t.Errorf("leaf = %s (%s), want agent01 by localKeyId", b.Leaf.Parsed.Subject.CommonName, b.LeafReason)
	}
}

// TestPKCS12Truncated: a PFX cut at every offset gives a typed error, never a
// panic and never a bundle.
func TestPKCS12Truncated(t *testing.T) {
	p := ldPKI(t)
	data, err := pkcs12.Modern.WithIterations(10).Encode(p.leafKey, p.leaf, []*x509.Certificate{p.inter}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n++ {
		b, err := Load("cut.pfx", data[:n], ldPassword("pw"))
		var le *LoadError
		if err == nil || !errors.As(err, &le) || b != nil {
			t.Fatalf("cut at %d of %d: bundle %v, err %v; want a *LoadError", n, len(data), b != nil, err)
		}
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNotCertificate) {
			t.Fatalf("cut at %d of %d: %v, want ErrMalformed (or ErrNotCertificate for the first bytes)", n, len(data), err)
		}
	}
}
