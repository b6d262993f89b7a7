package pbe

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	encasn1 "encoding/asn1"
	"errors"
	"math"
	"math/big"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// pbes2AlgID builds a PBES2 AlgorithmIdentifier (RFC 8018 App. A.4) with
// PBKDF2-HMAC-SHA256 and AES-256-CBC.
func pbes2AlgID(salt, iv []byte, iter int64, keyLen int64) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidPBES2)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidPBKDF2)
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(salt)
					b.AddASN1Int64(iter)
					if keyLen > 0 {
						b.AddASN1Int64(keyLen)
					}
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidHMACWithSHA256)
						b.AddASN1NULL()
					})
				})
			})
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidAES256CBC)
				b.AddASN1OctetString(iv)
			})
		})
	})
	return b.BytesOrPanic()
}

func encryptAES256CBC(t *testing.T, password string, salt, iv []byte, iter int, plain []byte) []byte {
	t.Helper()
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	pad := 16 - len(plain)%16
	in := append(bytes.Clone(plain), bytes.Repeat([]byte{byte(pad)}, pad)...)
	out := make([]byte, len(in))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, in)
	return out
}

func TestPBES2RoundTrip(t *testing.T) {
	salt, iv := []byte("saltsaltsaltsalt"), bytes.Repeat([]byte{7}, 16)
	plain := []byte("\x30\x03\x02\x01\x00 a private key, or so")
	ct := encryptAES256CBC(t, "pässword", salt, iv, 1000, plain)

	s, err := ParseScheme(pbes2AlgID(salt, iv, 1000, 0))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)" || s.Iterations != 1000 || s.BMPPassword {
		t.Fatalf("parsed %+v", s)
	}
	got, err := s.Decrypt([]byte("pässword"), ct)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Decrypt = %q, %v; want the plaintext", got, err)
	}
	// A wrong password: the padding fails (or, 1 in 256, verifies by chance).
	if got, err := s.Decrypt([]byte("wrong"), ct); err == nil && bytes.Equal(got, plain) {
		t.Fatal("a wrong password decrypted to the plaintext")
	}
}

func TestParseSchemeRefuses(t *testing.T) {
	salt, iv := []byte("saltsalt"), bytes.Repeat([]byte{1}, 16)
	tests := []struct {
		name string
		alg  []byte
		want error
	}{
		{"keyLength that does not fit AES-256", pbes2AlgID(salt, iv, 10, 16), ErrMalformed},
		{"IV of the wrong size", pbes2AlgID(salt, iv[:8], 10, 0), ErrMalformed},
		{"unknown scheme", algID1(encasn1.ObjectIdentifier{1, 2, 3, 4}), ErrUnsupported},
		{"GOST scheme", algID1(oidGOST28147), ErrUnsupported},
		{"truncated", pbes2AlgID(salt, iv, 10, 0)[:20], ErrMalformed},
		{"empty", nil, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScheme(tt.alg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func algID1(oid encasn1.ObjectIdentifier) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) })
	return b.BytesOrPanic()
}

// TestHugeIterationCountIsReportedNotDerived: a count beyond int64 comes back
// as math.MaxInt so the caller's limit refuses it; nothing is derived while
// parsing.
func TestHugeIterationCountIsReportedNotDerived(t *testing.T) {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidPBEWithSHAAnd3KeyTripleDES)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1OctetString([]byte("saltsalt"))
			b.AddASN1(asn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9}) })
		})
	})
	s, err := ParseScheme(b.BytesOrPanic())
	if err != nil {
		t.Fatal(err)
	}
	if s.Iterations != math.MaxInt {
		t.Fatalf("Iterations = %d, want math.MaxInt", s.Iterations)
	}
	if s.Declared != "599759135032551280150537" {
		t.Errorf("Declared = %q, want the count as declared", s.Declared)
	}
}

// TestDeclaredIterations: whatever its size, a count is kept as declared for
// messages: 2^100 is not reported as 9223372036854775807, nor -2^100 as -1.
func TestDeclaredIterations(t *testing.T) {
	two100 := new(big.Int).Lsh(big.NewInt(1), 100)
	for _, c := range []struct {
		n    *big.Int
		iter int
	}{
		{big.NewInt(2048), 2048},
		{two100, math.MaxInt},
		{new(big.Int).Neg(two100), -1},
		{big.NewInt(0), 0},
	} {
		var b cryptobyte.Builder
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidSHA256)
					b.AddASN1NULL()
				})
				b.AddASN1OctetString(make([]byte, 32))
			})
			b.AddASN1OctetString([]byte("saltsalt"))
			b.AddASN1BigInt(c.n)
		})
		m, err := ParseMacData(b.BytesOrPanic())
		if err != nil {
			t.Fatal(err)
		}
		if m.Iterations != c.iter || m.Declared != c.n.String() {
			t.Errorf("%v: Iterations %d, Declared %q", c.n, m.Iterations, m.Declared)
		}
	}
}

// TestMACWork: PBMAC1 is charged for every PBKDF2 block its key takes (a
// 64-octet key under HMAC-SHA1 is 4 blocks), the classic MAC for one.
func TestMACWork(t *testing.T) {
	for _, c := range []struct {
		name   string
		m      MAC
		blocks int
	}{
		{"classic HMAC-SHA256", MAC{hash: sha256.New}, 1},
		{"PBMAC1 SHA-256, 32-octet key", MAC{pbmac1: true, prf: sha256.New, keyLen: 32}, 1},
		{"PBMAC1 SHA-256, 64-octet key", MAC{pbmac1: true, prf: sha256.New, keyLen: 64}, 2},
		{"PBMAC1 SHA-1, 64-octet key", MAC{pbmac1: true, prf: sha1.New, keyLen: 64}, 4},
		{"PBMAC1 SHA-512, 64-octet key", MAC{pbmac1: true, prf: sha512.New, keyLen: 64}, 1},
	} {
		c.m.Iterations = 1000
		if got := c.m.Work(); got != 1000*c.blocks {
			t.Errorf("%s: Work() = %d, want %d", c.name, got, 1000*c.blocks)
		}
	}
	huge := MAC{pbmac1: true, prf: sha1.New, keyLen: 64, Iterations: math.MaxInt}
	if huge.Work() != math.MaxInt {
		t.Errorf("Work() overflows: %d", huge.Work())
	}
}

func TestSchemeWork(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      Scheme
		blocks int
	}{
		{"PKCS#12 3DES: two SHA-1 blocks for 24 key bytes, one for the IV", Scheme{kind: kindPKCS12, cipher: cipher3DES, keyLen: 24}, 3},
		{"PKCS#12 RC2-40: one block for the key, one for the IV", Scheme{kind: kindPKCS12, cipher: cipherRC2, keyLen: 5}, 2},
		{"PKCS#12 RC4-128: no IV", Scheme{kind: kindPKCS12, cipher: cipherRC4, keyLen: 16}, 1},
		{"PBES2 SHA-256 AES-256: one block", Scheme{kind: kindPBES2, keyLen: 32, prf: sha256.New}, 1},
		{"PBES2 SHA-1 AES-256: two blocks", Scheme{kind: kindPBES2, keyLen: 32, prf: sha1.New}, 2},
		{"PBES1: one chain", Scheme{kind: kindPBES1, keyLen: 8}, 1},
	} {
		tc.s.Iterations = 1000
		if got := tc.s.Work(); got != 1000*tc.blocks {
			t.Errorf("%s: Work() = %d, want %d", tc.name, got, 1000*tc.blocks)
		}
	}
}
