package pbe

import (
	"bytes"
	"errors"
	"testing"
)

// bmp is the BMPString encoding of an ASCII password with its NUL
// terminator (RFC 7292 App. B.1).
func bmp(s string) []byte {
	out := make([]byte, 0, 2*len(s)+2)
	for _, c := range []byte(s) {
		out = append(out, 0, c)
	}
	return append(out, 0, 0)
}

// TestPBES2EncryptMatchesStdlib: Encrypt with the PBES2 scheme gives the same
// ciphertext as PBKDF2 + AES-256-CBC done directly with the standard library,
// and the scheme's AlgorithmIdentifier parses back to the same scheme.
func TestPBES2EncryptMatchesStdlib(t *testing.T) {
	salt, iv := []byte("0123456789abcdef"), bytes.Repeat([]byte{9}, 16)
	s, err := NewPBES2AES256(salt, iv, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)" || s.Iterations != 2048 || s.BMPPassword {
		t.Fatalf("scheme %+v", s)
	}
	for _, n := range []int{0, 1, 15, 16, 17, 1200} {
		plain := bytes.Repeat([]byte{0x5a}, n)
		got, err := s.Encrypt([]byte("pässword"), plain)
		if err != nil {
			t.Fatal(err)
		}
		want := encryptAES256CBC(t, "pässword", salt, iv, 2048, plain)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: Encrypt differs from PBKDF2 + AES-256-CBC", n)
		}
		back, err := ParseScheme(s.AlgorithmIdentifier())
		if err != nil {
			t.Fatal(err)
		}
		dec, err := back.Decrypt([]byte("pässword"), got)
		if err != nil || !bytes.Equal(dec, plain) {
			t.Fatalf("%d bytes: the parsed AlgorithmIdentifier does not decrypt it: %v", n, err)
		}
	}
}

// TestTripleDESRoundTrip: what Encrypt writes with the PKCS#12 3DES scheme,
// Decrypt of the parsed AlgorithmIdentifier reads; another password does not.
func TestTripleDESRoundTrip(t *testing.T) {
	s, err := NewPKCS12TripleDES([]byte("saltsalt"), 2048)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "pbeWithSHAAnd3-KeyTripleDES-CBC" || !s.BMPPassword {
		t.Fatalf("scheme %+v", s)
	}
	for _, n := range []int{0, 7, 8, 9, 1217} {
		plain := bytes.Repeat([]byte{0x30}, n)
		ct, err := s.Encrypt(bmp("secret"), plain)
		if err != nil {
			t.Fatal(err)
		}
		if len(ct)%8 != 0 || len(ct) <= n {
			t.Fatalf("%d bytes: ciphertext of %d bytes", n, len(ct))
		}
		back, err := ParseScheme(s.AlgorithmIdentifier())
		if err != nil {
			t.Fatal(err)
		}
		dec, err := back.Decrypt(bmp("secret"), ct)
		if err != nil || !bytes.Equal(dec, plain) {
			t.Fatalf("%d bytes: round trip failed: %v", n, err)
		}
		if dec, err := back.Decrypt(bmp("other"), ct); err == nil && bytes.Equal(dec, plain) {
			t.Fatalf("%d bytes: another password decrypted it", n)
		}
	}
}

func TestMacDataVerifies(t *testing.T) {
	msg := []byte("the AuthenticatedSafe octets")
	for _, alg := range []string{MACSHA256, MACSHA1} {
		m, err := NewMAC(alg, []byte("macsaltmacsalt16"), 2048)
		if err != nil {
			t.Fatal(err)
		}
		der, err := m.MacData(bmp("secret"), msg)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseMacData(der)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != alg || p.Iterations != 2048 || !p.BMPPassword {
			t.Fatalf("%s: parsed as %s, %d iterations", alg, p.Name, p.Iterations)
		}
		if ok, err := p.Verify(bmp("secret"), msg); !ok || err != nil {
			t.Fatalf("%s: does not verify: %v", alg, err)
		}
		if ok, _ := p.Verify(bmp("secreT"), msg); ok {
			t.Fatalf("%s: verifies with another password", alg)
		}
		if ok, _ := p.Verify(bmp("secret"), append(bytes.Clone(msg), 0)); ok {
			t.Fatalf("%s: verifies over another message", alg)
		}
	}
}

func TestWriterRefuses(t *testing.T) {
	if _, err := NewPBES2AES256([]byte("salt"), make([]byte, 16), 0); !errors.Is(err, ErrMalformed) {
		t.Errorf("0 iterations: err = %v", err)
	}
	if _, err := NewPBES2AES256([]byte("salt"), make([]byte, 8), 1); !errors.Is(err, ErrMalformed) {
		t.Errorf("an 8-byte IV for AES: err = %v", err)
	}
	if _, err := NewMAC("HMAC-MD5", nil, 1); !errors.Is(err, ErrUnsupported) {
		t.Errorf("HMAC-MD5: err = %v", err)
	}
	parsed, err := ParseMacData(mustMacData(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parsed.MacData(nil, nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("a parsed MAC wrote MacData: err = %v", err)
	}
}

func mustMacData(t *testing.T) []byte {
	m, err := NewMAC(MACSHA1, []byte("saltsalt"), 1)
	if err != nil {
		t.Fatal(err)
	}
	der, err := m.MacData(nil, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	return der
}
