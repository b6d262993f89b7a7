package certlint

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"
)

// TestMaxKeys: an input may hold MaxKeys private keys; one more is refused
// with ErrTooLarge (README, Security: "100 keys per input").
func TestMaxKeys(t *testing.T) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	block := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if _, err := Load("keys.pem", bytes.Repeat(block, MaxKeys), nil); err != nil {
		t.Errorf("%d keys: %v, want loaded", MaxKeys, err)
	}
	if _, err := Load("keys.pem", bytes.Repeat(block, MaxKeys+1), nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d keys: %v, want ErrTooLarge", MaxKeys+1, err)
	}
}
