package testpki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Hostile certificates for the cost bounds of chain building: small files
// whose checks would take minutes without a bound. Their keys are random
// numbers of the size wanted and their signatures random bytes (a verifier
// does all the arithmetic before it can tell), so they are made in
// milliseconds. Each is deterministic for its arguments.

var (
	oidRSA          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256RSA    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidDSA          = asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidDSAWithSHA1  = asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 3}
	oidCN           = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidExtBasicCons = asn1.ObjectIdentifier{2, 5, 29, 19}
)

// rng is a deterministic source for the numbers of one certificate.
func rng(seed ...uint64) *mrand.ChaCha8 {
	var s [32]byte
	for i, v := range seed {
		for j := 0; j < 8 && i*8+j < 32; j++ {
			s[i*8+j] = byte(v >> (8 * j))
		}
	}
	return mrand.NewChaCha8(s)
}

// randInt is a random number of exactly bits bits (top bit set), odd.
func randInt(r *mrand.ChaCha8, bits int) *big.Int {
	b := make([]byte, (bits+7)/8)
	r.Read(b)
	if top := bits % 8; top != 0 {
		b[0] &= byte(1<<top) - 1
		b[0] |= byte(1 << (top - 1))
	} else {
		b[0] |= 0x80
	}
	b[len(b)-1] |= 1
	return new(big.Int).SetBytes(b)
}

// cnName is the DER Name "CN=<cn>".
func cnName(cn string) []byte {
	name, err := asn1.Marshal(pkix.Name{CommonName: cn}.ToRDNSequence())
	if err != nil {
		panic(err)
	}
	return name
}

// rawTBS is what a hand-made TBSCertificate holds.
type rawTBS struct {
	serial          int64
	sigAlg          asn1.ObjectIdentifier
	sigAlgNullParam bool
	issuer, subject []byte
	spki            []byte
	ca              bool
}

func (r rawTBS) marshal(b *cryptobyte.Builder) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
		b.AddASN1Int64(r.serial)
		r.algorithm(b)
		b.AddBytes(r.issuer)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1UTCTime(notBefore)
			b.AddASN1UTCTime(notAfter)
		})
		b.AddBytes(r.subject)
		b.AddBytes(r.spki)
		if r.ca {
			b.AddASN1(cbasn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidExtBasicCons)
						b.AddASN1Boolean(true)
						b.AddASN1(cbasn1.OCTET_STRING, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Boolean(true) })
						})
					})
				})
			})
		}
	})
}

func (r rawTBS) algorithm(b *cryptobyte.Builder) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(r.sigAlg)
		if r.sigAlgNullParam {
			b.AddASN1NULL()
		}
	})
}

// rawCert assembles a certificate from its TBS and a signature value.
func rawCert(r rawTBS, sig []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		r.marshal(b)
		r.algorithm(b)
		b.AddASN1BitString(sig)
	})
	der, err := b.Bytes()
	if err != nil {
		panic(err)
	}
	return der
}

// rsaSPKI is an RSA subjectPublicKeyInfo with modulus n and exponent e.
func rsaSPKI(n, e *big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidRSA)
			b.AddASN1NULL()
		})
		var key cryptobyte.Builder
		key.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1BigInt(n)
			b.AddASN1BigInt(e)
		})
		b.AddASN1BitString(key.BytesOrPanic())
	})
	return b.BytesOrPanic()
}

// HostileRSA is a self-signed certificate named cn whose RSA modulus has
// bits bits and whose public exponent is e (a random modulus, a random
// signature as long as the modulus).
func HostileRSA(cn string, bits int, e *big.Int) []byte {
	r := rng(uint64(bits), 1)
	n := randInt(r, bits)
	sig := make([]byte, (bits+7)/8)
	r.Read(sig)
	sig[0] = 0
	name := cnName(cn)
	return rawCert(rawTBS{serial: 1, sigAlg: oidSHA256RSA, sigAlgNullParam: true, issuer: name, subject: name, spki: rsaSPKI(n, e), ca: true}, sig)
}

// HostileDSA is a self-signed certificate named cn whose DSA domain
// parameters p, q, g and public key y all have bits bits (q < p), with a
// signature (r, s) below q, s invertible modulo q: a verifier does two
// exponentiations of bits-bit exponents modulo a bits-bit p before it can
// tell it is wrong.
func HostileDSA(cn string, bits int) []byte {
	r := rng(uint64(bits), 2)
	p := randInt(r, bits)
	q := new(big.Int).Sub(p, big.NewInt(2)) // as many bits as p, a whole number of bytes
	g, y := randInt(r, bits-1), randInt(r, bits-1)
	sr, ss := new(big.Int).Rsh(q, 1), new(big.Int).Rsh(q, 2)
	// s must be invertible modulo q, or a verifier stops before the work.
	for one := big.NewInt(1); new(big.Int).GCD(nil, nil, ss, q).Cmp(one) != 0; {
		ss.Sub(ss, one)
	}
	var sig cryptobyte.Builder
	sig.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(sr)
		b.AddASN1BigInt(ss)
	})
	name := cnName(cn)
	return rawCert(rawTBS{serial: 1, sigAlg: oidDSAWithSHA1, issuer: name, subject: name, spki: dsaSPKI(p, q, g, y), ca: true}, sig.BytesOrPanic())
}

// HostileSameNameCAs returns a leaf issued by "CN=<cn>" and n CA
// certificates all named cn and issued by cn, each with its own random
// bits-bit RSA modulus and a random signature: every CA is a candidate
// issuer of the leaf and of every other CA, and no signature verifies, so a
// path builder without a bound tries n x n checks on keys of that size.
func HostileSameNameCAs(cn string, n, bits int) (leaf []byte, cas [][]byte) {
	e := big.NewInt(65537)
	name := cnName(cn)
	for i := 0; i < n; i++ {
		r := rng(uint64(bits), 3, uint64(i))
		sig := make([]byte, bits/8)
		r.Read(sig)
		sig[0] = 0
		cas = append(cas, rawCert(rawTBS{serial: int64(i + 1), sigAlg: oidSHA256RSA, sigAlgNullParam: true, issuer: name, subject: name, spki: rsaSPKI(randInt(r, bits), e), ca: true}, sig))
	}
	r := rng(uint64(bits), 4)
	sig := make([]byte, bits/8)
	r.Read(sig)
	sig[0] = 0
	leaf = rawCert(rawTBS{serial: 1000, sigAlg: oidSHA256RSA, sigAlgNullParam: true, issuer: name, subject: cnName("agent01.contoso.test"), spki: rsaSPKI(randInt(r, 2048), e)}, sig)
	return leaf, cas
}

// HostileNameConstraints returns a CA named "CN=<cn>" whose
// nameConstraints permit n DNS subtrees, each constraintLen letters "a"
// (real signatures, P-256), and a leaf it issued whose subjectAltName holds
// names DNS names of nameLen bytes each, in upper case and in none of the
// subtrees: a checker that lower-cases each name for each comparison reads
// n x names x nameLen bytes before it refuses them.
func HostileNameConstraints(t testing.TB, cn string, n, constraintLen, names, nameLen int) (leaf, ca []byte) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	constraint := []byte(strings.Repeat("a", constraintLen))
	var nc cryptobyte.Builder
	nc.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			for i := 0; i < n; i++ {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(constraint) })
				})
			}
		})
	})
	caTpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 30}, Critical: true, Value: nc.BytesOrPanic()}},
	}
	ca, err = x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(ca)
	if err != nil {
		t.Fatal(err)
	}
	// Names of labels of 63 letters, in upper case so that lower-casing them
	// does work; each starts with its number, to be distinct.
	label := strings.Repeat("X", 63)
	dns := make([]string, names)
	for i := range dns {
		var host strings.Builder
		host.WriteString(strconv.Itoa(i))
		for host.Len() < nameLen-len(".example")-64 {
			host.WriteByte('.')
			host.WriteString(label)
		}
		host.WriteString(".example")
		dns[i] = host.String()
	}
	leafKey := SharedRSAKey(t)
	leafTpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "agent01.contoso.test"}, NotBefore: notBefore, NotAfter: notAfter,
		DNSNames: dns, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	leaf, err = x509.CreateCertificate(rand.Reader, leafTpl, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return leaf, ca
}

// RSAPublicKeyInfo is the DER subjectPublicKeyInfo of an RSA public key
// with a random modulus of exactly bits bits and exponent e: for a
// certificate whose key is never used to sign.
func RSAPublicKeyInfo(bits int, e *big.Int) []byte {
	return rsaSPKI(randInt(rng(uint64(bits), 5), bits), e)
}

// DSAPublicKeyInfo is the DER subjectPublicKeyInfo of a DSA public key with
// random domain parameters of (bits, 256) bits.
func DSAPublicKeyInfo(bits int) []byte {
	r := rng(uint64(bits), 6)
	p, q := randInt(r, bits), randInt(r, 256)
	g, y := randInt(r, bits-1), randInt(r, bits-1)
	return dsaSPKI(p, q, g, y)
}

// dsaSPKI is the DER subjectPublicKeyInfo of the DSA public key y with
// domain parameters (p, q, g) (RFC 3279 2.3.2).
func dsaSPKI(p, q, g, y *big.Int) []byte {
	var spki cryptobyte.Builder
	spki.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidDSA)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1BigInt(p)
				b.AddASN1BigInt(q)
				b.AddASN1BigInt(g)
			})
		})
		var key cryptobyte.Builder
		key.AddASN1BigInt(y)
		b.AddASN1BitString(key.BytesOrPanic())
	})
	return spki.BytesOrPanic()
}

// HostileManyExtensions returns a root and a leaf it issued (real
// signatures) that carries n extra non-critical extensions of 100 unknown
// OIDs, each repeated: a checker that scans the extensions for each lookup,
// or lists each duplicate, does n x (lookups) work.
func HostileManyExtensions(t testing.TB, n int) (leaf, root []byte) {
	t.Helper()
	pki := PKI{Org: "certlint hostile", RSALeaves: true}
	r := pki.CA(t, "Hostile Extensions Root", nil)
	l := Reissue(t, pki.Leaf(t, "agent01.contoso.test", r), r, func(tbs *TBS) {
		for i := 0; i < n; i++ {
			tbs.Extensions = append(tbs.Extensions, Ext{OID: asn1.ObjectIdentifier{1, 2, 3, i % 100}})
		}
	})
	return l.DER, r.DER
}
