package chain

import (
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// OIDs used by path validation.
var (
	chainOIDExtSKI          = encasn1.ObjectIdentifier{2, 5, 29, 14}
	chainOIDExtKU           = encasn1.ObjectIdentifier{2, 5, 29, 15}
	chainOIDExtSAN          = encasn1.ObjectIdentifier{2, 5, 29, 17}
	chainOIDExtBC           = encasn1.ObjectIdentifier{2, 5, 29, 19}
	chainOIDExtNC           = encasn1.ObjectIdentifier{2, 5, 29, 30}
	chainOIDExtPolicyConstr = encasn1.ObjectIdentifier{2, 5, 29, 36}
	chainOIDExtAKI          = encasn1.ObjectIdentifier{2, 5, 29, 35}
	chainOIDExtEKU          = encasn1.ObjectIdentifier{2, 5, 29, 37}
	chainOIDExtAIA          = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	chainOIDEKUAny          = encasn1.ObjectIdentifier{2, 5, 29, 37, 0}
	chainOIDEKUServerAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
	chainOIDEKUClientAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	chainOIDKeyEC           = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	chainOIDKeyDSA          = encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	chainOIDCurveP256       = encasn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	chainOIDCurveP384       = encasn1.ObjectIdentifier{1, 3, 132, 0, 34}
	chainOIDCurveP521       = encasn1.ObjectIdentifier{1, 3, 132, 0, 35}
	chainKnownExtensions    = []encasn1.ObjectIdentifier{
		chainOIDExtSKI, chainOIDExtKU, chainOIDExtSAN, chainOIDExtBC, chainOIDExtNC, chainOIDExtPolicyConstr, chainOIDExtAKI, chainOIDExtEKU, chainOIDExtAIA,
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
func chainDN(der []byte) string {
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
			if b.Len() > chainDNMax {
				b.WriteString(",...")
				return b.String()
			}
			var elem cryptobyte.String
			if !set.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
				return "(unreadable name)"
			}
			var atv pkix.AttributeTypeAndValue
			if rest, err := encasn1.Unmarshal(elem, &atv); err != nil || len(rest) > 0 {
				return "(unreadable name)"
			}
			switch {
			case j > 0:
				b.WriteByte('+')
			case i < len(sets)-1:
				b.WriteByte(',')
			}
			b.WriteString(pkix.RDNSequence{{atv}}.String())
		}
	}
	return b.String()
}

const chainDNMax = 512

func chainEmptyName(der []byte) bool {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	return s.ReadASN1(&seq, cbasn1.SEQUENCE) && seq.Empty()
}

// chainTBS is what path validation reads straight from a certificate's DER,
// so that certificates crypto/x509 refuses can still be chained and judged.
type chainTBS struct {
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
	exts      []chainExt

	// Read once, on first use.
	subjName, issName *chainName
	subjDN, issDN     string
	key               *chainKeyInfo
	nc                *chainNC
	ncRead            bool
	extIdx            *chainExtIndex
	ncNames           *chainNames
}

// subjectName and issuerName are the names as RFC 5280 7.1 compares them.
func (t *chainTBS) subjectName() chainName {
	if t.subjName == nil {
		n := chainParseName(t.subject)
		t.subjName = &n
	}
	return *t.subjName
}

func (t *chainTBS) issuerName() chainName {
	if t.issName == nil {
		n := chainParseName(t.issuer)
		t.issName = &n
	}
	return *t.issName
}

// selfIssued: subject and issuer are the same name (RFC 5280 3.2, compared
// as 7.1 says).
func (t *chainTBS) selfIssued() bool {
	return t.subjectName().key == t.issuerName().key
}

// subjectDN and issuerDN render the names (chainDN), once.
func (t *chainTBS) subjectDN() string {
	if t.subjDN == "" {
		t.subjDN = chainDN(t.subject)
	}
	return t.subjDN
}

func (t *chainTBS) issuerDN() string {
	if t.issDN == "" {
		t.issDN = chainDN(t.issuer)
	}
	return t.issDN
}

// publicKey is keyInfo, read once.
func (t *chainTBS) publicKey() chainKeyInfo {
	if t.key == nil {
		k := t.keyInfo()
		t.key = &k
	}
	return *t.key
}

type chainExt struct {
	// oidDER is the content of the extnID OBJECT IDENTIFIER: a certificate
	// may hold hundreds of thousands of extensions, decoded only when named
	// (oid).
	oidDER   []byte
	critical bool
	value    []byte
}

// oid decodes the extension's OID (nil when it is not a valid one).
func (x *chainExt) oid() encasn1.ObjectIdentifier {
	return chainDecodeOID(x.oidDER)
}

func chainDecodeOID(content []byte) encasn1.ObjectIdentifier {
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
func chainOIDKey(oid encasn1.ObjectIdentifier) string {
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

var errChainDER = errors.New("not a DER X.509 certificate")

func chainParseTBS(der []byte) (*chainTBS, error) {
	t := &chainTBS{}
	in := cryptobyte.String(der)
	var cert, tbs, sigAlg, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) {
		return nil, errChainDER
	}
	t.sigAlg = sigAlg
	if !sigAlg.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&t.sigOID) {
		return nil, fmt.Errorf("%w: bad signature algorithm", errChainDER)
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var v cryptobyte.String
		var ver int64
		if !tbs.ReadASN1(&v, cbasn1.Tag(0).Constructed().ContextSpecific()) || !v.ReadASN1Integer(&ver) || ver < 0 || ver > 2 {
			return nil, fmt.Errorf("%w: bad version", errChainDER)
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
		return nil, fmt.Errorf("%w: truncated TBSCertificate", errChainDER)
	}
	t.serial, t.tbsSigAlg, t.issuer, t.subject, t.spki = serial, tsa, issuer, subject, spki
	var err error
	if t.notBefore, err = chainReadTime(&validity); err != nil {
		return nil, err
	}
	if t.notAfter, err = chainReadTime(&validity); err != nil {
		return nil, err
	}
	var spkiBody, keyAlg cryptobyte.String
	var bits encasn1.BitString
	if !spki.ReadASN1(&spkiBody, cbasn1.SEQUENCE) || !spkiBody.ReadASN1(&keyAlg, cbasn1.SEQUENCE) ||
		!keyAlg.ReadASN1ObjectIdentifier(&t.keyAlg) || !spkiBody.ReadASN1BitString(&bits) {
		return nil, fmt.Errorf("%w: bad subjectPublicKeyInfo", errChainDER)
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
			return nil, fmt.Errorf("%w: bad extensions", errChainDER)
		}
		n := 0 // counted first: the list is allocated once
		for count := exts; !count.Empty() && count.SkipASN1(cbasn1.SEQUENCE); {
			n++
		}
		t.exts = make([]chainExt, 0, n)
		for !exts.Empty() {
			var ext, val cryptobyte.String
			var x chainExt
			var oid cryptobyte.String
			if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) || len(oid) == 0 || oid[len(oid)-1]&0x80 != 0 {
				return nil, fmt.Errorf("%w: bad extension", errChainDER)
			}
			x.oidDER = oid
			if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&x.critical) {
				return nil, fmt.Errorf("%w: bad extension criticality", errChainDER)
			}
			if !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
				return nil, fmt.Errorf("%w: bad extension value", errChainDER)
			}
			x.value = val
			t.exts = append(t.exts, x)
		}
	}
	return t, nil
}

func chainReadTime(s *cryptobyte.String) (time.Time, error) {
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
	return t, fmt.Errorf("%w: bad validity time", errChainDER)
}

// ext returns the value and the extension with that OID (the first one).
func (t *chainTBS) ext(oid encasn1.ObjectIdentifier) ([]byte, *chainExt) {
	if t == nil {
		return nil, nil
	}
	if i, ok := t.extIndex().first[chainOIDKey(oid)]; ok {
		return t.exts[i].value, &t.exts[i]
	}
	return nil, nil
}

// chainExtIndex is what path validation reads of a certificate's
// extensions, read once: a certificate may hold hundreds of thousands, and
// each path evaluated looks them up.
type chainExtIndex struct {
	// first is the position of the first extension of each OID.
	first map[string]int
	// dups are the OIDs that appear more than once, unknownCritical the
	// critical extensions validators do not know, in order, with counts.
	dups, unknownCritical []chainOIDCount
}

type chainOIDCount struct {
	oid encasn1.ObjectIdentifier
	n   int
}

// chainKnownExtensionKeys are chainKnownExtensions as chainOIDKey gives them.
var chainKnownExtensionKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, oid := range chainKnownExtensions {
		m[chainOIDKey(oid)] = true
	}
	return m
}()

func (t *chainTBS) extIndex() *chainExtIndex {
	if t.extIdx != nil {
		return t.extIdx
	}
	x := &chainExtIndex{first: map[string]int{}}
	// Counts by the position of each OID's first extension: a map lookup
	// by the OID's bytes allocates only for an OID not seen yet.
	count, crit := map[int]int{}, map[int]int{}
	var dups, unknown []int
	for i := range t.exts {
		e := &t.exts[i]
		first, seen := x.first[string(e.oidDER)]
		if !seen {
			first = i
			x.first[string(e.oidDER)] = i
		}
		count[first]++
		if count[first] == 2 {
			dups = append(dups, first)
		}
		if e.critical && !chainKnownExtensionKeys[string(e.oidDER)] {
			if crit[first] == 0 {
				unknown = append(unknown, first)
			}
			crit[first]++
		}
	}
	for _, i := range dups {
		x.dups = append(x.dups, chainOIDCount{oid: t.exts[i].oid(), n: count[i]})
	}
	for _, i := range unknown {
		x.unknownCritical = append(x.unknownCritical, chainOIDCount{oid: t.exts[i].oid(), n: crit[i]})
	}
	t.extIdx = x
	return x
}

// chainListMax is how many distinct extensions a problem list names; the
// rest are counted.
const chainListMax = 8

// ski returns the subjectKeyIdentifier (RFC 5280 4.2.1.2), nil when absent.
func (t *chainTBS) ski() []byte {
	v, x := t.ext(chainOIDExtSKI)
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

type chainAKI struct {
	keyID                []byte
	hasIssuer, hasSerial bool
}

// authorityKeyID decodes the authorityKeyIdentifier (RFC 5280 4.2.1.1).
func (t *chainTBS) authorityKeyID() (chainAKI, *chainExt) {
	var a chainAKI
	v, x := t.ext(chainOIDExtAKI)
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

func (t *chainTBS) akiKeyID() []byte {
	a, _ := t.authorityKeyID()
	return a.keyID
}

type chainBC struct {
	ext     *chainExt
	present bool
	ca      bool
	pathLen int // -1 when absent
}

// basicConstraints decodes RFC 5280 4.2.1.9 basicConstraints.
func (t *chainTBS) basicConstraints() chainBC {
	bc := chainBC{pathLen: -1}
	v, x := t.ext(chainOIDExtBC)
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

const chainKUKeyCertSign = 1 << 5 // keyCertSign is bit 5 (RFC 5280 4.2.1.3)

// keyUsage decodes RFC 5280 4.2.1.3 keyUsage as bits numbered from 0.
func (t *chainTBS) keyUsage() (int, bool) {
	v, x := t.ext(chainOIDExtKU)
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
func (t *chainTBS) extKeyUsage() (oids []encasn1.ObjectIdentifier, ok bool) {
	v, x := t.ext(chainOIDExtEKU)
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
type chainKeyProblem struct {
	msg     string
	windows WindowsVerdict
	note    string
}

// keyProblem names a public key CA/B BR 6.1.5 and 7.1.3.1 forbid: RSA
// below 2048 bits or not a multiple of 8, EC curves other than P-256, P-384
// and P-521, explicit EC parameters, DSA; and keys beyond what Windows'
// providers take (chainKeyInfo.limit).
func (t *chainTBS) keyProblem() chainKeyProblem {
	if k := t.publicKey(); k.limit != nil {
		return chainKeyProblem{k.limit.Detail, WindowsRejects, "Windows' providers cannot use the key"}
	}
	unknown := func(msg, note string) chainKeyProblem { return chainKeyProblem{msg, WindowsUnknown, note} }
	switch {
	case t.keyAlg.Equal(chainOIDKeyRSA):
		s := cryptobyte.String(t.keyBits)
		var seq cryptobyte.String
		n := new(big.Int)
		if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(n) {
			return unknown("its RSA public key cannot be read", "Windows cannot use a key it cannot read")
		}
		switch bits := n.BitLen(); {
		case bits < 2048:
			return chainKeyProblem{fmt.Sprintf("its RSA key has %d bits, fewer than 2048", bits), WindowsAccepts,
				"Windows accepts RSA keys of 1024 bits and more (Microsoft Security Advisory 2661254); the CA/Browser Forum requires 2048"}
		case bits%8 != 0:
			return unknown(fmt.Sprintf("its RSA key has %d bits, not a multiple of 8", bits),
				"Microsoft does not document whether its RSA providers take a modulus that is not a whole number of bytes")
		}
	case t.keyAlg.Equal(chainOIDKeyEC):
		s := cryptobyte.String(t.keyParams)
		var curve encasn1.ObjectIdentifier
		if !s.ReadASN1ObjectIdentifier(&curve) {
			return unknown("its EC key uses explicit curve parameters instead of a named curve",
				"Microsoft does not document whether the chain engine verifies with explicit curve parameters")
		}
		if !curve.Equal(chainOIDCurveP256) && !curve.Equal(chainOIDCurveP384) && !curve.Equal(chainOIDCurveP521) {
			return unknown(fmt.Sprintf("its EC key is on curve %s, not P-256, P-384 or P-521", curve),
				"Microsoft does not document which other named curves the chain engine verifies with")
		}
	case t.keyAlg.Equal(chainOIDKeyDSA):
		return unknown("it has a DSA key", "Windows has DSA providers (keys up to 3072 bits) but does not document which DSA signature algorithms the chain engine verifies")
	}
	return chainKeyProblem{}
}
