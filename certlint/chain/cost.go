package chain

import (
	encasn1 "encoding/asn1"
	"fmt"
	"math/bits"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Limits on the public keys a signature is verified with. They are checked
// on the key's encoding before any arithmetic, so that a small hostile file
// cannot make one signature check take minutes (a 65,536-bit DSA key costs
// about as much as 10^4 ordinary checks, a 1,048,576-bit RSA modulus more).
// Each is a limit of Windows' own providers: a key beyond it cannot be used
// by Windows' chain engine either, so refusing it loses nothing.
const (
	// chainMaxRSABits: Windows' RSA providers take moduli of 384 to 16,384
	// bits (Microsoft Learn, "Microsoft Enhanced Cryptographic Provider",
	// learn.microsoft.com/windows/win32/seccrypto/microsoft-enhanced-cryptographic-provider;
	// CNG's BCRYPT_RSA_ALGORITHM: 512 to 16,384 bits).
	maxRSABits = 16384
	// chainMinRSABits: Windows blocks RSA keys shorter than 1024 bits in
	// certificate chains (Microsoft Security Advisory 2661254).
	minRSABits = 1024
	// chainMaxRSAExponentBits: CryptoAPI holds the public exponent in the
	// DWORD pubexp of RSAPUBKEY
	// (learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-rsapubkey).
	maxRSAExponentBits = 32
	// chainMaxDSAPBits, chainMaxDSAQBits: the largest DSA domain parameters
	// of FIPS 186-4 4.2, (L, N) = (3072, 256), which is also the largest key
	// CNG's BCRYPT_DSA_ALGORITHM takes (Microsoft Learn, "CNG Algorithm
	// Identifiers", learn.microsoft.com/windows/win32/seccng/cng-algorithm-identifiers).
	maxDSAPBits = 3072
	maxDSAQBits = 256
	// chainMaxECBits: the largest curve any verifier here knows, P-521.
	maxECBits = 521
)

// chainWorkBudget bounds the cost of the signature checks of one chain
// search, in units of one 64-bit word multiplication (one byte hashed counts
// as one unit). A check is charged before it runs, by the size of the key
// and of the data signed (chainKeyInfo.cost), so the budget bounds the work
// itself, not the number of checks: it buys about 1,500 checks with 2048-bit
// RSA or P-256 keys, but only about 50 with 16,384-bit RSA keys. Real chains
// need a few checks; a search that would exceed it stops, and says so.
const workBudget = 1 << 28

// chainLimitError is a refusal to do work beyond a limit; Limit names it.
type limitError struct {
	Limit  string
	Detail string
}

func (e *limitError) Error() string { return e.Detail }

// chainKeyInfo is what a public key costs to verify with, read from its
// encoding alone.
type keyInfo struct {
	// desc names the key: "RSA 2048-bit", "P-256", ...
	desc string
	// cost is the work of one verification, hashing excluded.
	cost int64
	// limit is set when the key is beyond a limit: it is not used.
	limit *limitError
}

var (
	oidKeyRSA     = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidKeyRSAPSS  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidKeyEd25519 = encasn1.ObjectIdentifier{1, 3, 101, 112}
	oidKeyEd448   = encasn1.ObjectIdentifier{1, 3, 101, 113}
	oidCurveP224  = encasn1.ObjectIdentifier{1, 3, 132, 0, 33}
)

// chainIntBits is the bit length of the DER INTEGER content b (its
// magnitude; a negative number counts its full width).
func intBits(b []byte) int {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0
	}
	return (len(b)-1)*8 + bits.Len8(b[0])
}

// chainReadIntBits reads one DER INTEGER and returns its bit length.
func readIntBits(s *cryptobyte.String) (int, bool) {
	var v cryptobyte.String
	if !s.ReadASN1(&v, cbasn1.INTEGER) {
		return 0, false
	}
	return intBits(v), true
}

// chainMulCost is the cost of one multiplication modulo a number of n bits:
// schoolbook, (n/64)^2 word multiplications.
func mulCost(n int) int64 {
	w := int64(n+63) / 64
	return w * w
}

// keyInfo reads the cost and the limits of the certificate's public key.
// Keys of an unknown algorithm, or that cannot be read, cost nothing: no
// verifier here will use them.
func (t *tbsCert) keyInfo() keyInfo {
	switch {
	case t.keyAlg.Equal(oidKeyRSA) || t.keyAlg.Equal(oidKeyRSAPSS):
		s := cryptobyte.String(t.keyBits)
		var seq, e cryptobyte.String
		if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
			return keyInfo{desc: "RSA (unreadable)"}
		}
		nBits, ok := readIntBits(&seq)
		if !ok || !seq.ReadASN1(&e, cbasn1.INTEGER) {
			return keyInfo{desc: "RSA (unreadable)"}
		}
		eBits := intBits(e)
		k := keyInfo{desc: fmt.Sprintf("RSA %d-bit", nBits)}
		switch {
		case nBits < minRSABits:
			k.limit = &limitError{Limit: "RSA modulus", Detail: fmt.Sprintf("its RSA key has %d bits, fewer than the %d bits Windows accepts (Microsoft Security Advisory 2661254, learn.microsoft.com/security-updates/securityadvisories/2012/2661254): Windows does not use it, and certlint does not verify signatures made with it", nBits, minRSABits)}
		case nBits > maxRSABits:
			k.limit = &limitError{Limit: "RSA modulus", Detail: fmt.Sprintf("its RSA key has %d bits, more than the %d bits Windows' RSA providers accept: signatures made with it are not verified", nBits, maxRSABits)}
		case eBits > maxRSAExponentBits:
			k.limit = &limitError{Limit: "RSA exponent", Detail: fmt.Sprintf("its RSA public exponent has %d bits, more than the %d bits Windows' CryptoAPI holds (RSAPUBKEY.pubexp): signatures made with it are not verified", eBits, maxRSAExponentBits)}
		}
		// Montgomery set-up (about 64 multiplications in Go's bigmod),
		// then square-and-multiply over the exponent.
		ones := 0
		for _, c := range e {
			ones += bits.OnesCount8(c)
		}
		k.cost = int64(64+eBits+ones) * mulCost(nBits)
		return k
	case t.keyAlg.Equal(oidKeyDSA):
		s := cryptobyte.String(t.keyParams)
		var params cryptobyte.String
		if !s.ReadASN1(&params, cbasn1.SEQUENCE) {
			// No parameters (inherited from the issuer): no verifier here
			// will use the key.
			return keyInfo{desc: "DSA (parameters inherited)"}
		}
		pBits, ok1 := readIntBits(&params)
		qBits, ok2 := readIntBits(&params)
		gBits, ok3 := readIntBits(&params)
		y := cryptobyte.String(t.keyBits)
		yBits, ok4 := readIntBits(&y)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return keyInfo{desc: "DSA (unreadable)"}
		}
		k := keyInfo{desc: fmt.Sprintf("DSA %d-bit", pBits)}
		switch {
		case pBits > maxDSAPBits || gBits > maxDSAPBits || yBits > maxDSAPBits:
			k.limit = &limitError{Limit: "DSA parameters", Detail: fmt.Sprintf("its DSA key has %d-bit parameters, more than the %d bits of FIPS 186-4 and of Windows' DSA provider: signatures made with it are not verified", max(pBits, gBits, yBits), maxDSAPBits)}
		case qBits > maxDSAQBits:
			k.limit = &limitError{Limit: "DSA parameters", Detail: fmt.Sprintf("its DSA subgroup order q has %d bits, more than the %d bits of FIPS 186-4 and of Windows' DSA provider: signatures made with it are not verified", qBits, maxDSAQBits)}
		}
		// Two exponentiations with q-bit exponents modulo p, and their
		// Montgomery set-up.
		k.cost = int64(64+3*qBits) * mulCost(pBits)
		return k
	case t.keyAlg.Equal(oidKeyEC):
		// The public point is 04 || X || Y: its length gives the field size
		// whatever the parameters say.
		fieldBits := (len(t.keyBits) - 1) / 2 * 8
		s := cryptobyte.String(t.keyParams)
		var curve encasn1.ObjectIdentifier
		desc := fmt.Sprintf("EC %d-bit", fieldBits)
		if s.ReadASN1ObjectIdentifier(&curve) {
			switch {
			case curve.Equal(oidCurveP224):
				fieldBits, desc = 224, "P-224"
			case curve.Equal(oidCurveP256):
				fieldBits, desc = 256, "P-256"
			case curve.Equal(oidCurveP384):
				fieldBits, desc = 384, "P-384"
			case curve.Equal(oidCurveP521):
				fieldBits, desc = 521, "P-521"
			}
		}
		k := keyInfo{desc: desc}
		if fieldBits > maxECBits+7 {
			k.limit = &limitError{Limit: "EC key", Detail: fmt.Sprintf("its EC public key is %d bytes long, more than a point of P-521, the largest curve Windows supports: signatures made with it are not verified", len(t.keyBits))}
		}
		// Two scalar multiplications: about 1.5 point operations of about
		// ten field multiplications per bit.
		k.cost = int64(30*fieldBits) * mulCost(fieldBits)
		return k
	case t.keyAlg.Equal(oidKeyEd25519) || t.keyAlg.Equal(oidKeyEd448):
		return keyInfo{desc: "EdDSA", cost: 30 * 456 * mulCost(456)}
	}
	return keyInfo{desc: t.keyAlg.String()}
}

// The cost of a check with a 2048-bit and a 16,384-bit RSA key (exponent
// 65537), for messages.
const (
	rSA2048Cost  = (64 + 17 + 2) * 32 * 32
	rSA16384Cost = (64 + 17 + 2) * 256 * 256
)
