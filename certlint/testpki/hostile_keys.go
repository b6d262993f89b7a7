package testpki

import (
	"encoding/asn1"
	"fmt"
	"math/big"
	"math/rand/v2"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Hostile inputs: small files that cost a careless parser minutes. Each is
// made from a fixed seed, so a test sees the same bytes on every run, and
// none needs real primes: the point is the sizes.

// deterministic returns a reader of pseudo-random bytes from seed.
func deterministic(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// oddNumber returns a number of exactly bits bits, odd, from r.
func oddNumber(r *rand.ChaCha8, bits int) *big.Int {
	b := make([]byte, (bits+7)/8)
	r.Read(b)
	v := new(big.Int).SetBytes(b)
	v.SetBit(v, bits-1, 1)
	v.SetBit(v, 0, 1)
	for v.BitLen() > bits {
		v.SetBit(v, v.BitLen()-1, 0)
	}
	return v
}

// rsaPKCS1 encodes an RSAPrivateKey (RFC 8017 App. A.1.2) with the numbers
// given: version 0, n, e, d, p, q and, when given, dP, dQ, qInv.
func rsaPKCS1(n *big.Int, e int64, d, p, q *big.Int, crt ...*big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1BigInt(n)
		b.AddASN1Int64(e)
		b.AddASN1BigInt(d)
		b.AddASN1BigInt(p)
		b.AddASN1BigInt(q)
		for _, v := range crt {
			b.AddASN1BigInt(v)
		}
	})
	return b.BytesOrPanic()
}

// RSAKeyHugePrime returns a PKCS#1 RSA private key without CRT values whose
// modulus has 2048 bits and whose "prime" p has pBits: crypto/x509 computes
// q^(p-2) mod p before any check, cubic in pBits (a 64K-bit p, a 12 KB PEM,
// costs minutes).
func RSAKeyHugePrime(pBits int) []byte {
	r := deterministic(1)
	return rsaPKCS1(oddNumber(r, 2048), 65537, big.NewInt(12345), oddNumber(r, pBits), big.NewInt(3))
}

// RSAKeyCostly returns the costliest PKCS#1 RSA private key within Windows'
// bounds: a modulus of modBits bits that is the product of two numbers of
// half its size, a private exponent as long, and no CRT values, which a
// reader must compute (crypto/x509 by an exponentiation: about a second per
// key at 16,384 bits). seed makes each key different. The numbers are not
// prime: the key is not consistent, but only the arithmetic shows it.
func RSAKeyCostly(modBits int, seed uint64) []byte {
	r := deterministic(1000 + seed)
	p, q := oddNumber(r, modBits/2), oddNumber(r, modBits/2)
	n := new(big.Int).Mul(p, q)
	d := oddNumber(r, n.BitLen()-1)
	return rsaPKCS1(n, 65537, d, p, q)
}

// RSAKeyModulus returns a PKCS#1 RSA private key with CRT values whose
// modulus has bits bits (made of two numbers of half the size).
func RSAKeyModulus(bits int) []byte {
	r := deterministic(2)
	p, q := oddNumber(r, bits/2), oddNumber(r, bits-bits/2)
	n := new(big.Int).Mul(p, q)
	one := big.NewInt(1)
	return rsaPKCS1(n, 65537, oddNumber(r, n.BitLen()-1), p, q, new(big.Int).Sub(p, one), new(big.Int).Sub(q, one), one)
}

// PKCS8 wraps an RSAPrivateKey in a PrivateKeyInfo (RFC 5208 §5,
// rsaEncryption).
func PKCS8(pkcs1 []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1})
			b.AddASN1NULL()
		})
		b.AddASN1OctetString(pkcs1)
	})
	return b.BytesOrPanic()
}

// NameOfRDNs returns a DER Name (RFC 5280 4.1.2.4) of n RDNs, each one
// OU=ouN, then CN=cn: a subject a few hundred kilobytes long that a
// renderer concatenating strings takes minutes to print.
func NameOfRDNs(n int, cn string) []byte {
	var b cryptobyte.Builder
	rdn := func(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, v string) {
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oid)
				b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(v)) })
			})
		})
	}
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i := range n {
			rdn(b, asn1.ObjectIdentifier{2, 5, 4, 11}, fmt.Sprintf("ou%d", i))
		}
		rdn(b, asn1.ObjectIdentifier{2, 5, 4, 3}, cn)
	})
	return b.BytesOrPanic()
}

// RawSubject makes der (a DER Name) the subject, as is.
func RawSubject(der []byte) Option { return func(r *request) { r.tpl.RawSubject = der } }

// PFXWithKeys returns a PFX (RFC 7292) without a MAC or encryption that
// holds the certificate certDER and one keyBag per PrivateKeyInfo in keys:
// what any PFX reader must parse without a password.
func PFXWithKeys(certDER []byte, keys ...[]byte) []byte {
	bag := func(b *cryptobyte.Builder, id asn1.ObjectIdentifier, value func(*cryptobyte.Builder)) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(id)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), value)
		})
	}
	data := func(b *cryptobyte.Builder, content []byte) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1})
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1OctetString(content)
			})
		})
	}
	var sc cryptobyte.Builder
	sc.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		bag(b, asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1})
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(certDER)
				})
			})
		})
		for _, k := range keys {
			bag(b, asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}, func(b *cryptobyte.Builder) { b.AddBytes(k) })
		}
	})
	var as cryptobyte.Builder
	as.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { data(b, sc.BytesOrPanic()) })
	var pfx cryptobyte.Builder
	pfx.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		data(b, as.BytesOrPanic())
	})
	return pfx.BytesOrPanic()
}

// SelfSignedHugeKey returns a self-signed certificate (subject = issuer,
// CN=Hostile CA) whose subject key is alg ("rsa" or "dsa") with numbers of
// bits bits, signed so that checking the signature runs the whole
// computation: an RSA signature as long as the modulus; a DSA signature
// (r, s) = (1, 2), whose s^-1 mod q is as long as q, so both exponents are.
// A parser that checks self-signatures (zcrypto does, while parsing) spends
// seconds at 16,384 bits and minutes at 65,536 (DSA) or 2^24 (RSA).
func SelfSignedHugeKey(alg string, bits int) []byte {
	r := deterministic(3)
	name := func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 5, 4, 3})
					b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("Hostile CA")) })
				})
			})
		})
	}
	sigAlg := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11} // sha256WithRSAEncryption
	var spki func(*cryptobyte.Builder)
	var sig []byte
	switch alg {
	case "dsa":
		sigAlg = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 2} // dsa-with-sha256
		p, q := oddNumber(r, bits), oddNumber(r, bits-8)
		spki = func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1BigInt(p)
					b.AddASN1BigInt(q)
					b.AddASN1BigInt(oddNumber(r, bits-16))
				})
			})
			var y cryptobyte.Builder
			y.AddASN1BigInt(oddNumber(r, bits-16))
			b.AddASN1BitString(y.BytesOrPanic())
		}
		var s cryptobyte.Builder
		s.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(1); b.AddASN1Int64(2) })
		sig = s.BytesOrPanic()
	default:
		n := oddNumber(r, bits)
		spki = func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1})
				b.AddASN1NULL()
			})
			var k cryptobyte.Builder
			k.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1BigInt(n)
				b.AddASN1Int64(65537)
			})
			b.AddASN1BitString(k.BytesOrPanic())
		}
		sig = new(big.Int).Rsh(n, 1).FillBytes(make([]byte, (bits+7)/8))
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
			b.AddASN1Int64(1)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigAlg) })
			name(b)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1UTCTime(notBefore)
				b.AddASN1UTCTime(notAfter)
			})
			name(b)
			b.AddASN1(cbasn1.SEQUENCE, spki)
		})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigAlg) })
		b.AddASN1BitString(sig)
	})
	return b.BytesOrPanic()
}
