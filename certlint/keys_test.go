package certlint

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"math/big"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/testpki"
)

// stripCRT re-encodes an RSAPrivateKey without dP, dQ and qInv.
func stripCRT(t *testing.T, k *rsa.PrivateKey) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1BigInt(k.N)
		b.AddASN1Int64(int64(k.E))
		b.AddASN1BigInt(k.D)
		b.AddASN1BigInt(k.Primes[0])
		b.AddASN1BigInt(k.Primes[1])
	})
	return b.BytesOrPanic()
}

// TestParseKeyWithoutCRT: a real key written without its CRT values is read
// (certlint computes them) and is the same key, in PKCS#1 and PKCS#8 form.
func TestParseKeyWithoutCRT(t *testing.T) {
	k := testpki.SharedRSAKey(t)
	der := stripCRT(t, k)
	for name, in := range map[string][]byte{"PKCS#1": der, "PKCS#8": testpki.PKCS8(der)} {
		got, err := parsePrivateKey(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rk, ok := got.(*rsa.PrivateKey)
		if !ok || !rk.Equal(k) || rk.Precomputed.Qinv.Cmp(k.Precomputed.Qinv) != 0 || rk.Precomputed.Dp.Cmp(k.Precomputed.Dp) != 0 {
			t.Errorf("%s: got a different key", name)
		}
		if err := rk.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The input is not modified.
	if !bytes.Equal(der, stripCRT(t, k)) {
		t.Error("the input was modified")
	}
}

// TestParseKeyForms: every form of a good key parses, once, in the form its
// structure shows.
func TestParseKeyForms(t *testing.T) {
	rk := testpki.SharedRSAKey(t)
	ek, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := x509.MarshalECPrivateKey(ek)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		der  []byte
		form keyForm
	}{
		"PKCS#1":     {x509.MarshalPKCS1PrivateKey(rk), keyFormPKCS1},
		"PKCS#8 RSA": {ldPKCS8(t, rk), keyFormPKCS8},
		"SEC 1":      {sec1, keyFormSEC1},
		"PKCS#8 EC":  {ldPKCS8(t, ek), keyFormPKCS8},
	} {
		if f := keyFormOf(c.der); f != c.form {
			t.Errorf("%s: form %v, want %v", name, f, c.form)
		}
		if _, err := parsePrivateKey(c.der); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestParseKeyBounds: keys outside Windows' bounds are refused, naming the
// bound, before crypto/x509 does any arithmetic with them (the first case
// costs crypto/x509 minutes; the test timeout is the guard).
func TestParseKeyBounds(t *testing.T) {
	rk := testpki.SharedRSAKey(t)
	good := x509.MarshalPKCS1PrivateKey(rk)
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// An RSAPrivateKey with one number replaced.
	with := func(i int, v *big.Int) []byte {
		in := cryptobyte.String(good)
		var seq cryptobyte.String
		in.ReadASN1(&seq, casn1.SEQUENCE)
		var b cryptobyte.Builder
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for j := 0; !seq.Empty(); j++ {
				x := new(big.Int)
				seq.ReadASN1Integer(x)
				if j == i {
					x = v
				}
				b.AddASN1BigInt(x)
			}
		})
		return b.BytesOrPanic()
	}
	big2 := func(bits uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), bits) }
	// A key of six primes whose product is the modulus.
	multi := func() []byte {
		var b cryptobyte.Builder
		primes := []int64{3, 5, 7, 11, 13, 17}
		n := big.NewInt(1)
		for _, p := range primes {
			n.Mul(n, big.NewInt(p))
		}
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(1)
			b.AddASN1BigInt(n)
			b.AddASN1Int64(65537)
			for _, v := range []int64{7, 3, 5, 1, 1, 1} {
				b.AddASN1Int64(v)
			}
			b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, p := range primes[2:] {
					b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(p)
						b.AddASN1Int64(1)
						b.AddASN1Int64(1)
					})
				}
			})
		})
		return b.BytesOrPanic()
	}()
	ecWith := func(d []byte, params func(*cryptobyte.Builder)) []byte {
		var b cryptobyte.Builder
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(1)
			b.AddASN1OctetString(d)
			b.AddASN1(casn1.Tag(0).Constructed().ContextSpecific(), params)
		})
		return b.BytesOrPanic()
	}
	namedP256 := func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7})
	}
	explicit := func(b *cryptobyte.Builder) {
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(1) })
	}
	ecD, err := ek.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := func(alg encasn1.ObjectIdentifier, params func(*cryptobyte.Builder), inner []byte) []byte {
		var b cryptobyte.Builder
		b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(0)
			b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(alg)
				params(b)
			})
			b.AddASN1OctetString(inner)
		})
		return b.BytesOrPanic()
	}
	for _, c := range []struct {
		name string
		der  []byte
		want string
	}{
		{"64K-bit p, no CRT values", testpki.RSAKeyHugePrime(65536), "prime p longer than the modulus (2048 bits)"},
		{"64K-bit p, no CRT values, PKCS#8", testpki.PKCS8(testpki.RSAKeyHugePrime(65536)), "prime p longer than the modulus"},
		{"16,448-bit modulus", testpki.RSAKeyModulus(16448), "RSA modulus of 16448 bits, above the 16384 bits Windows accepts"},
		{"1,048,576-bit modulus", testpki.RSAKeyModulus(1 << 20), "above the 16384 bits"},
		{"64-bit public exponent", with(2, big2(63)), "public exponent of 64 bits"},
		{"private exponent longer than the modulus", with(3, big2(2100)), "private exponent longer than the modulus"},
		{"dP longer than the modulus", with(6, big2(4000)), "CRT exponent dP longer"},
		{"primes that do not multiply to the modulus", with(4, big.NewInt(7)), "do not multiply to its modulus"},
		{"prime 1", with(5, big.NewInt(1)), "prime below 2"},
		{"six primes", multi, "more than 5 primes"},
		{"SEC 1 key of 200 octets", ecWith(make([]byte, 200), namedP256), "EC private key of 200 octets"},
		{"SEC 1 explicit parameters", ecWith(ecD, explicit), "explicit domain parameters"},
		{"PKCS#8 EC explicit parameters", pkcs8(oidPublicKeyECDSA, explicit, ecWith(ecD, namedP256)), "explicit domain parameters"},
		{"PKCS#8 DSA", pkcs8(oidPublicKeyDSA, explicit, []byte{2, 1, 1}), "DSA keys are not supported"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parsePrivateKey(c.der)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

// TestLoadCostlyKeys: keys that cost crypto/x509 minutes, in each container
// a key reaches the loader through (PEM PKCS#1 and PKCS#8, DER, a PFX key
// bag), and MaxKeys of the costliest key within the bounds in one input, are
// read promptly: the key is unusable (Bundle.KeyError names why), the
// certificate is kept.
func TestLoadCostlyKeys(t *testing.T) {
	pki := ldPKI(t)
	cert := ldPEM("CERTIFICATE", pki.leaf.Raw)
	huge := testpki.RSAKeyHugePrime(65536)
	var many []byte
	for i := range MaxKeys {
		many = append(many, ldPEM("RSA PRIVATE KEY", testpki.RSAKeyCostly(MaxRSAKeyBits, uint64(i)))...)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"PEM PKCS#1", append(append([]byte{}, cert...), ldPEM("RSA PRIVATE KEY", huge)...), "prime p longer than the modulus"},
		{"PEM PKCS#8", append(append([]byte{}, cert...), ldPEM("PRIVATE KEY", testpki.PKCS8(huge))...), "prime p longer than the modulus"},
		{"PFX key bag", testpki.PFXWithKeys(pki.leaf.Raw, testpki.PKCS8(huge)), "prime p longer than the modulus"},
		{"100 keys of 16,384 bits without CRT values", append(append([]byte{}, cert...), many...), "invalid CRT exponent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := Load("hostile", c.data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if b.Leaf == nil || b.KeyError == nil || !strings.Contains(b.KeyError.Error(), c.want) {
				t.Errorf("leaf %v, key error %v: want the certificate and an unusable key (%q)", b.Leaf != nil, b.KeyError, c.want)
			}
		})
	}
	// A DER key on its own.
	b, err := Load("hostile.key", huge, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.KeyError == nil || !strings.Contains(b.KeyError.Error(), "prime p longer than the modulus") {
		t.Errorf("DER key: key error %v", b.KeyError)
	}
}

// TestCertificateKeyBounds: a certificate whose key is beyond Windows'
// bounds is refused before zcrypto, which checks the signature of a
// self-signed certificate while parsing it, sees it (these cost it minutes;
// the test timeout is the guard). Keys at the bounds are read.
func TestCertificateKeyBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		der  []byte
		want string
	}{
		{"self-signed DSA, 65,536 bits", testpki.SelfSignedHugeKey("dsa", 65536), "DSA parameters of 65536 bits, above the 3072 bits"},
		{"self-signed RSA, 2^23 bits", testpki.SelfSignedHugeKey("rsa", 1<<23), "RSA public key of 8388608 bits, above the 16384 bits"},
		{"self-signed RSA, 16,448 bits", testpki.SelfSignedHugeKey("rsa", 16448), "RSA public key of 16448 bits"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("hostile.der", c.der, &LoadOptions{MaxSize: 8 << 20})
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrUnsupported saying %q", err, c.want)
			}
		})
	}
	b, err := Load("rsa16384.der", testpki.SelfSignedHugeKey("rsa", MaxRSAKeyBits), nil)
	if err != nil || len(b.Certificates()) != 1 {
		t.Errorf("self-signed RSA, 16,384 bits: %v, want it read", err)
	}
}
