package machine

import (
	"errors"
	"time"
)

// Where MOMCertImport records the certificate the OpsMgr connector
// (HealthService) loads: one REG_BINARY value holding the certificate's serial
// number with its bytes reversed, under the agent's Machine Settings key
// (Microsoft Learn, "Obtain a certificate for use with Windows Servers and
// System Center Operations Manager",
// https://learn.microsoft.com/en-us/system-center/scom/obtain-certificate-windows-server-and-operations-manager).
// Field scripts that register a certificate also write its SHA-1 thumbprint
// as a string (ChannelCertificateHash).
const (
	// SettingsKey is the key under HKEY_LOCAL_MACHINE (64-bit view).
	SettingsKey = `SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\Machine Settings`
	// SettingsPath is SettingsKey as reg.exe and regedit name it.
	SettingsPath = `HKLM\` + SettingsKey
	// ValueSerial is the REG_BINARY serial number, bytes reversed.
	ValueSerial = "ChannelCertificateSerialNumber"
	// ValueHash is the REG_SZ SHA-1 thumbprint, where present.
	ValueHash = "ChannelCertificateHash"
)

// Registry value types (winnt.h REG_*) a RegValue may carry.
const (
	RegSZ       uint32 = 1
	RegExpandSZ uint32 = 2
	RegBinary   uint32 = 3
	RegDWORD    uint32 = 4
	RegMultiSZ  uint32 = 7
	RegQWORD    uint32 = 11
)

// MaxRegValue is the most bytes of a registry value the checks read: a
// serial number is at most 21 bytes (RFC 5280 4.1.2.2 allows 20 octets, plus
// a sign byte) and a thumbprint 40 characters.
const MaxRegValue = 4096

// RegValue is one value under SettingsKey.
type RegValue struct {
	// KeyExists is false when SettingsKey itself is absent (no OpsMgr agent,
	// gateway or management server was ever installed).
	KeyExists bool
	// Exists is false when the value is absent.
	Exists bool
	// Type is the registry type (RegBinary, RegSZ, ...).
	Type uint32
	// Data holds the value's bytes as stored (UTF-16LE for string types),
	// at most MaxRegValue of them; Size is the full size.
	Data []byte
	Size int
}

// Store names a certificate store the checks read.
type Store string

const (
	// StoreMy is the computer's Personal store, where the connector looks
	// for the certificate the registry names.
	StoreMy Store = `LocalMachine\My`
	// StoreUserRoot is the current user's own Trusted Root store: the
	// physical store under HKEY_CURRENT_USER\Software\Microsoft\
	// SystemCertificates\Root, without the computer's roots that the
	// CurrentUser\Root view also shows. The HealthService runs as Local
	// System and never sees it.
	StoreUserRoot Store = `CurrentUser\Root`
)

// MaxStoreCertificates bounds the certificates read from one store.
const MaxStoreCertificates = 10000

// Key specifications and provider types of CRYPT_KEY_PROV_INFO (wincrypt.h).
const (
	// KeySpecCNG: a key held by a CNG key storage provider (dwKeySpec 0).
	KeySpecCNG uint32 = 0
	// KeySpecExchange is AT_KEYEXCHANGE, the only KeySpec OpsMgr accepts.
	KeySpecExchange uint32 = 1
	// KeySpecSignature is AT_SIGNATURE.
	KeySpecSignature uint32 = 2

	// ProvTypeCNG: dwProvType 0, a CNG key storage provider.
	ProvTypeCNG uint32 = 0
	// CryptoAPI provider types able to hold an RSA key exchange key.
	ProvRSAFull     uint32 = 1
	ProvRSASig      uint32 = 2
	ProvDSS         uint32 = 3
	ProvRSASChannel uint32 = 12
	ProvDSSDH       uint32 = 13
	ProvDHSChannel  uint32 = 18
	ProvRSAAES      uint32 = 24

	// FlagMachineKeySet is CRYPT_MACHINE_KEYSET (NCRYPT_MACHINE_KEY_FLAG
	// for CNG keys has the same value): the key lives in the computer's key
	// set, which Local System can open, not in a user's profile.
	FlagMachineKeySet uint32 = 0x20
)

// KeyInfo is what the store says about a certificate's private key: its
// CERT_KEY_PROV_INFO property, and whether the key opens.
type KeyInfo struct {
	// Present is false when the certificate has no CERT_KEY_PROV_INFO
	// property: no private key is associated with it.
	Present bool
	// Container and Provider name the key container and the CSP or KSP.
	Container string
	Provider  string
	// ProvType is the CryptoAPI provider type (ProvTypeCNG for a KSP).
	ProvType uint32
	// KeySpec is KeySpecExchange, KeySpecSignature or KeySpecCNG.
	KeySpec uint32
	// Flags holds CRYPT_KEY_PROV_INFO.dwFlags (FlagMachineKeySet).
	Flags uint32
	// OpenErr is nil when the key opened silently, as the HealthService
	// opens it, and its public key is the certificate's; otherwise it says
	// why not. Meaningless when Present is false.
	OpenErr error
	// OpenDenied is set when opening failed for lack of access (a
	// computer key opened from a process that is not elevated): whether
	// the key works is then unknown.
	OpenDenied bool
}

// Chain is a certificate chain as the Windows chain engine built it.
type Chain struct {
	// Certs holds the DER certificates, leaf first.
	Certs [][]byte
	// ErrorStatus is the chain's CERT_TRUST_STATUS.dwErrorStatus.
	ErrorStatus uint32
}

// CERT_TRUST_STATUS error bits (wincrypt.h) the checks read.
const (
	TrustIsUntrustedRoot     uint32 = 0x00000020
	TrustIsPartialChain      uint32 = 0x00010000
	TrustIsExplicitDistrust  uint32 = 0x04000000
	trustNotReachingAnAnchor        = TrustIsUntrustedRoot | TrustIsPartialChain | TrustIsExplicitDistrust
)

// Trusted reports whether the chain ends at a root of the engine's Trusted
// Root stores (whatever its other defects, which certlint's lints judge).
func (c *Chain) Trusted() bool {
	return c != nil && len(c.Certs) > 0 && c.ErrorStatus&trustNotReachingAnAnchor == 0
}

// System is the part of Windows the checks read. Local returns the real
// one on Windows; tests use a fake.
type System interface {
	// RegistryValue reads one value under SettingsKey.
	RegistryValue(name string) (RegValue, error)
	// Certificates returns the DER certificates of a store, in store order.
	Certificates(s Store) ([][]byte, error)
	// KeyInfo returns the key facts of the certificate of StoreMy with
	// these DER bytes.
	KeyInfo(cert []byte) (KeyInfo, error)
	// ComputerFQDN returns the computer's DNS fully qualified name
	// (GetComputerNameEx ComputerNameDnsFullyQualified).
	ComputerFQDN() (string, error)
	// chain.Build builds the certificate's chain with a chain engine over
	// the LocalMachine stores (CertGetCertificateChain), judged at time at.
	BuildChain(cert []byte, at time.Time) (*Chain, error)
}

// ErrUnsupported is returned by Local on systems other than Windows.
var ErrUnsupported = errors.New("certlint machine runs only on Windows: it reads this computer's registry and certificate stores " +
	"(elsewhere, lint the exported PFX with certlint lint --host <computer FQDN>)")
