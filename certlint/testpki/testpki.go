// Package testpki issues throwaway certificate hierarchies for certlint's
// tests: roots, intermediates, cross-signed CAs and OpsMgr computer
// certificates, each with the one defect a case needs.
//
// It is for tests only. Product code must not import it: its keys are
// generated in memory, never protected, and its certificates are made to be
// wrong on purpose.
package testpki

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"sync"
	"testing"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The validity of every certificate without a Validity option: tests
// evaluate at a time between the two (certlint's tests use 2026-06-01).
var (
	notBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	notAfter  = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Cert is an issued certificate, parsed by both parsers certlint uses, with
// its subject key.
type Cert struct {
	DER []byte
	X   *x509.Certificate  // crypto/x509's parse (chain building)
	Z   *zx509.Certificate // zcrypto's parse (what the zlint-style lints read)
	Key crypto.Signer
}

// PKI is the profile shared by the certificates of one set of tests.
type PKI struct {
	// Org is the O of every CA subject; the subjects are "CN=<cn>,O=<Org>".
	Org string
	// LeafOrg gives leaves the O too; otherwise a leaf's subject is its CN.
	LeafOrg bool
	// RSALeaves gives leaves without a Key option the SharedRSAKey: OpsMgr
	// computer certificates need an RSA key exchange key (OpsMgr event
	// 20069; Microsoft Learn, "Obtain a certificate for use with Windows
	// Servers and System Center Operations Manager"). Otherwise each leaf
	// gets a new P-256 key, like every CA.
	RSALeaves bool
}

// Option changes one certificate from the profile.
type Option func(*request)

type request struct {
	tpl *x509.Certificate
	key crypto.Signer
}

// Key makes k the subject key: a cross-signed or re-issued CA keeps its key,
// or two certificates share one.
func Key(k crypto.Signer) Option { return func(r *request) { r.key = k } }

// Validity sets notBefore and notAfter (RFC 5280 4.1.2.5).
func Validity(from, to time.Time) Option {
	return func(r *request) { r.tpl.NotBefore, r.tpl.NotAfter = from, to }
}

// PathLen sets the basicConstraints pathLenConstraint (RFC 5280 4.2.1.9).
func PathLen(n int) Option {
	return func(r *request) { r.tpl.MaxPathLen, r.tpl.MaxPathLenZero = n, n == 0 }
}

// NotCA sets basicConstraints cA=FALSE on a CA (RFC 5280 4.2.1.9), which
// keeps its keyCertSign.
func NotCA() Option { return func(r *request) { r.tpl.IsCA = false } }

// KeyUsage replaces the key usage (RFC 5280 4.2.1.3).
func KeyUsage(ku x509.KeyUsage) Option { return func(r *request) { r.tpl.KeyUsage = ku } }

// EKU replaces the extended key usage (RFC 5280 4.2.1.12); with no argument
// the certificate has none.
func EKU(u ...x509.ExtKeyUsage) Option { return func(r *request) { r.tpl.ExtKeyUsage = u } }

// PermitDNS adds critical name constraints permitting the DNS subtree d
// (RFC 5280 4.2.1.10).
func PermitDNS(d string) Option {
	return func(r *request) {
		r.tpl.PermittedDNSDomains, r.tpl.PermittedDNSDomainsCritical = []string{d}, true
	}
}

// Extension adds an extension with the given DER value (RFC 5280 4.2:
// a relying party must reject a certificate with a critical extension it
// does not know).
func Extension(oid asn1.ObjectIdentifier, critical bool, value []byte) Option {
	return func(r *request) {
		r.tpl.ExtraExtensions = append(r.tpl.ExtraExtensions, pkix.Extension{Id: oid, Critical: critical, Value: value})
	}
}

// SubjectKeyID sets the subject key identifier (RFC 5280 4.2.1.2): an
// impostor CA with another CA's name and key identifier.
func SubjectKeyID(id []byte) Option {
	return func(r *request) { r.tpl.SubjectKeyId = id }
}

// CA issues a CA certificate named cn by issuer, self-signed when issuer is
// nil: basicConstraints cA=TRUE, keyCertSign and cRLSign (RFC 5280 4.2.1.9,
// 4.2.1.3), a new P-256 key unless Key says otherwise, and the method (1)
// subject key identifier of RFC 5280 4.2.1.2 (SHA-1 of the public key).
func (p PKI) CA(t testing.TB, cn string, issuer *Cert, opts ...Option) *Cert {
	t.Helper()
	return p.issue(t, cn, issuer, true, opts)
}

// Leaf issues an OpsMgr computer certificate named cn by issuer (self-signed
// when nil): CN and DNS name cn, serverAuth + clientAuth, digitalSignature +
// keyEncipherment, cA=FALSE (OpsMgr events 20050 and 20069; Microsoft Learn,
// "Obtain a certificate for use with Windows Servers and System Center
// Operations Manager").
func (p PKI) Leaf(t testing.TB, cn string, issuer *Cert, opts ...Option) *Cert {
	t.Helper()
	return p.issue(t, cn, issuer, false, opts)
}

func (p PKI) issue(t testing.TB, cn string, issuer *Cert, ca bool, opts []Option) *Cert {
	t.Helper()
	// A positive serial of at most 63 bits, unique in practice (RFC 5280
	// 4.1.2.2).
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		BasicConstraintsValid: true,
		IsCA:                  ca,
	}
	if ca || p.LeafOrg {
		tpl.Subject.Organization = []string{p.Org}
	}
	if ca {
		tpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	} else {
		tpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		tpl.DNSNames = []string{cn}
	}
	r := &request{tpl: tpl}
	for _, o := range opts {
		o(r)
	}
	switch {
	case r.key != nil:
	case !ca && p.RSALeaves:
		r.key = SharedRSAKey(t)
	default:
		r.key = NewKey(t)
	}
	if ca && tpl.SubjectKeyId == nil {
		tpl.SubjectKeyId = keyID(t, r.key)
	}
	parent, signer := tpl, r.key
	if issuer != nil {
		parent, signer = issuer.X, issuer.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, parent, r.key.Public(), signer)
	if err != nil {
		t.Fatalf("%s: %v", cn, err)
	}
	return parse(t, der, r.key)
}

// keyID is the RFC 5280 4.2.1.2 method (1) key identifier: the SHA-1 of the
// subjectPublicKey BIT STRING.
func keyID(t testing.TB, k crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	var spki struct {
		Alg asn1.RawValue
		Key asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &spki); err != nil {
		t.Fatal(err)
	}
	h := sha1.Sum(spki.Key.Bytes)
	return h[:]
}

func parse(t testing.TB, der []byte, key crypto.Signer) *Cert {
	t.Helper()
	x, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("crypto/x509 cannot parse a test certificate: %v", err)
	}
	z, err := zx509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("zcrypto cannot parse a test certificate: %v", err)
	}
	return &Cert{DER: der, X: x, Z: z, Key: key}
}

// ResignMD5 returns c, issued (sha256WithRSAEncryption) by issuerKey, signed
// again with md5WithRSAEncryption, which crypto/x509 refuses to produce
// (RFC 6151: MD5 is broken for signatures).
func ResignMD5(t testing.TB, c *Cert, issuerKey *rsa.PrivateKey) *Cert {
	t.Helper()
	der := bytes.ReplaceAll(c.DER,
		[]byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b}, // sha256WithRSAEncryption
		[]byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04}) // md5WithRSAEncryption
	in := cryptobyte.String(der)
	var cert, tbs, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&alg, cbasn1.SEQUENCE) {
		t.Fatal("ResignMD5: bad DER")
	}
	h := md5.Sum(tbs)
	sig, err := rsa.SignPKCS1v15(rand.Reader, issuerKey, crypto.MD5, h[:])
	if err != nil {
		t.Fatal(err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(alg)
		b.AddASN1BitString(sig)
	})
	return parse(t, b.BytesOrPanic(), c.Key)
}

// NewKey returns a new ECDSA P-256 key: fast to make, for CAs and for
// leaves whose key type does not matter.
func NewKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// NewRSAKey returns a new RSA 2048 key (an RSA CA, or a second RSA leaf key).
func NewRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var shared struct {
	once sync.Once
	key  *rsa.PrivateKey
	err  error
}

// SharedRSAKey returns one RSA 2048 key per test binary: generating RSA keys
// is slow, and computer certificates that share a key are still distinct
// certificates.
func SharedRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	shared.once.Do(func() { shared.key, shared.err = rsa.GenerateKey(rand.Reader, 2048) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.key
}
