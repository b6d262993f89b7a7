package certlint

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/big"
	"os"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/certlint/certlint/certlint/internal/pkcs12"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/internal/fsread"
	"github.com/certlint/certlint/certlint/internal/pbe"
)

// Defaults for LoadOptions.
const (
	// DefaultMaxSize is the largest input Load and LoadFile accept: 4 MiB,
	// far above any real PFX or PEM bundle (a PFX with a full chain is a few KiB).
	DefaultMaxSize = 4 << 20
	// DefaultMaxIterations caps every KDF and MAC iteration count in a PFX
	// or encrypted PEM. Windows writes 2,000, OpenSSL 2,048, Java 10,000;
	// .NET refuses PFX files above 600,000 in all. 1,000,000 keeps a hostile
	// file to well under a second per KDF.
	DefaultMaxIterations = 1_000_000
)

// Fixed limits, far above what any real input holds (an OpsMgr PFX or PEM
// holds a leaf, one or two CA certificates and one key; a whole CA bundle
// holds a few hundred certificates). An input above one of them is refused
// with ErrTooLarge and ErrCountLimit before the work it would cost is done;
// no option raises them.
const (
	// MaxCertificates is the most certificates one input may hold.
	MaxCertificates = 1000
	// MaxKeys is the most private keys one input may hold.
	MaxKeys = 100
	// MaxPEMBlocks is the most PEM blocks (of any type) one input may hold;
	// they are counted before any is decoded.
	MaxPEMBlocks = 2000
	// IterationBudget is how many times MaxIterations one input may spend on
	// key derivation in all (MAC, every encrypted safe and key, every
	// password tried), so that many bags each just under the cap cannot add
	// up to minutes.
	IterationBudget = 8
	// MaxEndEntities is the most end-entity certificates of one input without a
	// private key that are linted one by one (Split): each is linted, and its
	// chain built, on its own, so the work grows with their number. Above it the
	// input is refused (ErrTooLarge) rather than linted in part: split the file.
	MaxEndEntities = 100
	// MaxElements is the most ASN.1 elements the certificates of one input may
	// hold in all, counted before any is parsed. Parsing costs memory per
	// element, not per byte: each name, attribute, policy or extension becomes
	// a string or a structure in both parsers certlint uses, dozens of bytes
	// for an element of two. A 4 MiB certificate of 1.4 million one-letter DNS
	// names (RFC 5280 §4.2.1.6 sets no limit) took 550 MB of allocations and
	// held 62 MB. A real certificate has a few hundred elements, a large CA
	// bundle (300 roots) under 40,000; an input above the limit is refused
	// (ErrTooLarge, ErrCountLimit).
	MaxElements = 250_000
	// MaxRSAKeyBits is the largest RSA modulus, in bits, certlint reads in a
	// private key or a certificate: the largest Windows accepts. A larger key
	// is not refused with the input: it is recorded as present but unusable
	// (Bundle.KeyError).
	MaxRSAKeyBits = 16384
)

// LoadOptions controls Load and LoadFile. The zero value is usable.
type LoadOptions struct {
	// Password returns the password for an encrypted input. It is called at
	// most once per input, and only when the input is encrypted. nil means no
	// password (an empty password is still tried for PFX files).
	//
	// When the password it returns does not verify, or it returns an error,
	// the empty password is tried too (RFC 7292 App. B.1: both the empty
	// BMPString and no bytes at all, as OpenSSL and Windows differ), so a
	// password given for a file exported without one does no harm. The
	// password is never part of an error or of the Bundle.
	Password func() (string, error)
	// MaxSize overrides DefaultMaxSize when > 0.
	MaxSize int64
	// MaxIterations overrides DefaultMaxIterations when > 0.
	MaxIterations int
	// PasswordPrompts says that Password asks a person (a terminal prompt).
	// The empty password is then tried before Password is called, so that a
	// PFX exported without a password does not prompt. Without it, Password
	// is tried first, which keeps the MAC derived once for the usual
	// password-protected file.
	PasswordPrompts bool
}

func (o *LoadOptions) maxSize() int64 {
	if o != nil && o.MaxSize > 0 {
		return o.MaxSize
	}
	return DefaultMaxSize
}

func (o *LoadOptions) maxIterations() int {
	if o != nil && o.MaxIterations > 0 {
		return o.MaxIterations
	}
	return DefaultMaxIterations
}

// ioError is the Err of a LoadError for an I/O failure: it prints as
// ErrUnreadable and matches both ErrUnreadable and the cause.
type ioError struct{ cause error }

func (e *ioError) Error() string { return ErrUnreadable.Error() }

func (e *ioError) Unwrap() []error { return []error{ErrUnreadable, e.cause} }

func unreadable(name string, err error) *LoadError {
	var pe *fs.PathError
	detail := err.Error()
	if errors.As(err, &pe) {
		// The path is already the LoadError's File: keep only the cause.
		detail = pe.Err.Error()
	}
	return &LoadError{File: name, Err: &ioError{cause: err}, Detail: detail}
}

// LoadFile reads the file at path and loads it (see Load).
//
// It refuses, before opening the file for reading, anything that is not a
// regular file — a directory, a FIFO (whose open would block), a socket, a
// device such as /dev/zero or /dev/urandom — with ErrNotCertificate, and a
// file larger than MaxSize with ErrTooLarge. The file is opened read-only and
// without blocking, checked again once open (it may have been swapped), and
// read through a limit of MaxSize+1 bytes; it is never written, and its
// modification time is left alone. A file that cannot be opened or read gives
// ErrUnreadable.
func LoadFile(path string, opts *LoadOptions) (*Bundle, error) {
	return loadFileInfo(path, nil, opts)
}

// loadFileInfo is LoadFile with fi, when not nil, the os.Stat of path
// made by the caller just before (the batch linter stats each input to
// weigh it), so that the file is not stated twice before it is opened.
func loadFileInfo(path string, fi fs.FileInfo, opts *LoadOptions) (*Bundle, error) {
	var err error
	if fi == nil {
		if fi, err = os.Stat(path); err != nil {
			return nil, unreadable(path, err)
		}
	}
	if err := regularFile(path, fi); err != nil {
		return nil, err
	}
	max := opts.maxSize()
	if fi.Size() > max {
		return nil, loadErr(path, ErrTooLarge, "%d bytes, above the limit of %d", fi.Size(), max)
	}
	f, err := fsread.Open(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, unreadable(path, err)
	}
	if err := regularFile(path, fi); err != nil {
		return nil, err
	}
	data, err := readCapped(path, f, max, fi.Size())
	if err != nil {
		return nil, err
	}
	return Load(path, data, opts)
}

func regularFile(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	kind := "not a regular file"
	switch m := fi.Mode(); {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	return loadErr(path, ErrNotCertificate, "%s, not a regular file (not opened)", kind)
}

// LoadReader reads r to its end, at most MaxSize bytes, and loads what it
// read under the given name (see Load). It is meant for standard input
// ("-"); a reader that holds more than MaxSize bytes gives ErrTooLarge after
// MaxSize+1 bytes have been read.
func LoadReader(name string, r io.Reader, opts *LoadOptions) (*Bundle, error) {
	data, err := readCapped(name, r, opts.maxSize(), 0)
	if err != nil {
		return nil, err
	}
	return Load(name, data, opts)
}

// readCapped reads r to its end, refusing more than max bytes. size, when
// known (a file's size), sizes the buffer once: io.ReadAll's doubling would
// allocate twice the input and copy it as often.
func readCapped(name string, r io.Reader, max, size int64) ([]byte, error) {
	var data []byte
	var err error
	if size > 0 && size <= max {
		// One byte more than the size, to see the file grown since.
		data = make([]byte, 0, size+1)
		for err == nil && int64(len(data)) <= max {
			if len(data) == cap(data) {
				data = append(data, 0)[:len(data)]
			}
			var n int
			n, err = r.Read(data[len(data):min(int64(cap(data)), max+1)])
			data = data[:len(data)+n]
		}
		if err == io.EOF {
			err = nil
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(r, max+1))
	}
	if err != nil {
		return nil, unreadable(name, err)
	}
	if int64(len(data)) > max {
		return nil, loadErr(name, ErrTooLarge, "more than %d bytes", max)
	}
	return data, nil
}

// Load reads one certificate container from data and returns what it holds.
// name is used in errors and as Bundle.Name; data is not modified or kept
// (Certificate.Raw is a copy).
//
// The format is detected from the content, never from the name:
//
//   - PKCS#12 / PFX (RFC 7292): DER or BER, MAC'd with HMAC (SHA-1, SHA-2) or
//     PBMAC1 (RFC 9579), safes and shrouded keys encrypted with the PKCS#12
//     PBEs (3DES, RC2, RC4), PBES1 or PBES2 (PBKDF2 with AES-CBC, DES-EDE3-CBC
//     or DES-CBC). Bag attributes and the PKCS#8 key attributes Windows reads
//     are returned in Bundle.PFX (PFXInfo, PFXKey).
//   - PEM (RFC 7468): any mix of CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY,
//     EC PRIVATE KEY, ENCRYPTED PRIVATE KEY and PKCS7 blocks; other blocks are
//     ignored, a broken one is ErrMalformed.
//   - A DER certificate (or several, concatenated), a DER PKCS#8 or PKCS#1
//     key, a DER PKCS#7 SignedData certs-only bundle (.p7b, RFC 2315 §9.1).
//
// The leaf (Bundle.Leaf) is the certificate OpsMgr would bind: with a
// private key, the certificate whose public key is the key's, as
// MOMCertImport picks a certificate with its key; without one, the only
// certificate that is not a CA (basicConstraints, RFC 5280 §4.2.1.9) and not
// self-issued, else the bottom of the chain. Bundle.LeafReason says which
// rule decided, LeafAmbiguous when several certificates qualified. Every error is a *LoadError whose
// Err is one of the sentinel errors (errors.Is tells them apart), whose text
// reads "NAME: cause: detail" on one line, and which never holds the
// password or key material. Load never panics.
func Load(name string, data []byte, opts *LoadOptions) (b *Bundle, err error) {
	defer func() {
		// The parsers are written not to panic; this is the last line of
		// defence for the promise, should a dependency do so.
		if r := recover(); r != nil {
			b, err = nil, loadErr(name, ErrMalformed, "internal error while parsing: %v", r)
		}
	}()
	if max := opts.maxSize(); int64(len(data)) > max {
		return nil, loadErr(name, ErrTooLarge, "%d bytes, above the limit of %d", len(data), max)
	}
	l := &loader{name: name, maxIter: opts.maxIterations()}
	l.budget = math.MaxInt
	if l.maxIter <= math.MaxInt/IterationBudget {
		l.budget = l.maxIter * IterationBudget
	}
	if opts != nil {
		l.pw.fn = opts.Password
		l.pw.emptyFirst = opts.PasswordPrompts
	}
	if err := l.load(data); err != nil {
		return nil, err
	}
	return l.bundle(), nil
}

// loader holds the state of one Load call.
type loader struct {
	name     string
	maxIter  int
	budget   int // KDF iterations left to spend
	pw       passwords
	format   Format
	certs    []*loadedCert
	elements int // ASN.1 elements in the certificates so far (MaxElements)
	keys     []*loadedKey
	pfx      *PFXInfo
}

type loadedCert struct {
	cert       *cert.Certificate
	localKeyID []byte // PFX bag attribute, for pairing with a key bag
}

type loadedKey struct {
	key        crypto.PrivateKey // nil when it could not be parsed
	err        error             // why it is unusable (nil when fine)
	localKeyID []byte
	pub        *rsa.PublicKey // key == nil: the public half, when still readable
}

func (l *loader) errorf(kind error, format string, args ...any) *LoadError {
	return loadErr(l.name, kind, format, args...)
}

func (l *loader) load(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return l.errorf(ErrNotCertificate, "empty input")
	}
	pemBlocks := hasPEMBlock(data)
	if data[0] == 0x30 {
		err := l.loadDER(data)
		if err == nil || !pemBlocks {
			return err
		}
		// Text that happens to start with "0" and holds PEM blocks: read
		// the PEM, from a clean slate.
		l.certs, l.keys, l.pfx, l.format = nil, nil, nil, ""
	}
	if pemBlocks {
		return l.loadPEM(data)
	}
	if utf8.Valid(data) {
		return l.errorf(ErrNotCertificate, "text without a PEM block (no \"-----BEGIN\" line)")
	}
	return l.errorf(ErrNotCertificate, "neither PEM nor DER (PKCS#12, PKCS#7, certificate)")
}

// loadDER classifies a DER (or BER) input by its first elements and loads it.
func (l *loader) loadDER(data []byte) error {
	outer, ok := peekHeader(data)
	if !ok {
		return l.errorf(ErrMalformed, "truncated DER: the first element's header is cut short")
	}
	body := data[outer.hdr:]
	first, ok := peekHeader(body)
	if !ok {
		if outer.length > len(body) {
			return l.errorf(ErrMalformed, "truncated DER: the outer SEQUENCE declares %d bytes, %d present", outer.length, len(body))
		}
		return l.errorf(ErrNotCertificate, "DER that is not a certificate, PKCS#12 or PKCS#7")
	}
	switch first.tag {
	case 0x02: // INTEGER: a PFX version, or a key (PKCS#8 / PKCS#1 version 0, SEC 1 version 1)
		if first.length == 1 && len(body) > first.hdr {
			v := body[first.hdr]
			rest := body[first.hdr+1:]
			second, ok2 := peekHeader(rest)
			switch {
			case ok2 && second.tag == 0x30 && (v == 3 || bytes.HasPrefix(rest[second.hdr:], pkcs7OIDPrefix)):
				// PFX: version, then authSafe, a PKCS#7 ContentInfo.
				l.format = FormatPKCS12
				return l.loadPKCS12(data)
			case v <= 1:
				l.format = FormatDER
				return l.loadDERKey(data)
			case !ok2:
				return l.errorf(ErrMalformed, "truncated DER")
			}
		}
	case 0x06: // OBJECT IDENTIFIER: a PKCS#7 ContentInfo
		l.format = FormatPKCS7
		return l.loadPKCS7(data)
	case 0x30: // SEQUENCE: a certificate (TBSCertificate first) or an EncryptedPrivateKeyInfo
		l.format = FormatDER
		if inner := body[first.hdr:]; first.length <= len(inner) && first.length >= 0 {
			if second, ok := peekHeader(body[first.hdr+first.length:]); ok && second.tag == 0x04 {
				return l.loadDERKey(data)
			}
		}
		return l.loadDERCertificates(data)
	}
	if outer.length > len(body) {
		return l.errorf(ErrMalformed, "truncated DER: the outer SEQUENCE declares %d bytes, %d present", outer.length, len(body))
	}
	return l.errorf(ErrNotCertificate, "DER that is not a certificate, PKCS#12 or PKCS#7")
}

// pkcs7OIDPrefix is the DER of an OBJECT IDENTIFIER under pkcs-7
// (1.2.840.113549.1.7), up to the last arc.
var pkcs7OIDPrefix = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07}

// header is a peeked ASN.1 header: its tag byte, the header size, and the
// declared content length (-1 for BER indefinite length).
type header struct {
	tag         byte
	hdr, length int
}

// peekHeader reads the identifier and length octets at the start of b
// without requiring the content to be present.
func peekHeader(b []byte) (header, bool) {
	if len(b) < 2 || b[0]&0x1f == 0x1f {
		return header{}, false
	}
	h := header{tag: b[0], hdr: 2}
	switch lb := b[1]; {
	case lb < 0x80:
		h.length = int(lb)
	case lb == 0x80:
		h.length = -1
	default:
		n := int(lb & 0x7f)
		if n > 4 || len(b) < 2+n {
			return header{}, false
		}
		for _, x := range b[2 : 2+n] {
			h.length = h.length<<8 | int(x)
		}
		if h.length < 0 { // beyond int on a 32-bit platform
			return header{}, false
		}
		h.hdr += n
	}
	return h, true
}

// loadDERCertificates loads one DER certificate, or several concatenated.
func (l *loader) loadDERCertificates(data []byte) error {
	rest := data
	for len(rest) > 0 {
		if isPadding(rest) {
			break
		}
		h, ok := peekHeader(rest)
		if !ok || h.tag != 0x30 || h.length < 0 || h.length > len(rest)-h.hdr {
			if len(l.certs) == 0 {
				return l.errorf(ErrMalformed, "truncated or broken DER certificate")
			}
			return l.errorf(ErrMalformed, "data after certificate %d is not a certificate", len(l.certs))
		}
		n := h.hdr + h.length
		what := fmt.Sprintf("certificate %d", len(l.certs)+1)
		if len(l.certs) == 0 && isPadding(rest[n:]) {
			what = "the input"
		}
		if err := l.addCertificate(rest[:n], nil, what); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// isPadding reports whether b is only NUL bytes or white space, which some
// producers append to binary files (Windows pads some PFX files with NULs).
func isPadding(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0, ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// addCertificate parses one DER certificate with crypto/x509 (Std, or
// StdErr when Go refuses it) and appends it. A certificate Go refuses is
// parsed with zcrypto at once (Parsed, or ParseErr), which tells what it is;
// the others are parsed with zcrypto once the leaf is known, if they are
// end-entity certificates (bundle).
//
// A certificate zcrypto cannot parse either (an undecodable name, a bad
// time, broken key parameters) is kept, with Parsed and Std nil and StdErr
// saying why, as long as it has the outer shape of a certificate (RFC 5280
// §4.1: SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE,
// signatureValue BIT STRING }): the lints that read the DER themselves can
// still say what is wrong with it, and dropping it could make another
// certificate pass for the leaf. Anything without that shape is ErrMalformed.
func (l *loader) addCertificate(der []byte, localKeyID []byte, what string) error {
	if len(l.certs) >= MaxCertificates {
		return l.errorf(errTooMany, "more than %d certificates", MaxCertificates)
	}
	if l.elements += countElements(der, MaxElements-l.elements); l.elements > MaxElements {
		return l.errorf(errTooMany, "the certificates hold more than %d ASN.1 elements (names, attributes, extensions)", MaxElements)
	}
	if err := checkCertificateKey(der); err != nil {
		return l.errorf(ErrUnsupported, "%s: %v; certlint does not parse it", what, err)
	}
	raw := bytes.Clone(der)
	c := &cert.Certificate{Raw: raw, Index: len(l.certs) + 1}
	if c.Std, c.StdErr = cert.ParseStd(raw); c.Std != nil {
		// A certificate to Go: none of the refusals below can apply.
		l.certs = append(l.certs, &loadedCert{cert: c, localKeyID: localKeyID})
		return nil
	}
	parsed, zerr := cert.ParseZcrypto(raw)
	if zerr != nil {
		if kind := signedObjectKind(raw); kind != "" {
			return l.errorf(ErrNotCertificate, "%s is %s, not a certificate", what, kind)
		}
		if kind := publicKeyKind(raw); kind != "" {
			return l.errorf(ErrNotCertificate, "%s is %s, not a certificate", what, kind)
		}
		if !certificateShape(raw) {
			return l.errorf(ErrMalformed, "%s is not a certificate: %s", what, briefParseError(zerr))
		}
		// zcrypto refuses some certificates Go (and Windows) accept, e.g. a
		// malformed non-critical qcStatements or SCT extension: keep Go's
		// parse then, so the chain is still built and verified with it.
		c.ParseErr = zerr
	} else {
		c.Parsed = parsed
	}
	l.certs = append(l.certs, &loadedCert{cert: c, localKeyID: localKeyID})
	return nil
}

// parseZcrypto gives c its zcrypto parse (Parsed, or ParseErr) when it has
// none yet.
func parseZcrypto(c *cert.Certificate) {
	if c.Parsed == nil && c.ParseErr == nil {
		c.Parsed, c.ParseErr = cert.ParseZcrypto(c.Raw)
	}
}

// briefParseError shortens a parser's error for a one-line message: Go's
// encoding/asn1 (and zcrypto's copy of it) append dumps of their internal
// field parameters, such as "tags don't match (2 vs {class:0 tag:16 ...})
// {optional:false ...}", which say nothing to a user.
func briefParseError(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " ("); i > 0 && strings.Contains(msg[i:], "{") {
		msg = msg[:i]
	}
	if i := strings.Index(msg, " {"); i > 0 {
		msg = msg[:i]
	}
	const max = 160
	if len(msg) > max {
		msg = msg[:max] + "..."
	}
	return msg
}

// Names of the DER objects that are often mistaken for certificates.
const (
	kindCRL = "a certificate revocation list (CRL, RFC 5280 §5)"
	kindCSR = "a certificate request (PKCS#10 CSR, RFC 2986)"
	kindKey = "a public key (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7)"
)

// signedObjectKind tells a CRL or a certificate request from a certificate:
// all three are SEQUENCE { tbs SEQUENCE, signatureAlgorithm, signature },
// and only their first part differs. A TBSCertList (RFC 5280 §5.1) is
// [version INTEGER] signature SEQUENCE, issuer SEQUENCE, thisUpdate Time,
// ...; a CertificationRequestInfo (RFC 2986 §4.1) is version INTEGER,
// subject SEQUENCE, subjectPKInfo SEQUENCE, attributes [0] and nothing more;
// a TBSCertificate has a validity SEQUENCE where a CRL has a time, and at
// least six fields. It returns kindCRL, kindCSR or "".
func signedObjectKind(der []byte) string {
	in := cryptobyte.String(der)
	var outer, tbs cryptobyte.String
	if !in.ReadASN1(&outer, casn1.SEQUENCE) || !outer.ReadASN1(&tbs, casn1.SEQUENCE) {
		return ""
	}
	var tags []casn1.Tag
	for !tbs.Empty() && len(tags) < 6 {
		var tag casn1.Tag
		var el cryptobyte.String
		if !tbs.ReadAnyASN1(&el, &tag) {
			return ""
		}
		tags = append(tags, tag)
	}
	isTime := func(t casn1.Tag) bool { return t == casn1.UTCTime || t == casn1.GeneralizedTime }
	rest := tags
	if len(rest) > 0 && rest[0] == casn1.INTEGER {
		rest = rest[1:]
	}
	if len(rest) >= 3 && rest[0] == casn1.SEQUENCE && rest[1] == casn1.SEQUENCE && isTime(rest[2]) {
		return kindCRL
	}
	if tbs.Empty() && (len(tags) == 3 || len(tags) == 4) && tags[0] == casn1.INTEGER && tags[1] == casn1.SEQUENCE && tags[2] == casn1.SEQUENCE &&
		(len(tags) == 3 || tags[3] == casn1.Tag(0).Constructed().ContextSpecific()) {
		return kindCSR
	}
	return ""
}

// publicKeyKind reports a SubjectPublicKeyInfo (SEQUENCE { algorithm
// SEQUENCE { OBJECT IDENTIFIER, ... }, subjectPublicKey BIT STRING }), what
// `openssl x509 -pubkey` and Windows' public key exports write: kindKey or "".
func publicKeyKind(der []byte) string {
	in := cryptobyte.String(der)
	var spki, alg cryptobyte.String
	if in.ReadASN1(&spki, casn1.SEQUENCE) && in.Empty() && spki.ReadASN1(&alg, casn1.SEQUENCE) && alg.PeekASN1Tag(casn1.OBJECT_IDENTIFIER) &&
		spki.SkipASN1(casn1.BIT_STRING) && spki.Empty() {
		return kindKey
	}
	return ""
}

// certificateShape reports whether der is SEQUENCE { SEQUENCE, SEQUENCE,
// BIT STRING } and nothing more.
func certificateShape(der []byte) bool {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	return in.ReadASN1(&seq, casn1.SEQUENCE) && in.Empty() &&
		seq.SkipASN1(casn1.SEQUENCE) && seq.SkipASN1(casn1.SEQUENCE) && seq.SkipASN1(casn1.BIT_STRING) && seq.Empty()
}

// addKey records a private key found in the input. key is nil (and err set)
// when it could not be parsed; a parsed RSA key that fails Validate (RFC 8017
// §3.2 consistency) is kept with err set. der, the key's PKCS#8 or PKCS#1
// encoding, is read for the public half of an RSA key that could not be
// parsed, so that the leaf can still be found (see Load); it is not kept.
func (l *loader) addKey(key crypto.PrivateKey, err error, localKeyID, der []byte) error {
	if len(l.keys) >= MaxKeys {
		return l.errorf(errTooMany, "more than %d private keys", MaxKeys)
	}
	if err == nil {
		err = checkKey(key)
	}
	k := &loadedKey{key: key, err: err, localKeyID: localKeyID}
	if key == nil {
		k.pub = rsaPublicHalf(der)
	}
	l.keys = append(l.keys, k)
	return nil
}

// rsaPublicHalf returns the modulus and public exponent of an RSA private key
// in PKCS#1 (RFC 8017 App. A.1.2) or PKCS#8 (RFC 5208 §5, rsaEncryption)
// form, without checking the rest of the key; nil when der is neither.
func rsaPublicHalf(der []byte) *rsa.PublicKey {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, casn1.SEQUENCE) {
		return nil
	}
	if seq.PeekASN1Tag(casn1.INTEGER) {
		probe := seq
		var v int64
		var alg cryptobyte.String
		var oid encasn1.ObjectIdentifier
		var inner []byte
		if probe.ReadASN1Integer(&v) && probe.ReadASN1(&alg, casn1.SEQUENCE) && alg.ReadASN1ObjectIdentifier(&oid) &&
			oid.Equal(oidRSAEncryption) && probe.ReadASN1Bytes(&inner, casn1.OCTET_STRING) {
			return rsaPublicHalf(inner) // PKCS#8 wrapping PKCS#1
		}
	}
	var v int64
	n, e := new(big.Int), new(big.Int)
	if !seq.ReadASN1Integer(&v) || !seq.ReadASN1Integer(n) || !seq.ReadASN1Integer(e) ||
		n.Sign() <= 0 || !e.IsInt64() || e.Int64() <= 1 || e.Int64() > math.MaxInt32 {
		return nil
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}
}

var oidRSAEncryption = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}

// checkKey runs the key's own consistency check.
func checkKey(key crypto.PrivateKey) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("key check failed: %v", r)
		}
	}()
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if err := k.Validate(); err != nil {
			return fmt.Errorf("RSA key fails its consistency check: %w", err)
		}
	case *ecdsa.PrivateKey, ed25519.PrivateKey:
	case nil:
		return errors.New("no key")
	default:
		if _, ok := key.(crypto.Signer); !ok {
			return fmt.Errorf("unsupported private key type %T", key)
		}
	}
	return nil
}

// parsePKCS8 parses a PKCS#8 PrivateKeyInfo (RFC 5208 §5), its numbers
// bounded first (see parsePrivateKey). Its errors name the problem, never
// key bytes.
func parsePKCS8(der []byte) (crypto.PrivateKey, error) {
	if keyFormOf(der) != keyFormPKCS8 {
		return nil, fmt.Errorf("%v: not the structure of RFC 5208 §5", keyFormPKCS8)
	}
	return parsePrivateKey(der)
}

// loadDERKey loads a DER private key on its own: PKCS#8 PrivateKeyInfo,
// PKCS#8 EncryptedPrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC 1
// ECPrivateKey, parsed once, in the form its structure shows. It holds no
// certificate; the lints will say so.
func (l *loader) loadDERKey(data []byte) error {
	h, _ := peekHeader(data)
	if h.length < 0 || h.length > len(data)-h.hdr {
		return l.errorf(ErrMalformed, "truncated DER")
	}
	der := data[:h.hdr+h.length]
	if !isPadding(data[len(der):]) {
		return l.errorf(ErrMalformed, "data after the DER key")
	}
	if body := der[h.hdr:]; len(body) > 0 && body[0] == 0x30 {
		return l.addEncryptedPKCS8(der, "the DER encrypted private key")
	}
	if keyFormOf(der) != keyFormUnknown {
		k, err := parsePrivateKey(der)
		if err == nil {
			return l.addKey(k, nil, nil, nil)
		}
		if rsaPublicHalf(der) != nil {
			// An RSA key that cannot be used (out of bounds, or failing its
			// consistency check): present but unusable.
			return l.addKey(nil, fmt.Errorf("the DER private key: %v", err), nil, der)
		}
	}
	return l.errorf(ErrNotCertificate, "DER that is not a certificate, PKCS#12, PKCS#7 or a private key certlint can read")
}

// addEncryptedPKCS8 decrypts a PKCS#8 EncryptedPrivateKeyInfo and records
// the key inside; a key that decrypts but cannot be used is recorded as
// unusable (Bundle.KeyError), not a load error.
func (l *loader) addEncryptedPKCS8(der []byte, what string) error {
	plain, err := l.decryptPKCS8(der, what)
	if err != nil {
		return err
	}
	defer clear(plain)
	key, kerr := parsePKCS8(plain)
	if kerr != nil {
		kerr = fmt.Errorf("%s: %w", what, kerr)
	}
	return l.addKey(key, kerr, nil, plain)
}

// decryptPKCS8 decrypts a PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 §6) and
// returns the PrivateKeyInfo inside (the caller clears it).
func (l *loader) decryptPKCS8(der []byte, what string) ([]byte, error) {
	alg, ct, err := pkcs12.ParseEncryptedPrivateKeyInfo(der)
	if err != nil {
		return nil, l.errorf(ErrMalformed, "%s: %v", what, err)
	}
	scheme, err := l.scheme(alg, what)
	if err != nil {
		return nil, err
	}
	return l.decrypt(scheme, ct, what+" under "+scheme.Name, validPrivateKeyInfo)
}

// scheme parses an encryption AlgorithmIdentifier and checks its iteration
// count against the limit before anything is derived from it.
func (l *loader) scheme(alg []byte, what string) (*pbe.Scheme, error) {
	s, err := pbe.ParseScheme(alg)
	if err != nil {
		return nil, l.pbeError(err, what)
	}
	if err := l.checkIterations(what+" ("+s.Name+")", s.Iterations, s.Declared); err != nil {
		return nil, err
	}
	return s, nil
}

func (l *loader) pbeError(err error, what string) *LoadError {
	kind, msg := ErrMalformed, err.Error()
	if errors.Is(err, pbe.ErrUnsupported) {
		kind = ErrUnsupported
	}
	// The LoadError names the kind already.
	for _, e := range []error{pbe.ErrUnsupported, pbe.ErrMalformed} {
		msg = strings.TrimPrefix(msg, e.Error()+": ")
	}
	return l.errorf(kind, "%s: %s", what, msg)
}

// checkIterations refuses an iteration count above the limit (or below 1);
// declared is the count as the input declares it, which n (an int) may not
// hold.
func (l *loader) checkIterations(what string, n int, declared string) error {
	if n < 1 {
		return l.errorf(ErrMalformed, "%s declares %s iterations", what, declared)
	}
	if n > l.maxIter {
		return l.errorf(ErrTooManyIterations, "%s declares %s iterations, above the limit of %d", what, declared, l.maxIter)
	}
	return nil
}

// spend takes n iterations from the input's budget.
func (l *loader) spend(n int) error {
	if n > l.budget {
		return l.errorf(ErrTooManyIterations, "the key derivations of this input add up to more than %d x the iteration limit (%d)", IterationBudget, l.maxIter)
	}
	l.budget -= n
	return nil
}

// decrypt decrypts ct with scheme, finding the password as withPassword
// describes; ok reports whether a plaintext has the structure expected,
// which is what tells a right password from a wrong one when the padding
// verifies by chance (1 in 256), or for RC4, which has no padding.
func (l *loader) decrypt(s *pbe.Scheme, ct []byte, what string, ok func([]byte) bool) ([]byte, error) {
	var plain []byte
	err := l.withPassword(what, "", s.BMPPassword, func(encs [][]byte) (int, error) {
		for i, pw := range encs {
			if err := l.spend(s.Work()); err != nil {
				return -1, err
			}
			p, err := s.Decrypt(pw, ct)
			if errors.Is(err, pbe.ErrDecrypt) {
				continue
			}
			if err != nil {
				return -1, l.pbeError(err, what)
			}
			if !ok(p) {
				clear(p)
				continue
			}
			plain = p
			return i, nil
		}
		return -1, nil
	})
	if err != nil {
		return nil, err
	}
	return plain, nil
}

// passwords is the password state of one input. The rule (RFC 7292 App.
// B.1 for the encodings):
//
//   - Once a password has opened something in the input (the MAC, a safe, a
//     key), it is tried first for everything else.
//   - Otherwise the password from LoadOptions.Password is tried (the func is
//     called once, on the first need), then the empty password.
//   - For the PKCS#12 KDF a password is its BMPString, big-endian UTF-16
//     with a two-byte NUL terminator (characters outside the BMP as surrogate
//     pairs, as OpenSSL writes them). The empty password is tried both as
//     the two NUL bytes and as no bytes at all, since producers differ. A
//     non-ASCII password is also tried with each UTF-8 byte widened to 16
//     bits, the encoding OpenSSL before 1.1.0 used (OpenSSL still falls back
//     to it). PBES1, PBES2 and PBMAC1 take the password's UTF-8 octets
//     (RFC 8018 §3, RFC 9579).
//   - Nothing opens: ErrNoPassword when no password was available (no
//     Password func, or it returned an error), else ErrWrongPassword.
type passwords struct {
	fn         func() (string, error)
	emptyFirst bool // LoadOptions.PasswordPrompts
	asked      bool
	given      string
	hasGiven   bool
	askErr     error
	known      bool   // good has opened something in this input
	good       string // the password that did
	goodEnc    int    // which of its BMP encodings did
}

// withPassword calls attempt with the encodings of each candidate password
// (see passwords) until one opens; attempt returns the index of the encoding
// that did, or -1.
func (l *loader) withPassword(what, hint string, bmp bool, attempt func(encs [][]byte) (int, error)) error {
	p := &l.pw
	try := func(pw string) (bool, error) {
		var encs [][]byte
		var orig []int // orig[i] is encs[i]'s index in bmpEncodings(pw)
		if bmp {
			encs = bmpEncodings(pw)
			orig = make([]int, len(encs))
			for i := range orig {
				orig[i] = i
			}
			if p.known && pw == p.good && p.goodEnc > 0 && p.goodEnc < len(encs) {
				// The encoding that worked before goes first.
				encs[0], encs[p.goodEnc] = encs[p.goodEnc], encs[0]
				orig[0], orig[p.goodEnc] = orig[p.goodEnc], orig[0]
			}
		} else {
			encs = utf8Encodings(pw)
		}
		i, err := attempt(encs)
		if err != nil || i < 0 {
			return false, err
		}
		if bmp {
			p.goodEnc = orig[i]
		}
		p.known, p.good = true, pw
		return true, nil
	}
	wasKnown := p.known
	var tried []string
	if p.known {
		if ok, err := try(p.good); ok || err != nil {
			return err
		}
		tried = append(tried, p.good)
	}
	if p.fn != nil && !p.asked && p.emptyFirst && !slices.Contains(tried, "") {
		// Password asks a person: spare them the question when the input
		// opens without a password.
		tried = append(tried, "")
		if ok, err := try(""); ok || err != nil {
			return err
		}
	}
	if p.fn != nil && !p.asked {
		p.asked = true
		pw, err := p.fn()
		if err != nil {
			p.askErr = err
		} else {
			p.given, p.hasGiven = pw, true
		}
	}
	var cands []string
	if p.hasGiven {
		cands = append(cands, p.given)
	}
	cands = append(cands, "")
	for _, pw := range cands {
		if slices.Contains(tried, pw) {
			continue
		}
		tried = append(tried, pw)
		if ok, err := try(pw); ok || err != nil {
			return err
		}
	}
	switch {
	case p.hasGiven && !utf8.ValidString(p.given):
		// Its bytes widened one by one can still open the PKCS#12 MAC (as
		// OpenSSL's fallback encoding), but PBES2 and PBMAC1 take the
		// password's UTF-8 octets (RFC 8018 §3): a password read in a
		// legacy code page opens one part and not the next.
		return l.errorf(ErrWrongPassword, "the password given is not UTF-8 text, so it cannot open %s: it was probably saved in a legacy code page such as Windows-1252 (PowerShell 5's Set-Content and Out-File -Encoding Default write one); save it as UTF-8 or UTF-16 with a byte order mark", what)
	case wasKnown:
		return l.errorf(ErrWrongPassword, "the password that opened the rest of the file does not open %s (a file made with two passwords?)", what)
	case p.askErr != nil:
		return l.errorf(ErrNoPassword, "%s is password-protected and no password is available (%v)", what, p.askErr)
	case !p.hasGiven:
		return l.errorf(ErrNoPassword, "%s is password-protected and no password was given (the empty password does not open it)", what)
	case p.given == "":
		return l.errorf(ErrWrongPassword, "the empty password does not open %s%s", what, hint)
	}
	return l.errorf(ErrWrongPassword, "the password given does not open %s, nor does an empty one%s", what, hint)
}

// utf8Encodings returns the encodings of pw to try for PBES1, PBES2 and
// PBMAC1: its UTF-8 octets (RFC 8018 §3, RFC 9579), then, for a non-ASCII
// password whose characters all fit in one byte, its ISO 8859-1 octets,
// which Java's 8-bit PBE key factories (used by Bouncy Castle keystores)
// feed PBKDF2.
func utf8Encodings(pw string) [][]byte {
	encs := [][]byte{[]byte(pw)}
	latin1 := make([]byte, 0, len(pw))
	for _, r := range pw {
		if r > 0xff {
			return encs
		}
		latin1 = append(latin1, byte(r))
	}
	if len(latin1) != len(pw) {
		encs = append(encs, latin1)
	}
	return encs
}

// bmpEncodings returns the PKCS#12 KDF encodings of pw to try, in order.
func bmpEncodings(pw string) [][]byte {
	if pw == "" {
		return [][]byte{{0, 0}, {}}
	}
	encs := [][]byte{bmpString(pw)}
	ascii := true
	for i := 0; i < len(pw); i++ {
		if pw[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		// OpenSSL's OPENSSL_asc2uni: each byte of the UTF-8 text as one
		// 16-bit unit.
		w := make([]byte, 0, 2*len(pw)+2)
		for i := 0; i < len(pw); i++ {
			w = append(w, 0, pw[i])
		}
		encs = append(encs, append(w, 0, 0))
	}
	return encs
}

// bmpString encodes s as a NUL-terminated big-endian UTF-16 string (RFC 7292
// App. B.1; characters outside the BMP become surrogate pairs).
func bmpString(s string) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}

// validDERSequence reports whether b is exactly one SEQUENCE (DER, or BER
// with an indefinite length): the check that a decryption produced a
// structure and not noise.
func validDERSequence(b []byte) bool {
	h, ok := peekHeader(b)
	if !ok || h.tag != 0x30 {
		return false
	}
	if h.length < 0 {
		return len(b) >= 4 && b[len(b)-1] == 0 && b[len(b)-2] == 0
	}
	return h.hdr+h.length == len(b)
}

// validPrivateKeyInfo reports whether b looks like a PKCS#8 PrivateKeyInfo:
// one SEQUENCE starting with an INTEGER version.
func validPrivateKeyInfo(b []byte) bool {
	if !validDERSequence(b) {
		return false
	}
	h, _ := peekHeader(b)
	if h.length < 0 {
		return false
	}
	v, ok := peekHeader(b[h.hdr:])
	return ok && v.tag == 0x02
}
