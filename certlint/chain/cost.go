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
	chainMaxRSABits = 16384
	// chainMinRSABits: Windows blocks RSA keys shorter than 1024 bits in
	// certificate chains (Microsoft Security Advisory 2661254).
	chainMinRSABits = 1024
	// chainMaxRSAExponentBits: CryptoAPI holds the public exponent in the
	// DWORD pubexp of RSAPUBKEY
	// (learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-rsapubkey).
	chainMaxRSAExponentBits = 32
	// chainMaxDSAPBits, chainMaxDSAQBits: the largest DSA domain parameters
	// of FIPS 186-4 4.2, (L, N) = (3072, 256), which is also the largest key
	// CNG's BCRYPT_DSA_ALGORITHM takes (Microsoft Learn, "CNG Algorithm
	// Identifiers", learn.microsoft.com/windows/win32/seccng/cng-algorithm-identifiers).
	chainMaxDSAPBits = 3072
	chainMaxDSAQBits = 256
	// chainMaxECBits: the largest curve any verifier here knows, P-521.
	chainMaxECBits = 521
)

// chainWorkBudget bounds the cost of the signature checks of one chain
// search, in units of one 64-bit word multiplication (one byte hashed counts
// as one unit). A check is charged before it runs, by the size of the key
// and of the data signed (chainKeyInfo.cost), so the budget bounds the work
// itself, not the number of checks: it buys about 1,500 checks with 2048-bit
// RSA or P-256 keys, but only about 50 with 16,384-bit RSA keys. Real chains
// need a few checks; a search that would exceed it stops, and says so.
const chainWorkBudget = 1 << 28

// chainLimitError is a refusal to do work beyond a limit; Limit names it.
type chainLimitError struct {
	Limit  string
	Detail string
}

func (e *chainLimitError) Error() string { return e.Detail }

// chainKeyInfo is what a public key costs to verify with, read from its
// encoding alone.
type chainKeyInfo struct {
	// desc names the key: "RSA 2048-bit", "P-256", ...
	desc string
	// cost is the work of one verification, hashing excluded.
	cost int64
	// limit is set when the key is beyond a limit: it is not used.
	limit *chainLimitError
}

var (
	chainOIDKeyRSA     = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	chainOIDKeyRSAPSS  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	chainOIDKeyEd25519 = encasn1.ObjectIdentifier{1, 3, 101, 112}
	chainOIDKeyEd448   = encasn1.ObjectIdentifier{1, 3, 101, 113}
	chainOIDCurveP224  = encasn1.ObjectIdentifier{1, 3, 132, 0, 33}
)

// chainIntBits is the bit length of the DER INTEGER content b (its
// magnitude; a negative number counts its full width).
func chainIntBits(b []byte) int {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0
	}
	return (len(b)-1)*8 + bits.Len8(b[0])
}

// chainReadIntBits reads one DER INTEGER and returns its bit length.
func chainReadIntBits(s *cryptobyte.String) (int, bool) {
	var v cryptobyte.String
	if !s.ReadASN1(&v, cbasn1.INTEGER) {
		return 0, false
	}
	return chainIntBits(v), true
}

// chainMulCost is the cost of one multiplication modulo a number of n bits:
// schoolbook, (n/64)^2 word multiplications.
func chainMulCost(n int) int64 {
	w := int64(n+63) / 64
	return w * w
}

// keyInfo reads the cost and the limits of the certificate's public key.
// Keys of an unknown algorithm, or that cannot be read, cost nothing: no
// verifier here will use them.
func (t *chainTBS) keyInfo() chainKeyInfo {
	switch {
	case t.keyAlg.Equal(chainOIDKeyRSA) || t.keyAlg.Equal(chainOIDKeyRSAPSS):
		s := cryptobyte.String(t.keyBits)
		var seq, e cryptobyte.String
		if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
			return chainKeyInfo{desc: "RSA (unreadable)"}
		}
		nBits, ok := chainReadIntBits(&seq)
		if !ok || !seq.ReadASN1(&e, cbasn1.INTEGER) {
			return chainKeyInfo{desc: "RSA (unreadable)"}
		}
		eBits := chainIntBits(e)
		k := chainKeyInfo{desc: fmt.Sprintf("RSA %d-bit", nBits)}
		switch {
		case nBits < chainMinRSABits:
			k.limit = &chainLimitError{Limit: "RSA modulus", Detail: fmt.Sprintf("its RSA key has %d bits, fewer than the %d bits Windows accepts (Microsoft Security Advisory 2661254, learn.microsoft.com/security-updates/securityadvisories/2012/2661254): Windows does not use it, and certlint does not verify signatures made with it", nBits, chainMinRSABits)}
		case nBits > chainMaxRSABits:
			k.limit = &chainLimitError{Limit: "RSA modulus", Detail: fmt.Sprintf("its RSA key has %d bits, more than the %d bits Windows' RSA providers accept: signatures made with it are not verified", nBits, chainMaxRSABits)}
		case eBits > chainMaxRSAExponentBits:
			k.limit = &chainLimitError{Limit: "RSA exponent", Detail: fmt.Sprintf("its RSA public exponent has %d bits, more than the %d bits Windows' CryptoAPI holds (RSAPUBKEY.pubexp): signatures made with it are not verified", eBits, chainMaxRSAExponentBits)}
		}
		// Montgomery set-up (about 64 multiplications in Go's bigmod),
		// then square-and-multiply over the exponent.
		ones := 0
		for _, c := range e {
			ones += bits.OnesCount8(c)
		}
		k.cost = int64(64+eBits+ones) * chainMulCost(nBits)
		return k
	case t.keyAlg.Equal(chainOIDKeyDSA):
		s := cryptobyte.String(t.keyParams)
		var params cryptobyte.String
		if !s.ReadASN1(&params, cbasn1.SEQUENCE) {
			// No parameters (inherited from the issuer): no verifier here
			// will use the key.
			return chainKeyInfo{desc: "DSA (parameters inherited)"}
		}
		pBits, ok1 := chainReadIntBits(&params)
		qBits, ok2 := chainReadIntBits(&params)
		gBits, ok3 := chainReadIntBits(&params)
		y := cryptobyte.String(t.keyBits)
		yBits, ok4 := chainReadIntBits(&y)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return chainKeyInfo{desc: "DSA (unreadable)"}
		}
		k := chainKeyInfo{desc: fmt.Sprintf("DSA %d-bit", pBits)}
		switch {
		case pBits > chainMaxDSAPBits || gBits > chainMaxDSAPBits || yBits > chainMaxDSAPBits:
			k.limit = &chainLimitError{Limit: "DSA parameters", Detail: fmt.Sprintf("its DSA key has %d-bit parameters, more than the %d bits of FIPS 186-4 and of Windows' DSA provider: signatures made with it are not verified", max(pBits, gBits, yBits), chainMaxDSAPBits)}
		case qBits > chainMaxDSAQBits:
			k.limit = &chainLimitError{Limit: "DSA parameters", Detail: fmt.Sprintf("its DSA subgroup order q has %d bits, more than the %d bits of FIPS 186-4 and of Windows' DSA provider: signatures made with it are not verified", qBits, chainMaxDSAQBits)}
		}
		// Two exponentiations with q-bit exponents modulo p, and their
		// Montgomery set-up.
		k.cost = int64(64+3*qBits) * chainMulCost(pBits)
		return k
	case t.keyAlg.Equal(chainOIDKeyEC):
		// The public point is 04 || X || Y: its length gives the field size
		// whatever the parameters say.
		fieldBits := (len(t.keyBits) - 1) / 2 * 8
		s := cryptobyte.String(t.keyParams)
		var curve encasn1.ObjectIdentifier
		desc := fmt.Sprintf("EC %d-bit", fieldBits)
		if s.ReadASN1ObjectIdentifier(&curve) {
			switch {
			case curve.Equal(chainOIDCurveP224):
				fieldBits, desc = 224, "P-224"
			case curve.Equal(chainOIDCurveP256):
				fieldBits, desc = 256, "P-256"
			case curve.Equal(chainOIDCurveP384):
				fieldBits, desc = 384, "P-384"
			case curve.Equal(chainOIDCurveP521):
				fieldBits, desc = 521, "P-521"
			}
		}
		k := chainKeyInfo{desc: desc}
		if fieldBits > chainMaxECBits+7 {
			k.limit = &chainLimitError{Limit: "EC key", Detail: fmt.Sprintf("its EC public key is %d bytes long, more than a point of P-521, the largest curve Windows supports: signatures made with it are not verified", len(t.keyBits))}
		}
		// Two scalar multiplications: about 1.5 point operations of about
		// ten field multiplications per bit.
		k.cost = int64(30*fieldBits) * chainMulCost(fieldBits)
		return k
	case t.keyAlg.Equal(chainOIDKeyEd25519) || t.keyAlg.Equal(chainOIDKeyEd448):
		return chainKeyInfo{desc: "EdDSA", cost: 30 * 456 * chainMulCost(456)}
	}
	return chainKeyInfo{desc: t.keyAlg.String()}
}

// The cost of a check with a 2048-bit and a 16,384-bit RSA key (exponent
// 65537), for messages.
const (
	chainRSA2048Cost  = (64 + 17 + 2) * 32 * 32
	chainRSA16384Cost = (64 + 17 + 2) * 256 * 256
)
