package certlint

import (
	"bytes"
	"crypto"
	"fmt"
	"slices"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
)

// Format is the container format of an input, detected from its content.
type Format string

const (
	FormatPKCS12 Format = "pkcs12" // PKCS#12 / PFX (RFC 7292), DER or BER
	FormatPEM    Format = "pem"    // PEM text blocks (RFC 7468)
	FormatDER    Format = "der"    // a DER certificate, several concatenated, or a DER private key
	FormatPKCS7  Format = "pkcs7"  // a PKCS#7 SignedData of certificates, a .p7b (RFC 2315 §9.1)
)

// KeySpec is the Windows key specification a PFX key will be imported with,
// from the Microsoft key usage attribute (OID 2.5.29.15) in the PKCS#8
// attributes of the key bag.
type KeySpec int

const (
	// KeySpecUnspecified: the attribute is absent; Windows decides at import
	// (CryptoAPI imports as AT_KEYEXCHANGE unless told otherwise).
	KeySpecUnspecified KeySpec = iota
	// KeySpecExchange: KEY_EX (0x10), imported as AT_KEYEXCHANGE.
	KeySpecExchange
	// KeySpecSignature: KEY_SIG (0x80) only, imported as AT_SIGNATURE.
	KeySpecSignature
	// KeySpecUnknown: the attribute is present but could not be read, or
	// the key bag could not be decrypted to read it.
	KeySpecUnknown
)

// String names the key specification as Windows does (AT_KEYEXCHANGE,
// AT_SIGNATURE), or says "unspecified" or "unknown".
func (k KeySpec) String() string {
	switch k {
	case KeySpecExchange:
		return "AT_KEYEXCHANGE"
	case KeySpecSignature:
		return "AT_SIGNATURE"
	case KeySpecUnspecified:
		return "unspecified"
	}
	return "unknown"
}

// PFXKey holds what a PFX says around one private key bag.
type PFXKey struct {
	// Provider is the Windows CSP or KSP name (bag attribute
	// 1.3.6.1.4.1.311.17.1), "" when absent.
	Provider string
	// KeyUsage is the raw value of the Microsoft key usage attribute 2.5.29.15
	// (0x10 KEY_EX, 0x80 KEY_SIG, 0x90 both); HasKeyUsage says whether it is present.
	KeyUsage    byte
	HasKeyUsage bool
	// KeySpec is KeyUsage interpreted as Windows does.
	KeySpec KeySpec
	// LocalMachine is true when the bag carries the local-machine key set
	// attribute 1.3.6.1.4.1.311.17.2.
	LocalMachine bool
	FriendlyName string
	LocalKeyID   []byte
	// Shrouded is true for a PKCS#8 shrouded (encrypted) key bag, false for a
	// plain key bag.
	Shrouded bool
	// Encryption names the key bag's PBE scheme, Iterations its KDF count.
	Encryption string
	Iterations int
}

// PFXInfo holds the PKCS#12 facts that go-pkcs12 does not expose.
type PFXInfo struct {
	HasMAC        bool
	MACAlgorithm  string // e.g. "HMAC-SHA256"
	MACIterations int
	// CertEncryption names the PBE scheme of the encrypted safe holding the
	// certificates ("" when they are in the clear), CertIterations its count.
	CertEncryption string
	CertIterations int
	Keys           []PFXKey
	// FriendlyNames of the certificate bags, in order ("" where absent).
	CertFriendlyNames []string
}

// Bundle is everything certlint read from one input.
type Bundle struct {
	// Name is the input's name as given to Load (a path or "-").
	Name   string
	Format Format
	// Leaf is the certificate the input is about (nil when it holds none).
	Leaf *cert.Certificate
	// LeafReason says how the leaf was chosen ("matches the private key",
	// "the only certificate that is not a CA", ...).
	LeafReason string
	// LeafAmbiguous is true when several certificates could be the leaf and
	// certlint picked the first.
	LeafAmbiguous bool
	// Others are the remaining certificates (chain candidates), input order.
	Others []*cert.Certificate
	// Key is the private key (nil when the input has none).
	Key crypto.PrivateKey
	// KeyCount is the number of private keys found.
	KeyCount int
	// KeyMatchesLeaf is true when Key's public key equals the leaf's.
	KeyMatchesLeaf bool
	// KeyError is set when a private key is present but unusable (fails to
	// parse or fails its own consistency check).
	KeyError error
	// PFX is set for PKCS#12 inputs.
	PFX *PFXInfo
	// KeyBag is the element of PFX.Keys that holds Key (or, when no key is
	// usable, the key KeyError is about): the provider, key specification
	// and key set Windows will import it with. nil when the input is not a
	// PFX or holds no key.
	KeyBag *PFXKey
	// Part and Parts are set on the bundles Split makes from an input that
	// holds several end-entity certificates and no private key: this bundle
	// is about the Part-th of them (1-based, input order) of Parts. Both are
	// 0 for a bundle that is the whole input.
	Part, Parts int
}

// Certificates returns the leaf followed by the other certificates.
func (b *Bundle) Certificates() []*cert.Certificate {
	out := make([]*cert.Certificate, 0, 1+len(b.Others))
	if b.Leaf != nil {
		out = append(out, b.Leaf)
	}
	return append(out, b.Others...)
}

// ChainInput returns what chain.Build builds a chain for: the leaf, the
// other certificates of the input, and the input's name.
func (b *Bundle) ChainInput() chain.Input {
	if b == nil {
		return chain.Input{}
	}
	return chain.Input{Leaf: b.Leaf, Others: b.Others, File: b.Name}
}

// EndEntities returns the input's end-entity certificates, in input order:
// those that are not CAs (basicConstraints cA absent or false, RFC 5280
// §4.2.1.9) and that issued none of the input's other certificates (a
// version 1 root has no basicConstraints; the certificate it signed shows
// what it is). A certificate no parser could read counts as an end entity:
// nothing says it is a CA.
func (b *Bundle) EndEntities() []*cert.Certificate {
	if b == nil {
		return nil
	}
	all := b.inputOrder()
	var out []*cert.Certificate
	for _, c := range all {
		if isCA(c) {
			continue
		}
		issuedOther := false
		if subj, _ := rawNames(c); subj != nil {
			for _, o := range all {
				if o == c || selfIssued(o) {
					continue
				}
				if _, iss := rawNames(o); iss != nil && bytes.Equal(subj, iss) {
					issuedOther = true
					break
				}
			}
		}
		if !issuedOther {
			out = append(out, c)
		}
	}
	return out
}

// inputOrder returns the bundle's certificates in the order of the input
// (by Index; leaf first for certificates without one).
func (b *Bundle) inputOrder() []*cert.Certificate {
	all := b.Certificates()
	slices.SortStableFunc(all, func(x, y *cert.Certificate) int {
		if x.Index == 0 || y.Index == 0 {
			return 0
		}
		return x.Index - y.Index
	})
	return all
}

// Split returns the bundles to lint for this input, so that no certificate
// of it goes unchecked. An input that holds several end-entity certificates
// (EndEntities) and no private key — a PEM or PKCS#7 bundle of several
// computers' certificates, or an old and a renewed one — is about each of
// them: Split returns one bundle per end-entity certificate, in input order,
// each with that certificate as its Leaf, the input's other certificates
// that are not end entities (its CAs) as Others, and Part and Parts set.
// Any other input is about one certificate (with a private key, the key's
// certificate, see Load) and Split returns b alone; the lint
// w_opsmgr_extra_end_entity_certificate reports end-entity certificates
// beside that one.
func (b *Bundle) Split() []*Bundle {
	if b == nil || b.KeyCount > 0 || b.Part != 0 {
		return []*Bundle{b}
	}
	ees := b.EndEntities()
	if len(ees) < 2 {
		return []*Bundle{b}
	}
	var cas []*cert.Certificate
	for _, c := range b.inputOrder() {
		if !slices.Contains(ees, c) {
			cas = append(cas, c)
		}
	}
	out := make([]*Bundle, len(ees))
	for i, c := range ees {
		nb := *b
		nb.Leaf = c
		nb.LeafReason = fmt.Sprintf("end-entity certificate %d of the %d in the input, which holds no private key: each is linted on its own", i+1, len(ees))
		nb.LeafAmbiguous = false
		nb.Others = slices.Clone(cas)
		nb.KeyMatchesLeaf = false
		nb.Part, nb.Parts = i+1, len(ees)
		out[i] = &nb
	}
	return out
}
