// Package stage puts a Windows computer (in practice a Wine prefix) into the
// state a test of certlint machine needs: certificates in LocalMachine\My
// with their private keys in CryptoAPI key containers and the
// CERT_KEY_PROV_INFO property a PFX import leaves, roots in the user's Root
// store, and the OpsMgr registry values MOMCertImport writes.
//
// Wine's PFX import does not honour the provider and key specification
// attributes of a PFX, so Apply imports each key itself (CryptImportKey of a
// PRIVATEKEYBLOB, as an exchange or a signature key, in the computer's or the
// user's key set) and writes the key property itself, or a property a test
// gives to describe what Wine cannot hold (a CNG key storage provider's key).
//
// It is for tests only: Apply with Reset deletes every certificate of
// LocalMachine\My. The winstage command runs it under Wine.
package stage

import (
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"math/big"
)

// ContainerPrefix starts the name of every key container Apply creates;
// Reset deletes those containers and no other.
const ContainerPrefix = "certlint-test-"

// DefaultProvider is the CSP keys are imported into unless Cert.Provider
// says otherwise, and its provider type (PROV_RSA_AES).
const (
	DefaultProvider = "Microsoft Enhanced RSA and AES Cryptographic Provider"
	DefaultProvType = 24
)

// Plan is the state to stage, applied in field order.
type Plan struct {
	// Reset first deletes every certificate of LocalMachine\My, every
	// certificate of the user's own Root store, the key containers named
	// ContainerPrefix..., and the OpsMgr Machine Settings key.
	Reset bool
	// Certs are added to LocalMachine\My.
	Certs []Cert
	// UserRoots are added to the user's own Root store (the physical store
	// under HKEY_CURRENT_USER).
	UserRoots [][]byte
	// Serial, when not nil, is written as ChannelCertificateSerialNumber
	// (REG_BINARY), and Hash, when not empty, as ChannelCertificateHash
	// (REG_SZ).
	Serial []byte
	Hash   string
}

// Cert is one certificate of LocalMachine\My.
type Cert struct {
	DER []byte
	// Key is the certificate's RSA private key (PKCS#8 DER), imported into
	// a new key container; nil leaves the certificate without a key.
	Key []byte
	// Provider and ProvType name the CSP (DefaultProvider when empty).
	Provider string
	ProvType uint32
	// Signature imports the key as AT_SIGNATURE instead of AT_KEYEXCHANGE.
	Signature bool
	// UserKeySet imports the key into the current user's key set instead
	// of the computer's.
	UserKeySet bool
	// Prop, when set, is written as the certificate's CERT_KEY_PROV_INFO
	// instead of the one describing the imported key.
	Prop *Prop
}

// Prop is a CERT_KEY_PROV_INFO property.
type Prop struct {
	Container string
	Provider  string
	ProvType  uint32
	Flags     uint32
	KeySpec   uint32
}

// Result is what Apply reports.
type Result struct {
	// FQDN is the computer's DNS name (GetComputerNameEx
	// ComputerNameDnsFullyQualified), the name certlint machine checks.
	FQDN string
}

// PrivateKeyBlob encodes an RSA private key as a CryptoAPI PRIVATEKEYBLOB
// for CryptImportKey: BLOBHEADER, RSAPUBKEY ("RSA2"), then modulus, primes,
// exponents, coefficient and private exponent, little-endian (Microsoft
// Learn, "Base Provider Key BLOBs",
// https://learn.microsoft.com/en-us/windows/win32/seccrypto/base-provider-key-blobs).
// signature selects CALG_RSA_SIGN (AT_SIGNATURE) over CALG_RSA_KEYX
// (AT_KEYEXCHANGE). The result is key material: never print it.
func PrivateKeyBlob(k *rsa.PrivateKey, signature bool) ([]byte, error) {
	if len(k.Primes) != 2 {
		return nil, errors.New("a PRIVATEKEYBLOB holds a two-prime RSA key")
	}
	bits := k.N.BitLen()
	if bits%16 != 0 || k.Primes[0].BitLen() > bits/2 || k.Primes[1].BitLen() > bits/2 {
		return nil, errors.New("a PRIVATEKEYBLOB needs a modulus of a multiple of 16 bits and primes of half its length")
	}
	k.Precompute()
	alg := uint32(0xa400) // CALG_RSA_KEYX
	if signature {
		alg = 0x2400 // CALG_RSA_SIGN
	}
	b := []byte{0x07, 0x02, 0, 0} // PRIVATEKEYBLOB, CUR_BLOB_VERSION
	b = binary.LittleEndian.AppendUint32(b, alg)
	b = binary.LittleEndian.AppendUint32(b, 0x32415352) // "RSA2"
	b = binary.LittleEndian.AppendUint32(b, uint32(bits))
	b = binary.LittleEndian.AppendUint32(b, uint32(k.E))
	for _, f := range []struct {
		v *big.Int
		n int
	}{
		{k.N, bits / 8}, {k.Primes[0], bits / 16}, {k.Primes[1], bits / 16},
		{k.Precomputed.Dp, bits / 16}, {k.Precomputed.Dq, bits / 16}, {k.Precomputed.Qinv, bits / 16},
		{k.D, bits / 8},
	} {
		v := f.v.Bytes()
		if len(v) > f.n {
			return nil, errors.New("an RSA key field is longer than the BLOB allows")
		}
		le := make([]byte, f.n)
		for i := range v {
			le[i] = v[len(v)-1-i]
		}
		b = append(b, le...)
	}
	return b, nil
}
