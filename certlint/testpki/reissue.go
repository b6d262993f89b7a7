package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"testing"

	zx509 "github.com/zmap/zcrypto/x509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TBS is a TBSCertificate taken apart, for tests that need a certificate
// crypto/x509 will not make (a v1 certificate, a duplicate extension, a
// serial of zero, names encoded another way). Each field but Version and
// Extensions is the DER of the element (for Serial: the INTEGER's content).
type TBS struct {
	// Version is as encoded: 0 for v1 (the field is left out), 2 for v3.
	Version  int
	Serial   []byte
	SigAlg   []byte
	Issuer   []byte
	Validity []byte
	Subject  []byte
	SPKI     []byte
	// Extensions are written when not nil (v3).
	Extensions []Ext
}

// Ext is one extension (RFC 5280 4.1: extnID, critical, extnValue).
type Ext struct {
	OID      asn1.ObjectIdentifier
	Critical bool
	Value    []byte
}

// ParseTBS takes apart the TBSCertificate of a certificate.
func ParseTBS(t testing.TB, der []byte) *TBS {
	t.Helper()
	in := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		t.Fatal("ParseTBS: not a certificate")
	}
	r := &TBS{}
	if tbs.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var v cryptobyte.String
		var n int64
		if !tbs.ReadASN1(&v, cbasn1.Tag(0).Constructed().ContextSpecific()) || !v.ReadASN1Integer(&n) {
			t.Fatal("ParseTBS: bad version")
		}
		r.Version = int(n)
	}
	var serial, sigAlg, issuer, validity, subject, spki cryptobyte.String
	if !tbs.ReadASN1(&serial, cbasn1.INTEGER) || !tbs.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&validity, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&spki, cbasn1.SEQUENCE) {
		t.Fatal("ParseTBS: truncated")
	}
	r.Serial, r.SigAlg, r.Issuer, r.Validity, r.Subject, r.SPKI = serial, sigAlg, issuer, validity, subject, spki
	if tbs.PeekASN1Tag(cbasn1.Tag(3).Constructed().ContextSpecific()) {
		var wrap, exts cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(3).Constructed().ContextSpecific()) || !wrap.ReadASN1(&exts, cbasn1.SEQUENCE) {
			t.Fatal("ParseTBS: bad extensions")
		}
		r.Extensions = []Ext{}
		for !exts.Empty() {
			var ext, val cryptobyte.String
			var x Ext
			if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&x.OID) {
				t.Fatal("ParseTBS: bad extension")
			}
			if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&x.Critical) {
				t.Fatal("ParseTBS: bad criticality")
			}
			if !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
				t.Fatal("ParseTBS: bad extension value")
			}
			x.Value = val
			r.Extensions = append(r.Extensions, x)
		}
	}
	return r
}

// Marshal encodes the TBSCertificate.
func (r *TBS) Marshal() []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		if r.Version != 0 {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(int64(r.Version)) })
		}
		b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(r.Serial) })
		b.AddBytes(r.SigAlg)
		b.AddBytes(r.Issuer)
		b.AddBytes(r.Validity)
		b.AddBytes(r.Subject)
		b.AddBytes(r.SPKI)
		if r.Extensions != nil {
			b.AddASN1(cbasn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, x := range r.Extensions {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1ObjectIdentifier(x.OID)
							if x.Critical {
								b.AddASN1Boolean(true)
							}
							b.AddASN1OctetString(x.Value)
						})
					}
				})
			})
		}
	})
	return b.BytesOrPanic()
}

// Ext returns the first extension with that OID, or nil.
func (r *TBS) Ext(oid asn1.ObjectIdentifier) *Ext {
	for i := range r.Extensions {
		if r.Extensions[i].OID.Equal(oid) {
			return &r.Extensions[i]
		}
	}
	return nil
}

// Reissue returns c with its TBSCertificate changed by edit and signed again
// by issuer's key (c's own key when issuer is nil: a self-signed
// certificate), with SHA-256. The outer signature algorithm is the one
// issuer's key signs with; edit may set another inside (TBS.SigAlg). X and
// Z are nil when crypto/x509 or zcrypto refuse the result.
func Reissue(t testing.TB, c *Cert, issuer *Cert, edit func(*TBS)) *Cert {
	t.Helper()
	signer := c.Key
	if issuer != nil {
		signer = issuer.Key
	}
	if signer == nil {
		t.Fatal("Reissue: no key to sign with")
	}
	r := ParseTBS(t, c.DER)
	alg := sigAlgFor(t, signer)
	r.SigAlg = alg
	edit(r)
	tbs := r.Marshal()
	h := sha256.Sum256(tbs)
	var sig []byte
	var err error
	switch k := signer.(type) {
	case *ecdsa.PrivateKey:
		sig, err = ecdsa.SignASN1(rand.Reader, k, h[:])
	case *rsa.PrivateKey:
		sig, err = rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
	default:
		t.Fatalf("Reissue: cannot sign with %T", signer)
	}
	if err != nil {
		t.Fatal(err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(alg)
		b.AddASN1BitString(sig)
	})
	der := b.BytesOrPanic()
	out := &Cert{DER: der, Key: c.Key}
	out.X, _ = x509.ParseCertificate(der)
	out.Z, _ = zx509.ParseCertificate(der)
	return out
}

// sigAlgFor is the AlgorithmIdentifier DER of SHA-256 with the key's type.
func sigAlgFor(t testing.TB, k crypto.Signer) []byte {
	t.Helper()
	var b cryptobyte.Builder
	switch k.(type) {
	case *ecdsa.PrivateKey:
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}) // ecdsa-with-SHA256
		})
	case *rsa.PrivateKey:
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidSHA256RSA)
			b.AddASN1NULL()
		})
	default:
		t.Fatalf("no signature algorithm for %T", k)
	}
	return b.BytesOrPanic()
}

// Name is the DER of a Name with one attribute per RDN, most significant
// first, each value encoded with the ASN.1 string tag given (for instance
// cbasn1.PrintableString or cbasn1.UTF8String): for names that differ only
// in encoding.
func Name(attrs ...NameAttr) []byte {
	rdns := make([][]NameAttr, len(attrs))
	for i, a := range attrs {
		rdns[i] = []NameAttr{a}
	}
	return NameRDNs(rdns...)
}

// NameRDNs is the DER of a Name (RFC 5280 4.1.2.4) of the RDNs given, most
// significant first, each a SET of its attributes in the order given (a
// multi-valued RDN when more than one). Values are written as given, byte
// for byte, under their tag, whether or not the tag is a string type.
func NameRDNs(rdns ...[]NameAttr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, rdn := range rdns {
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				for _, a := range rdn {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(a.OID)
						b.AddASN1(a.Tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(a.Value)) })
						b.AddBytes(a.Trailing)
					})
				}
			})
		}
	})
	return b.BytesOrPanic()
}

// NameAttr is one attribute of Name and NameRDNs.
type NameAttr struct {
	OID   asn1.ObjectIdentifier
	Tag   cbasn1.Tag
	Value string
	// Trailing is DER written after the value inside the
	// AttributeTypeAndValue: a malformed attribute (empty for a good one).
	Trailing []byte
}

// Common attribute types for Name.
var (
	OIDCommonName   = asn1.ObjectIdentifier{2, 5, 4, 3}
	OIDOrganization = asn1.ObjectIdentifier{2, 5, 4, 10}
)
