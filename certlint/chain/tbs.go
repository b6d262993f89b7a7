package chain

import (
	"bytes"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/certlint/certlint/certlint/internal/rdn"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// OIDs used by path validation.
var (
	oidExtSKI          = encasn1.ObjectIdentifier{2, 5, 29, 14}
	oidExtKU           = encasn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtSAN          = encasn1.ObjectIdentifier{2, 5, 29, 17}
	oidExtBC           = encasn1.ObjectIdentifier{2, 5, 29, 19}
	oidExtNC           = encasn1.ObjectIdentifier{2, 5, 29, 30}
	oidExtPolicyConstr = encasn1.ObjectIdentifier{2, 5, 29, 36}
	oidExtAKI          = encasn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtEKU          = encasn1.ObjectIdentifier{2, 5, 29, 37}
	oidExtAIA          = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	oidEKUAny          = encasn1.ObjectIdentifier{2, 5, 29, 37, 0}
	oidEKUServerAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
	oidEKUClientAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	oidKeyEC           = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidKeyDSA          = encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidCurveP256       = encasn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidCurveP384       = encasn1.ObjectIdentifier{1, 3, 132, 0, 34}
	oidCurveP521       = encasn1.ObjectIdentifier{1, 3, 132, 0, 35}
	knownExtensions    = []encasn1.ObjectIdentifier{
		oidExtSKI, oidExtKU, oidExtSAN, oidExtBC, oidExtNC, oidExtPolicyConstr, oidExtAKI, oidExtEKU, oidExtAIA,
		{2, 5, 29, 9},                   // subject directory attributes
		{2, 5, 29, 18},                  // issuer alternative name
		{2, 5, 29, 31},                  // CRL distribution points
		{2, 5, 29, 32},                  // certificate policies
		{2, 5, 29, 33},                  // policy mappings
		{2, 5, 29, 46},                  // freshest CRL
		{2, 5, 29, 54},                  // inhibit anyPolicy
		{1, 3, 6, 1, 4, 1, 311, 21, 10}, // Microsoft application policies
		{1, 3, 6, 1, 4, 1, 311, 21, 7},  // Microsoft certificate template
		{1, 3, 6, 1, 4, 1, 311, 20, 2},  // Microsoft certificate template name
	}
)

// chainDN renders a DER Name as RFC 4514 text ("CN=...,O=...", most
// specific first, as Windows shows it), cut after chainDNMax bytes so that a
// hostile name of thousands of attributes stays readable and cheap: only the
// attributes shown are decoded.
func dnText(der []byte) string {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return "(unreadable name)"
	}
	if seq.Empty() {
		return "(empty name)"
	}
	// RFC 4514 writes the last RDN first: find where each RDN starts, then
	// render from the end until the text is long enough.
	var sets []cryptobyte.String
	for !seq.Empty() {
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return "(unreadable name)"
		}
		sets = append(sets, set)
	}
	var b strings.Builder
	for i := len(sets) - 1; i >= 0; i-- {
		set := sets[i]
		for j := 0; !set.Empty(); j++ {
			if b.Len() > dnMax {
				b.WriteString(",...")
				return b.String()
			}
			var elem cryptobyte.String
			if !set.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
				return "(unreadable name)"
			}
			text, ok := rdn.Common(elem)
			if !ok {
				var atv pkix.AttributeTypeAndValue
				if rest, err := encasn1.Unmarshal(elem, &atv); err != nil || len(rest) > 0 {
					return "(unreadable name)"
				}
				text = pkix.RDNSequence{{atv}}.String()
			}
			switch {
			case j > 0:
				b.WriteByte('+')
			case i < len(sets)-1:
				b.WriteByte(',')
			}
			b.WriteString(text)
		}
	}
	return b.String()
}

const dnMax = 512

func emptyName(der []byte) bool {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	return s.ReadASN1(&seq, cbasn1.SEQUENCE) && seq.Empty()
}

// chainTBS is what path validation reads straight from a certificate's DER,
// so that certificates crypto/x509 refuses can still be chained and judged.
type tbsCert struct {
	version   int // as encoded: 0 = v1, 1 = v2, 2 = v3
	serial    []byte
	tbsSigAlg []byte
	sigAlg    []byte
	sigOID    encasn1.ObjectIdentifier
	issuer    []byte
	subject   []byte
	notBefore time.Time
	notAfter  time.Time
	spki      []byte
	keyAlg    encasn1.ObjectIdentifier
	keyParams []byte // the parameters' DER, nil when absent
	keyBits   []byte
	exts      []extension

	// Read once, on first use.
	subjName, issName *name
	subjDN, issDN     string
	key               *keyInfo
	nc                *constraints
	ncRead            bool
	extIdx            *extIndex
	ncNames           *names
}

// warm reads every value the methods below read once, so that t is only
// read from then on and may be shared by concurrent searches (a trust
// store's certificates).
func (t *tbsCert) warm() {
	t.subjectName()
	t.issuerName()
	t.subjectDN()
	t.issuerDN()
	t.publicKey()
	t.extIndex()
	t.nameConstraints()
	t.names()
}

// subjectName and issuerName are the names as RFC 5280 7.1 compares them.
func (t *tbsCert) subjectName() name {
	if t.subjName == nil {
		n := parseName(t.subject)
		t.subjName = &n
	}
	return *t.subjName
}

func (t *tbsCert) issuerName() name {
	if t.issName == nil {
		n := parseName(t.issuer)
		t.issName = &n
	}
	return *t.issName
}

// selfIssued: subject and issuer are the same name (RFC 5280 3.2, compared
// as 7.1 says).
func (t *tbsCert) selfIssued() bool {
	if bytes.Equal(t.subject, t.issuer) {
		return true // the same bytes: the same name, nothing to normalise
	}
	if !sameShape(t.subject, t.issuer) {
		return false // different structures: different names, nothing to normalise
	}
	return t.subjectName().key == t.issuerName().key
}

// subjectDN and issuerDN render the names (chainDN), once.
func (t *tbsCert) subjectDN() string {
	if t.subjDN == "" {
		t.subjDN = dnText(t.subject)
	}
	return t.subjDN
}

func (t *tbsCert) issuerDN() string {
	if t.issDN == "" {
		t.issDN = dnText(t.issuer)
	}
	return t.issDN
}

// publicKey is keyInfo, read once.
func (t *tbsCert) publicKey() keyInfo {
	if t.key == nil {
		k := t.keyInfo()
		t.key = &k
	}
	return *t.key
}

type extension struct {
	// oidDER is the content of the extnID OBJECT IDENTIFIER: a certificate
	// may hold hundreds of thousands of extensions, decoded only when named
	// (oid).
	oidDER   []byte
	critical bool
	value    []byte
}

// oid decodes the extension's OID (nil when it is not a valid one).
func (x *extension) oid() encasn1.ObjectIdentifier {
	return decodeOID(x.oidDER)
}

func decodeOID(content []byte) encasn1.ObjectIdentifier {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(content) })
	der, err := b.Bytes()
	if err != nil {
		return nil
	}
	s := cryptobyte.String(der)
	var oid encasn1.ObjectIdentifier
	if !s.ReadASN1ObjectIdentifier(&oid) {
		return nil
	}
	return oid
}

// chainOIDKey is the content octets of oid's DER, as chainExt.oidDER holds
// them.
func oidKey(oid encasn1.ObjectIdentifier) string {
	var b cryptobyte.Builder
	b.AddASN1ObjectIdentifier(oid)
	der, err := b.Bytes()
	if err != nil {
		return ""
	}
	s := cryptobyte.String(der)
	var content cryptobyte.String
	s.ReadASN1(&content, cbasn1.OBJECT_IDENTIFIER)
	return string(content)
}

var errNotDER = errors.New("not a DER X.509 certificate")

func parseTBS(der []byte) (*tbsCert, error) {
	t := &tbsCert{}
	in := cryptobyte.String(der)
	var cert, tbs, sigAlg, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) {
		return nil, errNotDER
	}
	t.sigAlg = sigAlg
	if !sigAlg.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&t.sigOID) {
		return nil, fmt.Errorf("%w: bad signature algorithm", errNotDER)
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var v cryptobyte.String
		var ver int64
		if !tbs.ReadASN1(&v, cbasn1.Tag(0).Constructed().ContextSpecific()) || !v.ReadASN1Integer(&ver) || ver < 0 || ver > 2 {
			return nil, fmt.Errorf("%w: bad version", errNotDER)
		}
		t.version = int(ver)
	}
	var serial, tsa, issuer, validity, subject, spki cryptobyte.String
	if !tbs.ReadASN1(&serial, cbasn1.INTEGER) ||
		!tbs.ReadASN1Element(&tsa, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1(&validity, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&spki, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("%w: truncated TBSCertificate", errNotDER)
	}
	t.serial, t.tbsSigAlg, t.issuer, t.subject, t.spki = serial, tsa, issuer, subject, spki
	var err error
	if t.notBefore, err = readTime(&validity); err != nil {
		return nil, err
	}
	if t.notAfter, err = readTime(&validity); err != nil {
		return nil, err
	}
	var spkiBody, keyAlg cryptobyte.String
	var bits encasn1.BitString
	if !spki.ReadASN1(&spkiBody, cbasn1.SEQUENCE) || !spkiBody.ReadASN1(&keyAlg, cbasn1.SEQUENCE) ||
		!keyAlg.ReadASN1ObjectIdentifier(&t.keyAlg) || !spkiBody.ReadASN1BitString(&bits) {
		return nil, fmt.Errorf("%w: bad subjectPublicKeyInfo", errNotDER)
	}
	if !keyAlg.Empty() {
		t.keyParams = keyAlg
	}
	t.keyBits = bits.RightAlign()
	for _, tag := range []int{1, 2} { // issuerUniqueID, subjectUniqueID
		if tbs.PeekASN1Tag(cbasn1.Tag(uint8(tag)).ContextSpecific()) {
			var skip cryptobyte.String
			tbs.ReadASN1(&skip, cbasn1.Tag(uint8(tag)).ContextSpecific())
		}
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(3).Constructed().ContextSpecific()) {
		var wrap, exts cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(3).Constructed().ContextSpecific()) || !wrap.ReadASN1(&exts, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("%w: bad extensions", errNotDER)
		}
		n := 0 // counted first: the list is allocated once
		for count := exts; !count.Empty() && count.SkipASN1(cbasn1.SEQUENCE); {
			n++
		}
		t.exts = make([]extension, 0, n)
		for !exts.Empty() {
			var ext, val cryptobyte.String
			var x extension
			var oid cryptobyte.String
			if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) || len(oid) == 0 || oid[len(oid)-1]&0x80 != 0 {
				return nil, fmt.Errorf("%w: bad extension", errNotDER)
			}
			x.oidDER = oid
			if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&x.critical) {
				return nil, fmt.Errorf("%w: bad extension criticality", errNotDER)
			}
			if !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
				return nil, fmt.Errorf("%w: bad extension value", errNotDER)
			}
			x.value = val
			t.exts = append(t.exts, x)
		}
	}
	return t, nil
}

func readTime(s *cryptobyte.String) (time.Time, error) {
	var t time.Time
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if s.ReadASN1UTCTime(&t) {
			return t.UTC(), nil
		}
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if s.ReadASN1GeneralizedTime(&t) {
			return t.UTC(), nil
		}
	}
	return t, fmt.Errorf("%w: bad validity time", errNotDER)
}

// extKey is an extension OID as oidKey gives it, made once per OID.
type extKey string

// The extensions path validation reads, as extKeys.
var (
	keyExtSKI          = extKey(oidKey(oidExtSKI))
	keyExtAKI          = extKey(oidKey(oidExtAKI))
	keyExtBC           = extKey(oidKey(oidExtBC))
	keyExtKU           = extKey(oidKey(oidExtKU))
	keyExtEKU          = extKey(oidKey(oidExtEKU))
	keyExtSAN          = extKey(oidKey(oidExtSAN))
	keyExtNC           = extKey(oidKey(oidExtNC))
	keyExtAIA          = extKey(oidKey(oidExtAIA))
	keyExtPolicyConstr = extKey(oidKey(oidExtPolicyConstr))
)

// ext returns the value and the extension with that OID (the first one).
func (t *tbsCert) ext(key extKey) ([]byte, *extension) {
	if t == nil {
		return nil, nil
	}
	x := t.extIndex()
	if x.first == nil { // few extensions: a scan costs less than a map
		for i := range t.exts {
			if string(t.exts[i].oidDER) == string(key) {
				return t.exts[i].value, &t.exts[i]
			}
		}
		return nil, nil
	}
	if i, ok := x.first[string(key)]; ok {
		return t.exts[i].value, &t.exts[i]
	}
	return nil, nil
}

// extScanMax is the most extensions ext finds by scanning rather than
// through a map (a real certificate has about ten).
const extScanMax = 16

// chainExtIndex is what path validation reads of a certificate's
// extensions, read once: a certificate may hold hundreds of thousands, and
// each path evaluated looks them up.
type extIndex struct {
	// first is the position of the first extension of each OID; nil for a
	// certificate of at most extScanMax extensions, which ext scans.
	first map[string]int
	// dups are the OIDs that appear more than once, unknownCritical the
	// critical extensions validators do not know, in order, with counts.
	dups, unknownCritical []oidCount
}

type oidCount struct {
	oid encasn1.ObjectIdentifier
	n   int
}

// chainKnownExtensionKeys are chainKnownExtensions as chainOIDKey gives them.
var knownExtensionKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, oid := range knownExtensions {
		m[oidKey(oid)] = true
	}
	return m
}()

func (t *tbsCert) extIndex() *extIndex {
	if t.extIdx == nil {
		t.extIdx = t.buildExtIndex(len(t.exts) > extScanMax)
	}
	return t.extIdx
}

// buildExtIndex counts the extensions by the position of each OID's first
// extension, found by scanning the ones before it or, with byMap, through a
// map of the OIDs' bytes (which allocates only for an OID not seen yet):
// a certificate may hold hundreds of thousands of extensions.
func (t *tbsCert) buildExtIndex(byMap bool) *extIndex {
	x := &extIndex{}
	if byMap {
		x.first = map[string]int{}
	}
	firstOf := func(i int) int {
		oid := string(t.exts[i].oidDER)
		if byMap {
			first, seen := x.first[oid]
			if !seen {
				first = i
				x.first[oid] = i
			}
			return first
		}
		for j := 0; j < i; j++ {
			if string(t.exts[j].oidDER) == oid {
				return j
			}
		}
		return i
	}
	counts := make([]int, 2*len(t.exts))
	count, crit := counts[:len(t.exts)], counts[len(t.exts):]
	var dups, unknown []int
	for i := range t.exts {
		e := &t.exts[i]
		first := firstOf(i)
		count[first]++
		if count[first] == 2 {
			dups = append(dups, first)
		}
		if e.critical && !knownExtensionKeys[string(e.oidDER)] {
			if crit[first] == 0 {
				unknown = append(unknown, first)
			}
			crit[first]++
		}
	}
	for _, i := range dups {
		x.dups = append(x.dups, oidCount{oid: t.exts[i].oid(), n: count[i]})
	}
	for _, i := range unknown {
		x.unknownCritical = append(x.unknownCritical, oidCount{oid: t.exts[i].oid(), n: crit[i]})
	}
	return x
}

// chainListMax is how many distinct extensions a problem list names; the
// rest are counted.
const listMax = 8

// ski returns the subjectKeyIdentifier (RFC 5280 4.2.1.2), nil when absent.
func (t *tbsCert) ski() []byte {
	v, x := t.ext(keyExtSKI)
	if x == nil {
		return nil
	}
	s := cryptobyte.String(v)
	var id cryptobyte.String
	if !s.ReadASN1(&id, cbasn1.OCTET_STRING) {
		return nil
	}
	return id
}

type akiValue struct {
	keyID                []byte
	hasIssuer, hasSerial bool
}

// authorityKeyID decodes the authorityKeyIdentifier (RFC 5280 4.2.1.1).
func (t *tbsCert) authorityKeyID() (akiValue, *extension) {
	var a akiValue
	v, x := t.ext(keyExtAKI)
	if x == nil {
		return a, nil
	}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return a, x
	}
	var id cryptobyte.String
	if seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) && seq.ReadASN1(&id, cbasn1.Tag(0).ContextSpecific()) {
		a.keyID = id
	}
	a.hasIssuer = seq.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific())
	if a.hasIssuer {
		var skip cryptobyte.String
		seq.ReadASN1(&skip, cbasn1.Tag(1).Constructed().ContextSpecific())
	}
	a.hasSerial = seq.PeekASN1Tag(cbasn1.Tag(2).ContextSpecific())
	return a, x
}

func (t *tbsCert) akiKeyID() []byte {
	a, _ := t.authorityKeyID()
	return a.keyID
}

type basicConstraints struct {
	ext     *extension
	present bool
	ca      bool
	pathLen int // -1 when absent
}

// basicConstraints decodes RFC 5280 4.2.1.9 basicConstraints.
func (t *tbsCert) basicConstraints() basicConstraints {
	bc := basicConstraints{pathLen: -1}
	v, x := t.ext(keyExtBC)
	if x == nil {
		return bc
	}
	bc.ext, bc.present = x, true
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return bc
	}
	if seq.PeekASN1Tag(cbasn1.BOOLEAN) {
		seq.ReadASN1Boolean(&bc.ca)
	}
	var pl int64
	if seq.PeekASN1Tag(cbasn1.INTEGER) && seq.ReadASN1Integer(&pl) && pl >= 0 && pl < 1<<16 {
		bc.pathLen = int(pl)
	}
	return bc
}

const kuKeyCertSign = 1 << 5 // keyCertSign is bit 5 (RFC 5280 4.2.1.3)

// keyUsage decodes RFC 5280 4.2.1.3 keyUsage as bits numbered from 0.
func (t *tbsCert) keyUsage() (int, bool) {
	v, x := t.ext(keyExtKU)
	if x == nil {
		return 0, false
	}
	s := cryptobyte.String(v)
	var bs encasn1.BitString
	if !s.ReadASN1BitString(&bs) {
		return 0, true
	}
	u := 0
	for i := 0; i < 9; i++ {
		if bs.At(i) != 0 {
			u |= 1 << i
		}
	}
	return u, true
}

// extKeyUsage decodes RFC 5280 4.2.1.12 extendedKeyUsage; ok is false when
// the extension is absent.
func (t *tbsCert) extKeyUsage() (oids []encasn1.ObjectIdentifier, ok bool) {
	v, x := t.ext(keyExtEKU)
	if x == nil {
		return nil, false
	}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, true
	}
	for !seq.Empty() {
		var oid encasn1.ObjectIdentifier
		if !seq.ReadASN1ObjectIdentifier(&oid) {
			break
		}
		oids = append(oids, oid)
	}
	return oids, true
}

// chainKeyProblem is a public key CA/B BR forbids, and what Windows does
// with it.
type keyProblem struct {
	msg     string
	windows WindowsVerdict
	note    string
}

// keyProblem names a public key CA/B BR 6.1.5 and 7.1.3.1 forbid: RSA
// below 2048 bits or not a multiple of 8, EC curves other than P-256, P-384
// and P-521, explicit EC parameters, DSA; and keys beyond what Windows'
// providers take (chainKeyInfo.limit).
func (t *tbsCert) keyProblem() keyProblem {
	if k := t.publicKey(); k.limit != nil {
		return keyProblem{k.limit.Detail, WindowsRejects, "Windows' providers cannot use the key"}
	}
	unknown := func(msg, note string) keyProblem { return keyProblem{msg, WindowsUnknown, note} }
	switch {
	case t.keyAlg.Equal(oidKeyRSA):
		s := cryptobyte.String(t.keyBits)
		var seq cryptobyte.String
		n := new(big.Int)
		if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(n) {
			return unknown("its RSA public key cannot be read", "Windows cannot use a key it cannot read")
		}
		switch bits := n.BitLen(); {
		case bits < 2048:
			return keyProblem{fmt.Sprintf("its RSA key has %d bits, fewer than 2048", bits), WindowsAccepts,
				"Windows accepts RSA keys of 1024 bits and more (Microsoft Security Advisory 2661254); the CA/Browser Forum requires 2048"}
		case bits%8 != 0:
			return unknown(fmt.Sprintf("its RSA key has %d bits, not a multiple of 8", bits),
				"Microsoft does not document whether its RSA providers take a modulus that is not a whole number of bytes")
		}
	case t.keyAlg.Equal(oidKeyEC):
		s := cryptobyte.String(t.keyParams)
		var curve encasn1.ObjectIdentifier
		if !s.ReadASN1ObjectIdentifier(&curve) {
			return unknown("its EC key uses explicit curve parameters instead of a named curve",
				"Microsoft does not document whether the chain engine verifies with explicit curve parameters")
		}
		if !curve.Equal(oidCurveP256) && !curve.Equal(oidCurveP384) && !curve.Equal(oidCurveP521) {
			return unknown(fmt.Sprintf("its EC key is on curve %s, not P-256, P-384 or P-521", curve),
				"Microsoft does not document which other named curves the chain engine verifies with")
		}
	case t.keyAlg.Equal(oidKeyDSA):
		return unknown("it has a DSA key", "Windows has DSA providers (keys up to 3072 bits) but does not document which DSA signature algorithms the chain engine verifies")
	}
	return keyProblem{}
}
