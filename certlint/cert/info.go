package cert

import (
	"crypto/sha1"
	"encoding/asn1"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Info identifies a certificate the way a Windows administrator
// finds it again: the thumbprint certmgr and PowerShell show, and the
// registry value MOMCertImport writes.
type Info struct {
	// Subject and Issuer are the distinguished names in RFC 4514 form.
	Subject string `json:"subject"`
	Issuer  string `json:"issuer"`
	// Serial is the serial number's DER content bytes in uppercase hex, as
	// PowerShell's SerialNumber property shows it (RFC 5280 4.1.2.2).
	Serial string `json:"serial"`
	// SHA1 is the Windows thumbprint: SHA-1 of the DER certificate,
	// uppercase hex as certmgr and PowerShell show it.
	SHA1   string `json:"sha1"`
	SHA256 string `json:"sha256"`
	// NotBefore and NotAfter are RFC 3339 times in UTC.
	NotBefore string `json:"not_before"`
	NotAfter  string `json:"not_after"`
	// RegistrySerial is the serial number's bytes in reverse order, uppercase
	// hex: the REG_BINARY value ChannelCertificateSerialNumber MOMCertImport
	// stores under HKLM\SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\
	// Machine Settings, by which the connector finds its certificate
	// (Microsoft Learn, "Obtain a certificate for use with Windows Servers
	// and System Center Operations Manager").
	RegistrySerial string `json:"registry_serial"`
}

// tbsHead is the start of a TBSCertificate (RFC 5280 4.1); the fields after
// subject are not needed and encoding/asn1 ignores them.
type tbsHead struct {
	Version  int `asn1:"optional,explicit,default:0,tag:0"`
	Serial   asn1.RawValue
	SigAlg   asn1.RawValue
	Issuer   asn1.RawValue
	Validity asn1.RawValue
	Subject  asn1.RawValue
}

// Describe returns c's identifying facts, read from its DER bytes
// (falling back to the parsed certificate where the DER is too odd for
// encoding/asn1). It returns nil for nil c.
func Describe(c *Certificate) *Info {
	if c == nil {
		return nil
	}
	s256 := c.SHA256()
	info := &Info{
		SHA1:   c.Thumbprint(),
		SHA256: upperHex(s256[:]),
	}
	serialBytes, issuer, subject, ok := tbsHeadDER(c.Raw)
	if !ok {
		var shell struct{ TBS asn1.RawValue }
		var tbs tbsHead
		if _, err := asn1.Unmarshal(c.Raw, &shell); err == nil {
			if _, err := asn1.Unmarshal(shell.TBS.FullBytes, &tbs); err == nil && tbs.Serial.Tag == asn1.TagInteger && tbs.Serial.Class == asn1.ClassUniversal {
				serialBytes, issuer, subject, ok = tbs.Serial.Bytes, tbs.Issuer.FullBytes, tbs.Subject.FullBytes, true
			}
		}
	}
	var serial []byte
	if ok {
		serial = serialBytes
		info.Subject = rdnString(subject)
		info.Issuer = rdnString(issuer)
	} else if c.Parsed != nil && c.Parsed.SerialNumber != nil {
		serial = c.Parsed.SerialNumber.Bytes()
		if len(serial) == 0 || serial[0]&0x80 != 0 {
			serial = append([]byte{0}, serial...) // DER INTEGER, X.690 8.3
		}
	}
	if c.Parsed != nil {
		if !ok {
			info.Subject = rdnString(c.Parsed.RawSubject)
			info.Issuer = rdnString(c.Parsed.RawIssuer)
		}
		info.NotBefore = c.Parsed.NotBefore.UTC().Format(time.RFC3339)
		info.NotAfter = c.Parsed.NotAfter.UTC().Format(time.RFC3339)
	} else if c.Std != nil {
		info.NotBefore = c.Std.NotBefore.UTC().Format(time.RFC3339)
		info.NotAfter = c.Std.NotAfter.UTC().Format(time.RFC3339)
	}
	info.Serial = upperHex(serial)
	rev := make([]byte, len(serial))
	for i, b := range serial {
		rev[len(serial)-1-i] = b
	}
	info.RegistrySerial = upperHex(rev)
	return info
}

// tbsHeadDER reads, with cryptobyte, what Describe reads of a certificate
// in strict DER with a one-byte-tag serial INTEGER: the serial's content
// octets and the issuer and subject elements (RFC 5280 4.1). It gives what
// the encoding/asn1 reading of tbsHead gives for such a certificate; ok is
// false for anything else, which Describe then reads the general way.
func tbsHeadDER(der []byte) (serial, issuer, subject []byte, ok bool) {
	in := cryptobyte.String(der)
	var certSeq, tbs cryptobyte.String
	if !in.ReadASN1(&certSeq, cbasn1.SEQUENCE) || !certSeq.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, nil, nil, false
	}
	versionTag := cbasn1.Tag(0).Constructed().ContextSpecific()
	if tbs.PeekASN1Tag(versionTag) {
		var v cryptobyte.String
		var version int64
		if !tbs.ReadASN1(&v, versionTag) || !v.ReadASN1Int64WithTag(&version, cbasn1.INTEGER) || !v.Empty() ||
			version != int64(int(version)) {
			return nil, nil, nil, false
		}
	}
	var s, iss, subj cryptobyte.String
	if !tbs.ReadASN1(&s, cbasn1.INTEGER) || !tbs.SkipASN1(cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&iss, cbasn1.SEQUENCE) || !tbs.SkipASN1(cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&subj, cbasn1.SEQUENCE) {
		return nil, nil, nil, false
	}
	return s, iss, subj, true
}

// thumbprint is the Windows thumbprint of a DER certificate: its SHA-1,
// uppercase hex, as certmgr and PowerShell's Thumbprint show it.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return upperHex(sum[:])
}

// rdnString renders a DER Name with NameText ("" when it cannot be parsed).
func rdnString(der []byte) string { return NameTextOr(der, "") }

// upperHex is b in upper-case hex, as Windows shows thumbprints and serial
// numbers.
func upperHex(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&0x0f]
	}
	return string(out)
}
