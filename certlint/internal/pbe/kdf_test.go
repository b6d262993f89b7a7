package pbe

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"testing"
)

// Vectors from go-pkcs12's PBKDF tests (software.sslmate.com/src/go-pkcs12
// v0.7.4), computed by its big.Int implementation of RFC 7292 App. B.2.
func TestPKCS12KDFVectors(t *testing.T) {
	tests := []struct {
		name           string
		salt, password []byte
		id             byte
		iter, n        int
		want           string
	}{
		{"long key (c = 2, step 6C runs)", []byte("\xff\xff\xff\xff\xff\xff\xff\xff"), bmpString("sesame"), 1, 2048, 24,
			"7cd9fd3e2b3be7691a44e3bef0f9ea0fb9b897d4e325d9d1"},
		{"leading zero in I_j", []byte("\xf3\x7e\x05\xb5\x18\x32\x4b\x4b"), []byte{0, 0}, 1, 2048, 24,
			"00f759ff47d14dd03665d5943cb3c4a39a2555c02aed66e1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pkcs12KDF(sha1.New, 20, 64, tt.password, tt.salt, tt.id, tt.iter, tt.n)
			if hex.EncodeToString(got) != tt.want {
				t.Fatalf("got %x, want %s", got, tt.want)
			}
		})
	}
}

// TestAddOneAndBCarries checks step 6C's carry across the whole block.
func TestAddOneAndBCarries(t *testing.T) {
	block := bytes.Repeat([]byte{0xff}, 4)
	addOneAndB(block, []byte{0, 0, 0, 0})
	if !bytes.Equal(block, []byte{0, 0, 0, 0}) {
		t.Fatalf("got %x, want 00000000 (wrapped)", block)
	}
	block = []byte{0, 0, 0xff, 0xfe}
	addOneAndB(block, []byte{0, 0, 0, 1})
	if !bytes.Equal(block, []byte{0, 1, 0, 0}) {
		t.Fatalf("got %x, want 00010000", block)
	}
}

// bmpString for tests: NUL-terminated UCS-2 of an ASCII string.
func bmpString(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r>>8), byte(r))
	}
	return append(out, 0, 0)
}
