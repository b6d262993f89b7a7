package certlint

import (
	"crypto"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Private keys are parsed by crypto/x509, but only after certlint has read
// their structure itself and checked the size of every number in them:
// crypto/x509 does arithmetic with a key's numbers before it checks them
// (an RSA key without its CRT values has q^(p-2) mod p computed, whatever the
// size of p), so that an unchecked key of a few kilobytes costs minutes.
//
// The bounds are Windows' own where Microsoft documents them, else the
// standard's:
//
//   - RSA: a modulus of at most MaxRSAKeyBits bits, the largest key the
//     Windows RSA providers take ("Windows CSPs enable keys sizes of 384 to
//     16384 bits", 512 to 16384 from Windows 8.1: Microsoft Learn,
//     RSACryptoServiceProvider class, supplementary remarks,
//     https://learn.microsoft.com/en-us/dotnet/fundamentals/runtime-libraries/system-security-cryptography-rsacryptoserviceprovider);
//     a public exponent that fits in 32 bits (the DWORD pubexp of CryptoAPI's
//     RSAPUBKEY, https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/ns-wincrypt-rsapubkey);
//     a private exponent, primes and CRT values no longer than the modulus;
//     at most maxRSAPrimes primes (OpenSSL's RSA_MAX_PRIME_NUM; Windows'
//     key blobs hold two, BCRYPT_RSAKEY_BLOB); and primes that multiply to
//     the modulus (RFC 8017 §3.2), checked with one multiplication.
//   - A key without its CRT values (RFC 8017 App. A.1.2 requires them, some
//     writers leave them out) has them computed by certlint, from numbers
//     already bounded, with a modular inverse rather than an exponentiation.
//   - EC: a named curve (RFC 5480 §2.1.1: PKIX allows no other form) and a
//     private key no longer than the largest curve order crypto/x509 knows
//     (P-521, 66 octets).
//   - DSA keys are not read at all: OpsMgr needs RSA.
//
// A key outside these bounds is recorded as present but unusable
// (Bundle.KeyError), with the bound it broke; nothing else is computed from
// it.

// DSA bounds: the largest (L, N) pair of FIPS 186-3 §4.2, the newest DSA
// standard Windows implements (CNG's DSA keys are FIPS 186-2 or 186-3:
// Microsoft Learn, DSAFIPSVERSION_ENUM,
// https://learn.microsoft.com/en-us/windows/win32/api/bcrypt/ne-bcrypt-dsafipsversion_enum).
const (
	maxDSAPBits = 3072
	maxDSAQBits = 256
)

const (
	maxRSAPrimes   = 5  // OpenSSL's RSA_MAX_PRIME_NUM
	maxRSAExpBytes = 4  // a 32-bit public exponent
	maxECKeyBytes  = 66 // P-521's order is 521 bits
)

var (
	oidPublicKeyDSA   = encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidPublicKeyECDSA = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidRSASSAPSS      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
)

// keyForm is the structure of a DER private key.
type keyForm int

const (
	keyFormUnknown keyForm = iota
	keyFormPKCS8           // PrivateKeyInfo, RFC 5208 §5
	keyFormPKCS1           // RSAPrivateKey, RFC 8017 App. A.1.2
	keyFormSEC1            // ECPrivateKey, RFC 5915 §3
)

func (f keyForm) String() string {
	switch f {
	case keyFormPKCS8:
		return "PKCS#8 private key"
	case keyFormPKCS1:
		return "PKCS#1 RSA private key"
	case keyFormSEC1:
		return "SEC 1 EC private key"
	}
	return "private key"
}

// keyFormOf tells the three forms apart by their first elements:
// PrivateKeyInfo is SEQUENCE { INTEGER, SEQUENCE, OCTET STRING, ... },
// RSAPrivateKey SEQUENCE { INTEGER, INTEGER, ... } and ECPrivateKey
// SEQUENCE { INTEGER, OCTET STRING, ... }.
func keyFormOf(der []byte) keyForm {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, casn1.SEQUENCE) || !seq.SkipASN1(casn1.INTEGER) {
		return keyFormUnknown
	}
	switch {
	case seq.PeekASN1Tag(casn1.SEQUENCE):
		return keyFormPKCS8
	case seq.PeekASN1Tag(casn1.INTEGER):
		return keyFormPKCS1
	case seq.PeekASN1Tag(casn1.OCTET_STRING):
		return keyFormSEC1
	}
	return keyFormUnknown
}

// parsePrivateKey parses a DER private key in whichever of the three forms
// its structure shows, bounded as the comment above says. Its errors name
// the form and the problem, never key bytes.
func parsePrivateKey(der []byte) (key crypto.PrivateKey, err error) {
	form := keyFormOf(der)
	defer func() {
		if r := recover(); r != nil {
			key, err = nil, fmt.Errorf("%v: parser failed: %v", form, r)
		}
		if err != nil {
			err = fmt.Errorf("%v: %w", form, err)
		}
	}()
	switch form {
	case keyFormPKCS8:
		return parseBoundedPKCS8(der)
	case keyFormPKCS1:
		full, err := boundRSA(der)
		if err != nil {
			return nil, err
		}
		if len(full) != len(der) {
			defer clear(full)
		}
		return x509.ParsePKCS1PrivateKey(full)
	case keyFormSEC1:
		if err := boundEC(der, true); err != nil {
			return nil, err
		}
		return x509.ParseECPrivateKey(der)
	}
	return nil, errors.New("not a PKCS#8, PKCS#1 or SEC 1 structure")
}

// parseBoundedPKCS8 checks the key inside a PrivateKeyInfo and parses it
// with crypto/x509; an RSA key whose CRT values were computed is handed over
// re-encoded with them.
func parseBoundedPKCS8(der []byte) (crypto.PrivateKey, error) {
	in := cryptobyte.String(der)
	var seq, alg, params cryptobyte.String
	var version int64
	var oid encasn1.ObjectIdentifier
	var inner []byte
	if !in.ReadASN1(&seq, casn1.SEQUENCE) || !seq.ReadASN1Integer(&version) ||
		!seq.ReadASN1(&alg, casn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) ||
		!seq.ReadASN1Bytes(&inner, casn1.OCTET_STRING) {
		return nil, errors.New("not the structure of RFC 5208 §5")
	}
	params = alg
	switch {
	case oid.Equal(oidRSAEncryption), oid.Equal(oidRSASSAPSS):
		full, err := boundRSA(inner)
		if err != nil {
			return nil, err
		}
		if len(full) != len(inner) {
			// The CRT values were computed: the same PrivateKeyInfo with the
			// completed RSAPrivateKey.
			var b cryptobyte.Builder
			b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(version)
				b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid)
					b.AddBytes(params)
				})
				b.AddASN1OctetString(full)
				b.AddBytes(seq) // attributes, public key
			})
			re, err := b.Bytes()
			if err != nil {
				return nil, errors.New("not the structure of RFC 5208 §5")
			}
			defer clear(re)
			defer clear(full)
			return x509.ParsePKCS8PrivateKey(re)
		}
	case oid.Equal(oidPublicKeyECDSA):
		if !params.PeekASN1Tag(casn1.OBJECT_IDENTIFIER) {
			return nil, errors.New("EC key with explicit domain parameters (RFC 5480 §2.1.1 allows a named curve only)")
		}
		if err := boundEC(inner, false); err != nil {
			return nil, err
		}
	case oid.Equal(oidPublicKeyDSA):
		return nil, errors.New("DSA keys are not supported (OpsMgr needs RSA)")
	}
	return x509.ParsePKCS8PrivateKey(der)
}

// boundEC checks an ECPrivateKey (RFC 5915 §3): a private key of at most
// maxECKeyBytes octets and, when the parameters are present (they must be in
// SEC 1 form, withParams), a named curve.
func boundEC(der []byte, withParams bool) error {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	var d []byte
	if !in.ReadASN1(&seq, casn1.SEQUENCE) || !seq.SkipASN1(casn1.INTEGER) || !seq.ReadASN1Bytes(&d, casn1.OCTET_STRING) {
		return errors.New("not the structure of RFC 5915 §3")
	}
	if len(d) > maxECKeyBytes {
		return fmt.Errorf("EC private key of %d octets, longer than any curve's order (at most %d)", len(d), maxECKeyBytes)
	}
	if withParams {
		var params cryptobyte.String
		var has bool
		if !seq.ReadOptionalASN1(&params, &has, casn1.Tag(0).Constructed().ContextSpecific()) {
			return errors.New("not the structure of RFC 5915 §3")
		}
		if has && !params.PeekASN1Tag(casn1.OBJECT_IDENTIFIER) {
			return errors.New("EC key with explicit domain parameters (RFC 5480 §2.1.1 allows a named curve only)")
		}
	}
	return nil
}

// boundRSA reads an RSAPrivateKey (RFC 8017 App. A.1.2) and checks the size
// of every number before any arithmetic (see the comment at the top). It
// returns the key as crypto/x509 may parse it: der itself, or, when the CRT
// values are missing, a new encoding with them computed (the caller clears
// it).
func boundRSA(der []byte) ([]byte, error) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, casn1.SEQUENCE) || !in.Empty() {
		return nil, errors.New("not the structure of RFC 8017 App. A.1.2")
	}
	// version, n, e, d, p, q, then dP, dQ, qInv and otherPrimeInfos, which
	// some writers leave out.
	var ints [9]cryptobyte.String
	n := 0
	for ; n < len(ints) && seq.PeekASN1Tag(casn1.INTEGER); n++ {
		if !seq.ReadASN1(&ints[n], casn1.INTEGER) {
			return nil, errors.New("not the structure of RFC 8017 App. A.1.2")
		}
	}
	if n < 6 {
		return nil, errors.New("not the structure of RFC 8017 App. A.1.2 (fewer than the six numbers n, e, d, p, q)")
	}
	modBits := intBits(ints[1])
	if modBits > MaxRSAKeyBits {
		return nil, fmt.Errorf("RSA modulus of %d bits, above the %d bits Windows accepts", modBits, MaxRSAKeyBits)
	}
	if len(ints[2]) > maxRSAExpBytes+1 || intBits(ints[2]) > 8*maxRSAExpBytes {
		return nil, fmt.Errorf("RSA public exponent of %d bits, above the 32 bits Windows reads", intBits(ints[2]))
	}
	names := [...]string{"", "", "", "private exponent", "prime p", "prime q", "CRT exponent dP", "CRT exponent dQ", "CRT coefficient qInv"}
	for i := 3; i < n; i++ {
		if intBits(ints[i]) > modBits {
			return nil, fmt.Errorf("RSA %s longer than the modulus (%d bits)", names[i], modBits)
		}
	}
	primes := []cryptobyte.String{ints[4], ints[5]}
	if !seq.Empty() {
		// otherPrimeInfos: SEQUENCE OF SEQUENCE { prime, exponent, coefficient }.
		var others cryptobyte.String
		if n < 9 || !seq.ReadASN1(&others, casn1.SEQUENCE) {
			return nil, errors.New("not the structure of RFC 8017 App. A.1.2")
		}
		for !others.Empty() {
			if len(primes) == maxRSAPrimes {
				return nil, fmt.Errorf("RSA key of more than %d primes", maxRSAPrimes)
			}
			var info, r cryptobyte.String
			if !others.ReadASN1(&info, casn1.SEQUENCE) || !info.ReadASN1(&r, casn1.INTEGER) {
				return nil, errors.New("not the structure of RFC 8017 App. A.1.2")
			}
			for v := r; ; {
				if intBits(v) > modBits {
					return nil, fmt.Errorf("RSA prime longer than the modulus (%d bits)", modBits)
				}
				if info.Empty() {
					break
				}
				if !info.ReadASN1(&v, casn1.INTEGER) {
					return nil, errors.New("not the structure of RFC 8017 App. A.1.2")
				}
			}
			primes = append(primes, r)
		}
	}
	// The primes multiply to the modulus: one multiplication of numbers
	// already bounded tells a key from numbers chosen to be costly.
	nv := intValue(ints[1])
	prod := big.NewInt(1)
	for _, p := range primes {
		pv := intValue(p)
		if pv.Cmp(big.NewInt(1)) <= 0 {
			return nil, errors.New("RSA key with a prime below 2")
		}
		prod.Mul(prod, pv)
		if prod.BitLen() > modBits {
			break
		}
	}
	if prod.Cmp(nv) != 0 {
		return nil, errors.New("RSA key whose primes do not multiply to its modulus (RFC 8017 §3.2)")
	}
	if n >= 9 {
		return der, nil
	}

	// The CRT values are missing: compute them (RFC 8017 §3.2) from d, p and
	// q, each at most MaxRSAKeyBits bits, with math/big.
	d, p, q := intValue(ints[3]), intValue(ints[4]), intValue(ints[5])
	one := big.NewInt(1)
	crt := [3]*big.Int{
		new(big.Int).Mod(d, new(big.Int).Sub(p, one)),
		new(big.Int).Mod(d, new(big.Int).Sub(q, one)),
		new(big.Int).ModInverse(q, p),
	}
	if crt[2] == nil {
		return nil, errors.New("RSA key whose prime q has no inverse modulo p (RFC 8017 §3.2)")
	}
	defer func() {
		for _, v := range append(crt[:], d, p, q) {
			v.SetInt64(0)
		}
	}()
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i := range 9 {
			if i < n {
				b.AddASN1(casn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(ints[i]) })
			} else {
				b.AddASN1BigInt(crt[i-6])
			}
		}
	})
	return b.Bytes()
}

// intBits returns the bit length of a DER INTEGER's content, read as
// unsigned (a negative number is refused later, by crypto/x509).
func intBits(v cryptobyte.String) int {
	for len(v) > 0 && v[0] == 0 {
		v = v[1:]
	}
	if len(v) == 0 {
		return 0
	}
	bits := 8 * (len(v) - 1)
	for x := v[0]; x != 0; x >>= 1 {
		bits++
	}
	return bits
}

// intValue returns a DER INTEGER's content as a non-negative number.
func intValue(v cryptobyte.String) *big.Int {
	return new(big.Int).SetBytes(v)
}

// checkCertificateKey checks the subject public key of a DER certificate
// against the bounds above (RSA: MaxRSAKeyBits and a 32-bit exponent; DSA:
// maxDSAPBits and maxDSAQBits) before any parser sees it: zcrypto verifies
// the signature of every certificate whose issuer is its subject while
// parsing it, with no bound on the key (a self-signed certificate with a
// 15,360-bit DSA key cost 3 s, 65,536 bits minutes; a 1,048,576-bit RSA
// modulus 1 s, a 4 MB one minutes), and every later signature check would
// pay the same. A certificate it cannot read this far is left to the
// parsers. The error names the bound and never key bytes.
func checkCertificateKey(der []byte) error {
	in := cryptobyte.String(der)
	var cert, tbs, alg, key cryptobyte.String
	var oid encasn1.ObjectIdentifier
	if !in.ReadASN1(&cert, casn1.SEQUENCE) || !cert.ReadASN1(&tbs, casn1.SEQUENCE) ||
		!tbs.SkipOptionalASN1(casn1.Tag(0).Constructed().ContextSpecific()) {
		return nil
	}
	// serialNumber, signature, issuer, validity, subject, then the key.
	var skip cryptobyte.String
	for range 5 {
		if !tbs.ReadAnyASN1(&skip, nil) {
			return nil
		}
	}
	var spki cryptobyte.String
	if !tbs.ReadASN1(&spki, casn1.SEQUENCE) || !spki.ReadASN1(&alg, casn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&oid) || !spki.ReadASN1BitStringAsBytes((*[]byte)(&key)) {
		return nil
	}
	switch {
	case oid.Equal(oidRSAEncryption), oid.Equal(oidRSASSAPSS):
		var pub, n, e cryptobyte.String
		if !key.ReadASN1(&pub, casn1.SEQUENCE) || !pub.ReadASN1(&n, casn1.INTEGER) || !pub.ReadASN1(&e, casn1.INTEGER) {
			return nil
		}
		if bits := intBits(n); bits > MaxRSAKeyBits {
			return fmt.Errorf("RSA public key of %d bits, above the %d bits Windows accepts", bits, MaxRSAKeyBits)
		}
		if bits := intBits(e); bits > 8*maxRSAExpBytes {
			return fmt.Errorf("RSA public exponent of %d bits, above the 32 bits Windows reads", bits)
		}
	case oid.Equal(oidPublicKeyDSA):
		var params, p, q, g, y cryptobyte.String
		if alg.ReadASN1(&params, casn1.SEQUENCE) && params.ReadASN1(&p, casn1.INTEGER) &&
			params.ReadASN1(&q, casn1.INTEGER) && params.ReadASN1(&g, casn1.INTEGER) {
			if intBits(p) > maxDSAPBits || intBits(g) > maxDSAPBits {
				return fmt.Errorf("DSA parameters of %d bits, above the %d bits of FIPS 186-3", max(intBits(p), intBits(g)), maxDSAPBits)
			}
			if intBits(q) > maxDSAQBits {
				return fmt.Errorf("DSA subgroup order of %d bits, above %d bits (FIPS 186-3 §4.2)", intBits(q), maxDSAQBits)
			}
		}
		if key.ReadASN1(&y, casn1.INTEGER) && intBits(y) > maxDSAPBits {
			return fmt.Errorf("DSA public key of %d bits, above the %d bits of FIPS 186-3", intBits(y), maxDSAPBits)
		}
	}
	return nil
}
