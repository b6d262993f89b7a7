package cert

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
)

// KeyAlgorithm names a private key's algorithm and size ("RSA 2048 bits",
// "ECDSA P-256"), never any of its material.
func KeyAlgorithm(key crypto.PrivateKey) string {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N != nil {
			return fmt.Sprintf("RSA %d bits", k.N.BitLen())
		}
		return "RSA"
	case *ecdsa.PrivateKey:
		if k.Curve != nil {
			return "ECDSA " + k.Curve.Params().Name
		}
		return "ECDSA"
	case ed25519.PrivateKey:
		return "Ed25519"
	case nil:
		return "none"
	}
	return fmt.Sprintf("%T", key)
}
