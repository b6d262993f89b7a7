// Package machinetest provides a fake machine.System for tests, as
// net/http/httptest does for servers: a registry, certificate stores, key
// facts and a chain engine held in memory, so that the checks of package
// machine run on every platform.
//
// The fake chain engine does what Windows' does with the LocalMachine
// stores for the purpose of the checks: from the certificate it follows
// issuers (subject name equal to the issuer name, signature verified) through
// LocalMachine\Root, LocalMachine\CA and LocalMachine\My, and reports a chain
// that ends at a certificate of Roots as trusted, one that ends at another
// self-signed certificate as an untrusted root, and one whose issuer is
// nowhere as partial (CERT_TRUST_STATUS). It does not judge validity
// periods, key usages or revocation: certlint's own lints do.
package machinetest

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"time"
	"unicode/utf16"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/machine"
)

// Fake is an in-memory machine.System. The zero value is a computer with no
// OpsMgr settings key, empty stores and no DNS name.
type Fake struct {
	// FQDN is what ComputerFQDN returns, FQDNErr its error.
	FQDN    string
	FQDNErr error
	// Settings holds the values under machine.SettingsKey; nil means the
	// key does not exist. RegErr fails every RegistryValue call.
	Settings map[string]machine.RegValue
	RegErr   error
	// My is LocalMachine\My, UserRoot the user's own Root store, Roots
	// LocalMachine\Root (the chain engine's anchors) and CA
	// LocalMachine\CA, DER certificates in store order.
	My, UserRoot, Roots, CA [][]byte
	// Keys holds the key facts of certificates of My, by their DER bytes
	// (string(der)); a certificate of My not in Keys has GoodKey's.
	Keys map[string]machine.KeyInfo
	// StoreErr fails Certificates for a store, KeyErr every KeyInfo call
	// and ChainErr every chain.Build call.
	StoreErr map[machine.Store]error
	KeyErr   error
	ChainErr error
	// ChainCalls counts chain.Build calls.
	ChainCalls int
}

// GoodKey is the key facts of a certificate imported as OpsMgr needs it: an
// exchange key (AT_KEYEXCHANGE) of a legacy RSA CSP in the computer's key
// set, which opens.
func GoodKey() machine.KeyInfo {
	return machine.KeyInfo{
		Present:   true,
		Container: "te-OpsMgr-1b2c3d4e",
		Provider:  "Microsoft Enhanced RSA and AES Cryptographic Provider",
		ProvType:  machine.ProvRSAAES,
		KeySpec:   machine.KeySpecExchange,
		Flags:     machine.FlagMachineKeySet,
	}
}

// Binary is a REG_BINARY value.
func Binary(b []byte) machine.RegValue {
	return machine.RegValue{KeyExists: true, Exists: true, Type: machine.RegBinary, Data: b, Size: len(b)}
}

// String is a REG_SZ value (UTF-16LE with its terminating NUL, as stored).
func String(s string) machine.RegValue {
	var b []byte
	for _, u := range append(utf16.Encode([]rune(s)), 0) {
		b = append(b, byte(u), byte(u>>8))
	}
	return machine.RegValue{KeyExists: true, Exists: true, Type: machine.RegSZ, Data: b, Size: len(b)}
}

// RegistrySerial is the ChannelCertificateSerialNumber MOMCertImport writes
// for a DER certificate: its serial number's bytes, reversed.
func RegistrySerial(der []byte) []byte {
	b, err := hex.DecodeString(cert.Describe(&cert.Certificate{Raw: der}).RegistrySerial)
	if err != nil {
		panic(err)
	}
	return b
}

// Thumbprint is the certificate's SHA-1 thumbprint, as Windows shows it.
func Thumbprint(der []byte) string {
	return cert.Describe(&cert.Certificate{Raw: der}).SHA1
}

// Register records der as MOMCertImport and field scripts do: its serial
// number reversed as ChannelCertificateSerialNumber and its thumbprint as
// ChannelCertificateHash.
func (f *Fake) Register(der []byte) {
	if f.Settings == nil {
		f.Settings = map[string]machine.RegValue{}
	}
	f.Settings[machine.ValueSerial] = Binary(RegistrySerial(der))
	f.Settings[machine.ValueHash] = String(Thumbprint(der))
}

// RegistryValue implements machine.System.
func (f *Fake) RegistryValue(name string) (machine.RegValue, error) {
	if f.RegErr != nil {
		return machine.RegValue{}, f.RegErr
	}
	if f.Settings == nil {
		return machine.RegValue{}, nil
	}
	v, ok := f.Settings[name]
	if !ok {
		return machine.RegValue{KeyExists: true}, nil
	}
	return v, nil
}

// Certificates implements machine.System.
func (f *Fake) Certificates(s machine.Store) ([][]byte, error) {
	if err := f.StoreErr[s]; err != nil {
		return nil, err
	}
	switch s {
	case machine.StoreMy:
		return f.My, nil
	case machine.StoreUserRoot:
		return f.UserRoot, nil
	}
	return nil, fmt.Errorf("unknown store %s", s)
}

// KeyInfo implements machine.System.
func (f *Fake) KeyInfo(cert []byte) (machine.KeyInfo, error) {
	if f.KeyErr != nil {
		return machine.KeyInfo{}, f.KeyErr
	}
	found := false
	for _, c := range f.My {
		found = found || bytes.Equal(c, cert)
	}
	if !found {
		return machine.KeyInfo{}, fmt.Errorf("the certificate is no longer in the store")
	}
	if ki, ok := f.Keys[string(cert)]; ok {
		return ki, nil
	}
	return GoodKey(), nil
}

// ComputerFQDN implements machine.System.
func (f *Fake) ComputerFQDN() (string, error) { return f.FQDN, f.FQDNErr }

// chain.Build implements machine.System (see the package comment).
func (f *Fake) BuildChain(cert []byte, _ time.Time) (*machine.Chain, error) {
	f.ChainCalls++
	if f.ChainErr != nil {
		return nil, f.ChainErr
	}
	cur, err := x509.ParseCertificate(cert)
	if err != nil {
		return nil, err
	}
	ch := &machine.Chain{Certs: [][]byte{cert}}
	for range 16 {
		if bytes.Equal(cur.RawSubject, cur.RawIssuer) && cur.CheckSignatureFrom(cur) == nil {
			if !contains(f.Roots, cur.Raw) {
				ch.ErrorStatus |= machine.TrustIsUntrustedRoot
			}
			return ch, nil
		}
		next := f.issuer(cur)
		if next == nil {
			ch.ErrorStatus |= machine.TrustIsPartialChain
			return ch, nil
		}
		ch.Certs = append(ch.Certs, next.Raw)
		cur = next
	}
	ch.ErrorStatus |= machine.TrustIsPartialChain
	return ch, nil
}

func (f *Fake) issuer(c *x509.Certificate) *x509.Certificate {
	for _, store := range [][][]byte{f.Roots, f.CA, f.My} {
		for _, der := range store {
			p, err := x509.ParseCertificate(der)
			if err != nil || bytes.Equal(p.Raw, c.Raw) || !bytes.Equal(p.RawSubject, c.RawIssuer) {
				continue
			}
			if p.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil {
				return p
			}
		}
	}
	return nil
}

func contains(list [][]byte, der []byte) bool {
	for _, c := range list {
		if bytes.Equal(c, der) {
			return true
		}
	}
	return false
}
