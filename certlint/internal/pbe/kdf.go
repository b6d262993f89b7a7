// Package pbe implements the password-based encryption and MAC schemes found
// in PKCS#12 files and encrypted PKCS#8 keys: the PKCS#12 KDF and PBE schemes
// of RFC 7292 Appendices B and C, PBES1 and PBES2 of RFC 8018 §6, and the
// PKCS#12 MAC (RFC 7292 §5 and App. B.4) including PBMAC1 (RFC 9579).
//
// Parsing and key derivation are separate steps on purpose: a caller parses a
// scheme, reads its Iterations, refuses it if the count is above its limit,
// and only then derives a key. Nothing here derives a key while parsing.
//
// It derives, encrypts and verifies only: it must not know the PKCS#12
// structure, the password rule or the input's work budget (the loader's).
package pbe

import "hash"

// pkcs12KDF is the key derivation function of RFC 7292 Appendix B.2.
// newHash builds H, u is its output size and v its block size in bytes; id is
// the purpose (1 key, 2 IV, 3 MAC key); password is the BMPString-encoded
// password (App. B.1: big-endian UCS-2 with a two-byte NUL terminator, or
// empty); r is the iteration count; n the number of bytes wanted.
func pkcs12KDF(newHash func() hash.Hash, u, v int, password, salt []byte, id byte, r, n int) []byte {
	// 1. D = v copies of ID.
	d := make([]byte, v)
	for i := range d {
		d[i] = id
	}
	// 2-4. I = S || P, each the salt (password) repeated to a multiple of v
	// bytes (empty when the salt or password is empty).
	s := fillWithRepeats(salt, v)
	p := fillWithRepeats(password, v)
	in := make([]byte, 0, len(s)+len(p))
	in = append(append(in, s...), p...)

	// 5. c = ceil(n/u).
	c := (n + u - 1) / u
	out := make([]byte, 0, c*u)
	h := newHash()
	ai := make([]byte, 0, u)
	b := make([]byte, v)
	for i := 0; i < c; i++ {
		// 6A. A_i = H^r(D || I).
		h.Reset()
		h.Write(d)
		h.Write(in)
		ai = h.Sum(ai[:0])
		for j := 1; j < r; j++ {
			h.Reset()
			h.Write(ai)
			ai = h.Sum(ai[:0])
		}
		out = append(out, ai...)
		if i == c-1 {
			break
		}
		// 6B. B = A_i repeated to v bytes.
		for k := range b {
			b[k] = ai[k%u]
		}
		// 6C. I_j = (I_j + B + 1) mod 2^v for each v-byte block of I.
		for j := 0; j+v <= len(in); j += v {
			addOneAndB(in[j:j+v], b)
		}
	}
	return out[:n]
}

// addOneAndB sets block = (block + b + 1) mod 2^(8*len(block)), big-endian.
func addOneAndB(block, b []byte) {
	carry := uint16(1)
	for k := len(block) - 1; k >= 0; k-- {
		sum := uint16(block[k]) + uint16(b[k]) + carry
		block[k] = byte(sum)
		carry = sum >> 8
	}
}

func fillWithRepeats(pattern []byte, v int) []byte {
	if len(pattern) == 0 {
		return nil
	}
	n := v * ((len(pattern) + v - 1) / v)
	out := make([]byte, n)
	for i := 0; i < n; i += len(pattern) {
		copy(out[i:], pattern)
	}
	return out
}

// PKCS12KDF is pkcs12KDF for callers outside the package (certlint's tests
// build PFX files with it): u and v are taken from newHash.
func PKCS12KDF(newHash func() hash.Hash, password, salt []byte, id byte, iterations, n int) []byte {
	h := newHash()
	return pkcs12KDF(newHash, h.Size(), h.BlockSize(), password, salt, id, iterations, n)
}
