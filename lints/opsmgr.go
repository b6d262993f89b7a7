// Package lints holds certlint's OpsMgr lints, one lint per file named
// after the lint, its table test beside it. Importing the package registers every
// lint with certlint (and the leaf-only ones with zlint's global registry,
// source "OpsMgr"):
//
//	import _ "github.com/certlint/certlint/lints"
//
// Each lint names the Operations Manager connector event its defect raises
// first (for this computer's own certificate, the load event that names the
// cause), the events that follow it (21021, 21007, 21016; the sender's 20071
// after the receiver's 20072), the public source of that mapping and how sure
// it is (events.Confidence), and how to fix the defect, worded for the
// computer that owns the certificate. The sources are Microsoft's
// troubleshooting articles (KB10066, KB2288515, KB947691), its "Obtain a
// certificate for use with Windows Servers and System Center Operations
// Manager" page, and field reports; events.Lookup has them.
//
// The lints know the bundle, its chain and the run's configuration; they
// must not know how an input was read or how a report is written.
package lints

import (
	"encoding/asn1"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
	"github.com/zmap/zlint/v3/util"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Citations shared by the lints (a title and a public URL each).
const (
	citeMSDoc = `Microsoft Learn, "Obtain a certificate for use with Windows Servers and System Center Operations Manager": ` +
		events.URLObtainCertificate
	citeKB947691 = `Microsoft KB947691, "Can't monitor a workgroup computer without a gateway server": ` + events.URLWorkgroup
	citeKB10066  = `Microsoft KB10066, "Troubleshoot agent connectivity issues in Operations Manager" (OpsMgr Connector event table): ` +
		events.URLAgentConnectivity
	citeKB2288515   = `Microsoft KB2288515, "Troubleshoot gray agent states in System Center Operations Manager": ` + events.URLGrayAgents
	citeFieldScript = "Test-SCOMCertificate.ps1 (field script, blakedrumm/SCOM-Scripts-and-SQL): " + events.URLFieldScript
	citeFieldGuide  = "Pete Zerger, master list of OpsMgr 2007 mutual authentication errors (field reports): " + events.URLFieldGuide
)

// Event IDs of the OpsMgr connector ("OpsMgr Connector" source, Operations
// Manager event log) that the lints in this package map to. See
// events.Lookup for what each means.
const (
	eventKeyUsage         = 20049 // load: key usage (no public message text; inferred)
	eventEKU              = 20050 // load: enhanced key usage
	eventNotValid         = 20051 // load: outside the validity period
	eventName             = 20052 // load: subject name is not the computer's name
	eventUnusableKey      = 20068 // load: no usable private key
	eventKeySpec          = 20069 // load: KeySpec must be AT_KEYEXCHANGE
	eventRefused          = 20071 // sender: the peer closed before authentication
	eventSubjectLocal     = 20075 // load: subject or issuer unreadable
	eventSubjectRemote    = 20076 // receiver: peer's subject or issuer unreadable
	eventNoProperties     = 20077 // load: key properties cannot be queried (no key)
	eventNoSecure         = 21007 // each connection attempt: no usable certificate
	eventNoChannel        = 21016 // no server left to try
	eventNoCertLoaded     = 21021 // right after a load event
	eventNoCertConfigured = 21022 // no certificate registered (MOMCertImport not run)
	eventNoPrivateKey     = 21036 // registered certificate unusable (key)
)

// afterLoad lists the related events of a defect of this computer's own
// certificate: extra (other events the same defect may raise), then what the
// connector logs after the load event, in order (21021, then 21007 on each
// connection attempt, then 21016).
func afterLoad(extra ...int) []int {
	return append(extra, eventNoCertLoaded, eventNoSecure, eventNoChannel)
}

// ownerFix words a fix for the computer that owns the certificate: this
// computer for role local, the peer (a management server or gateway) for
// role remote. body is written for either ("the computer", "its").
func ownerFix(body string) (local, remote string) {
	return "On this computer: " + body,
		"On the management server or gateway this certificate belongs to (not on this computer, which only receives it): " + body
}

// Text shared by fix hints.
const (
	fixRequestFromTemplate = "request a new certificate from the OpsMgr certificate template, or with the settings of Microsoft's " +
		`"Obtain a certificate" page: CN = the computer's FQDN, Server + Client Authentication EKUs, key usage digitalSignature + ` +
		`keyEncipherment, RSA 2048+ in the legacy CSP "` + events.RecommendedCSP + `" with KeySpec 1 (AT_KEYEXCHANGE), SHA-256; ` +
		"import it into the Local Computer Personal store, run MOMCertImport again and restart HealthService."
	fixReimportLegacyCSP = `import the PFX into the legacy CryptoAPI CSP as an exchange key, from an elevated prompt: ` +
		`certutil -f -csp "` + events.RecommendedCSP + `" -importPFX My <file.pfx> AT_KEYEXCHANGE ` +
		`(or re-create the PFX with openssl pkcs12 -export -keyex -CSP "` + events.RecommendedCSP + `"), ` +
		"then run MOMCertImport again and restart HealthService."
)

// leaf returns the parsed leaf of in, or nil.
func leaf(in *certlint.Input) *zx509.Certificate {
	if in == nil || in.Bundle == nil || in.Leaf == nil {
		return nil
	}
	return in.Leaf.Parsed
}

func result(status lint.LintStatus, format string, args ...any) *lint.LintResult {
	return &lint.LintResult{Status: status, Details: fmt.Sprintf(format, args...)}
}

// pass is the result of a bundle lint that found nothing: one value, shared
// (certlint only reads a bundle lint's result; BundleLintInterface).
func pass() *lint.LintResult { return &passResult }

var passResult = lint.LintResult{Status: lint.Pass}

// newPass is the result of a certificate lint that found nothing, a new
// value each time: these lints are also in zlint's registry, whose
// ResultSet writes the lint's metadata into the result it gets.
func newPass() *lint.LintResult { return &lint.LintResult{Status: lint.Pass} }

// sharedLint is the factory of a lint whose value is never changed after
// registration (its fields only configure it): every run gets the same
// value, rather than a copy made per lint per input.
func sharedLint(l certlint.BundleLintInterface) func() certlint.BundleLintInterface {
	return func() certlint.BundleLintInterface { return l }
}

// roleLocal reports whether the run lints this computer's own certificate
// (the default when Config.Role is empty).
func roleLocal(in *certlint.Input) bool {
	return in.Config.Role == "" || in.Config.Role == certlint.RoleLocal
}

var (
	oidServerAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
	oidClientAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
)

var ekuNames = map[string]string{
	"1.3.6.1.5.5.7.3.1":      "Server Authentication",
	"1.3.6.1.5.5.7.3.2":      "Client Authentication",
	"1.3.6.1.5.5.7.3.3":      "Code Signing",
	"1.3.6.1.5.5.7.3.4":      "Secure Email",
	"1.3.6.1.5.5.7.3.8":      "Time Stamping",
	"1.3.6.1.5.5.7.3.9":      "OCSP Signing",
	"1.3.6.1.4.1.311.10.3.4": "Encrypting File System",
	"1.3.6.1.4.1.311.20.2.2": "Smart Card Logon",
	"2.5.29.37.0":            "Any Purpose",
}

// ekuString renders an EKU OID with its Windows display name when known.
func ekuString(oid asn1.ObjectIdentifier) string {
	s := oid.String()
	if n, ok := ekuNames[s]; ok {
		return s + " (" + n + ")"
	}
	return s
}

// ekuOIDs returns the OIDs of the leaf's extended key usage extension, in
// certificate order, read from the raw extension so that OIDs unknown to the
// parser are kept. present is false when the extension is absent.
func ekuOIDs(c *zx509.Certificate) (oids []asn1.ObjectIdentifier, present bool, err error) {
	ext := util.GetExtFromCert(c, util.EkuSynOid)
	if ext == nil {
		return nil, false, nil
	}
	rest, err := asn1.Unmarshal(ext.Value, &oids)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("trailing data after the extended key usage extension")
	}
	return oids, true, err
}

// Provider classification for the PFX CSP-name attribute (1.3.6.1.4.1.311.17.1).
//
// OpsMgr needs the key in a legacy CryptoAPI CSP as AT_KEYEXCHANGE; keys in a
// CNG key storage provider are not supported (Microsoft's "Obtain a
// certificate" doc). The rule certlint applies to the provider name:
//   - a name in legacyRSAExchangeCSPs (the RSA-capable CryptoAPI CSPs Windows
//     ships, from wincrypt.h MS_*_PROV) is good;
//   - a name ending in "Key Storage Provider" (every CNG KSP Microsoft and the
//     HSM vendors ship is named so) or in cngProviders (CNG KSPs whose name
//     does not say so, like the TPM's "Microsoft Platform Crypto Provider") is
//     a CNG KSP: error, event 20069;
//   - anything else (a vendor CSP, a DSS/DH or signature-only CSP, a typo) is
//     unrecognized: certlint cannot tell whether it can hold an RSA exchange
//     key, so it warns instead of guessing.
var legacyRSAExchangeCSPs = map[string]bool{
	"microsoft base cryptographic provider v1.0":                        true, // MS_DEF_PROV
	"microsoft enhanced cryptographic provider v1.0":                    true, // MS_ENHANCED_PROV
	"microsoft strong cryptographic provider":                           true, // MS_STRONG_PROV
	"microsoft enhanced rsa and aes cryptographic provider":             true, // MS_ENH_RSA_AES_PROV
	"microsoft enhanced rsa and aes cryptographic provider (prototype)": true, // MS_ENH_RSA_AES_PROV_XP
	"microsoft rsa schannel cryptographic provider":                     true, // MS_DEF_RSA_SCHANNEL_PROV
	"microsoft base smart card crypto provider":                         true, // MS_SCARD_PROV
}

var cngProviders = map[string]bool{
	"microsoft platform crypto provider":      true, // MS_PLATFORM_CRYPTO_PROVIDER (TPM)
	"microsoft passport key storage provider": true,
}

// knownNonExchangeCSPs cannot hold an RSA key exchange key at all.
var knownNonExchangeCSPs = map[string]bool{
	"microsoft rsa signature cryptographic provider":                   true, // PROV_RSA_SIG
	"microsoft base dss cryptographic provider":                        true,
	"microsoft base dss and diffie-hellman cryptographic provider":     true,
	"microsoft enhanced dss and diffie-hellman cryptographic provider": true,
	"microsoft dh schannel cryptographic provider":                     true,
}

func normProvider(p string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimRight(p, "\x00")))
}

// isCNGProvider reports whether the provider name denotes a CNG key storage provider.
func isCNGProvider(p string) bool {
	n := normProvider(p)
	return strings.HasSuffix(n, "key storage provider") || cngProviders[n]
}

// isLegacyRSACSP reports whether the provider is a known RSA-exchange CryptoAPI CSP.
func isLegacyRSACSP(p string) bool { return legacyRSAExchangeCSPs[normProvider(p)] }

// keyLabel names a PFX key bag for messages: its friendly name, else its index.
func keyLabel(k certlint.PFXKey, i, n int) string {
	if k.FriendlyName != "" {
		return fmt.Sprintf("key %q", k.FriendlyName)
	}
	if n == 1 {
		return "the key"
	}
	return fmt.Sprintf("key #%d", i+1)
}

// nameAttr is one attribute of a distinguished name, decoded tolerantly.
type nameAttr struct {
	Type  asn1.ObjectIdentifier
	Tag   int
	Value string
	// Err is set when the value cannot be decoded as its string type says.
	Err error
}

// parseName walks a DER Name (RFC 5280 4.1.2.4: SEQUENCE OF SET OF
// AttributeTypeAndValue) without rejecting bad string values, so that a lint
// can say which attribute is broken. err is set when the structure itself
// is broken.
func parseName(raw []byte) ([]nameAttr, error) {
	if attrs, ok := parseNameDER(raw); ok {
		return attrs, nil
	}
	return parseNameGeneral(raw)
}

// parseNameGeneral is parseName through encoding/asn1, for any input.
func parseNameGeneral(raw []byte) ([]nameAttr, error) {
	var rdns []asn1.RawValue
	rest, err := asn1.Unmarshal(raw, &rdns)
	if err != nil {
		return nil, fmt.Errorf("the name is not valid DER: %v", err)
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("trailing data after the name")
	}
	var out []nameAttr
	for _, rdn := range rdns {
		if rdn.Class != asn1.ClassUniversal || rdn.Tag != asn1.TagSet {
			return nil, fmt.Errorf("a relative distinguished name is not a SET")
		}
		b := rdn.Bytes
		for len(b) > 0 {
			var atv struct {
				Type  asn1.ObjectIdentifier
				Value asn1.RawValue
			}
			b, err = asn1.Unmarshal(b, &atv)
			if err != nil {
				return nil, fmt.Errorf("an attribute is not valid DER: %v", err)
			}
			a := nameAttr{Type: atv.Type, Tag: atv.Value.Tag}
			a.Value, a.Err = decodeDirectoryString(atv.Value)
			out = append(out, a)
		}
	}
	return out, nil
}

// parseNameDER is parseName for a name in strict DER whose every attribute
// is a SEQUENCE of exactly a type and a value with a one-byte tag (real
// names), read with cryptobyte rather than encoding/asn1's reflection; it
// gives what parseName gives for such a name. ok is false for any other
// input, which parseName then reads (and explains) the general way.
func parseNameDER(raw []byte) ([]nameAttr, bool) {
	in := cryptobyte.String(raw)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, false
	}
	var out []nameAttr
	for !seq.Empty() {
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return nil, false
		}
		for !set.Empty() {
			var atv, value cryptobyte.String
			var oid asn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) ||
				!atv.ReadAnyASN1(&value, &tag) || !atv.Empty() {
				return nil, false
			}
			v := asn1.RawValue{Class: int(tag >> 6), Tag: int(tag & 0x1f), IsCompound: tag&0x20 != 0, Bytes: value}
			a := nameAttr{Type: oid, Tag: v.Tag}
			a.Value, a.Err = decodeDirectoryString(v)
			out = append(out, a)
		}
	}
	return out, true
}

// decodeDirectoryString decodes an X.520 DirectoryString (or IA5String)
// value the way RFC 5280 4.1.2.4 defines its types.
func decodeDirectoryString(v asn1.RawValue) (string, error) {
	if v.Class != asn1.ClassUniversal {
		return "", fmt.Errorf("value has a non-universal tag [%d]", v.Tag)
	}
	switch v.Tag {
	case asn1.TagUTF8String:
		if !utf8.Valid(v.Bytes) {
			return "", fmt.Errorf("UTF8String holds invalid UTF-8")
		}
		return string(v.Bytes), nil
	case asn1.TagPrintableString:
		// Only bytes no decoder accepts are refused: Windows and Go both
		// tolerate '*', '&' and other ASCII outside the strict PrintableString set.
		for _, c := range v.Bytes {
			if c < 0x20 || c >= 0x7f {
				return "", fmt.Errorf("PrintableString holds the byte 0x%02x", c)
			}
		}
		return string(v.Bytes), nil
	case asn1.TagIA5String, asn1.TagT61String:
		for _, c := range v.Bytes {
			if c >= 0x80 && v.Tag == asn1.TagIA5String {
				return "", fmt.Errorf("IA5String holds the byte 0x%02x", c)
			}
		}
		if v.Tag == asn1.TagT61String {
			// TeletexString: decoded as Latin-1, as Windows and Go do.
			r := make([]rune, len(v.Bytes))
			for i, c := range v.Bytes {
				r[i] = rune(c)
			}
			return string(r), nil
		}
		return string(v.Bytes), nil
	case asn1.TagBMPString:
		if len(v.Bytes)%2 != 0 {
			return "", fmt.Errorf("BMPString has an odd length")
		}
		u := make([]uint16, len(v.Bytes)/2)
		for i := range u {
			u[i] = uint16(v.Bytes[2*i])<<8 | uint16(v.Bytes[2*i+1])
		}
		return string(utf16.Decode(u)), nil
	case 28: // UniversalString, UCS-4
		if len(v.Bytes)%4 != 0 {
			return "", fmt.Errorf("UniversalString length is not a multiple of 4")
		}
		var sb strings.Builder
		for i := 0; i < len(v.Bytes); i += 4 {
			r := rune(v.Bytes[i])<<24 | rune(v.Bytes[i+1])<<16 | rune(v.Bytes[i+2])<<8 | rune(v.Bytes[i+3])
			if !utf8.ValidRune(r) {
				return "", fmt.Errorf("UniversalString holds an invalid character")
			}
			sb.WriteRune(r)
		}
		return sb.String(), nil
	}
	return "", fmt.Errorf("value has the non-string type tag %d", v.Tag)
}

// commonNames returns the decoded CN values of a name and the first decoding
// error of a CN.
func commonNames(attrs []nameAttr) (cns []string, err error) {
	for _, a := range attrs {
		if !a.Type.Equal(asn1.ObjectIdentifier(util.CommonNameOID)) {
			continue
		}
		if a.Err != nil && err == nil {
			err = a.Err
		}
		if a.Err == nil {
			cns = append(cns, a.Value)
		}
	}
	return cns, err
}

// Bounds of the lists a message quotes: a certificate may hold hundreds of
// thousands of names, and a name megabytes, but a message names a few.
const (
	maxListed   = 10  // items shown; the rest are counted
	maxItemText = 255 // bytes of one item shown (a DNS name has at most 253, RFC 1035 §2.3.4)
)

// quoteList renders names for a message: "a", "b" (at most maxListed, each
// cut after maxItemText bytes).
func quoteList(ss []string) string {
	q := make([]string, 0, min(len(ss), maxListed))
	for _, s := range ss[:min(len(ss), maxListed)] {
		if len(s) > maxItemText {
			s = strings.ToValidUTF8(s[:maxItemText], "") + "..."
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return capList(q, len(ss), ", ")
}

// capList joins items, the first maxListed of total, and says how many more
// there are.
func capList(items []string, total int, sep string) string {
	items = items[:min(len(items), maxListed)]
	if total <= len(items) {
		return strings.Join(items, sep)
	}
	return strings.Join(items, sep) + fmt.Sprintf("%sand %d more", sep, total-len(items))
}
