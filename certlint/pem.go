package certlint

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/certlint/certlint/certlint/internal/ber"
)

// PEM reading (RFC 7468). Every block of the input is read, in order:
//
//	CERTIFICATE, X509 CERTIFICATE         a certificate (RFC 7468 §5)
//	TRUSTED CERTIFICATE                   OpenSSL's certificate with trust settings: the certificate is read
//	PKCS7                                 a PKCS#7 SignedData's certificates (RFC 7468 §6)
//	PRIVATE KEY                           PKCS#8 PrivateKeyInfo (RFC 7468 §10)
//	ENCRYPTED PRIVATE KEY                 PKCS#8 EncryptedPrivateKeyInfo (RFC 7468 §11), PBES2
//	                                      (PBKDF2, AES/3DES), PBES1 or the PKCS#12 PBEs, with the
//	                                      same iteration limit and password rule as a PFX
//	RSA PRIVATE KEY, EC PRIVATE KEY       PKCS#1 / SEC 1 keys; with "Proc-Type: 4,ENCRYPTED"
//	                                      (RFC 1421 legacy OpenSSL encryption) they are decrypted
//	                                      with crypto/x509's DecryptPEMBlock: its MD5 key derivation
//	                                      has no iteration count to abuse, and refusing these keys
//	                                      would only send the admin to `openssl pkcs8 -topk8`
//	DSA PRIVATE KEY                       counted as a key certlint cannot use (Bundle.KeyError)
//
// Other blocks (CSRs, public keys, CRLs, parameters) are counted and
// ignored. A block whose base64 or framing is broken is an error
// (ErrMalformed, naming its line) rather than being skipped: skipping a
// broken leaf would let the next certificate pass for it. Text outside the
// blocks (`openssl x509 -text` output, comments) is ignored. The blocks are
// counted before any is decoded, and more than MaxPEMBlocks is refused
// (ErrTooLarge, ErrCountLimit): the work is linear in the input size.
//
// A PEM with neither a certificate nor a private key is ErrNotCertificate.

var pemBegin = []byte("-----BEGIN ")

// hasPEMBlock reports whether data has a line that starts a PEM block.
func hasPEMBlock(data []byte) bool {
	return nextPEMBegin(data, 0) >= 0
}

// nextPEMBegin returns the offset, from from, of the next "-----BEGIN " at
// the start of a line, or -1.
func nextPEMBegin(data []byte, from int) int {
	for from < len(data) {
		i := bytes.Index(data[from:], pemBegin)
		if i < 0 {
			return -1
		}
		at := from + i
		if at == 0 || data[at-1] == '\n' || data[at-1] == '\r' {
			return at
		}
		from = at + len(pemBegin)
	}
	return -1
}

func (l *loader) loadPEM(data []byte) error {
	l.format = FormatPEM
	n := 0
	for at := nextPEMBegin(data, 0); at >= 0; at = nextPEMBegin(data, at+len(pemBegin)) {
		if n++; n > MaxPEMBlocks {
			return l.errorf(errTooMany, "more than %d PEM blocks", MaxPEMBlocks)
		}
	}

	var (
		nCerts, nKeys, nPKCS7 int
		certBlocks            int
		ignored               = map[string]int{}
		pos                   = 0
		index                 = 0
	)
	for {
		at := nextPEMBegin(data, pos)
		if at < 0 {
			break
		}
		index++
		block, rest := pem.Decode(data[at:])
		end := len(data) - len(rest)
		if block == nil || (nextPEMBegin(data[:end], at+len(pemBegin)) >= 0) {
			// pem.Decode skips a broken block and returns the next good one:
			// certlint reports the broken one instead.
			return l.errorf(ErrMalformed, "PEM block %d (%s, line %d) is broken: bad base64 or a missing or mismatched END line",
				index, pemTypeAt(data[at:]), 1+bytes.Count(data[:at], []byte("\n")))
		}
		pos = end
		what := fmt.Sprintf("PEM block %d (%s)", index, pemLabel(block.Type))
		switch block.Type {
		case "CERTIFICATE", "X509 CERTIFICATE":
			nCerts++
			certBlocks++
			if err := l.addCertificate(block.Bytes, nil, what); err != nil {
				return err
			}
		case "TRUSTED CERTIFICATE":
			// The certificate followed by OpenSSL's X509_CERT_AUX.
			h, ok := peekHeader(block.Bytes)
			if !ok || h.length < 0 || h.hdr+h.length > len(block.Bytes) {
				return l.errorf(ErrMalformed, "%s is broken", what)
			}
			nCerts++
			certBlocks++
			if err := l.addCertificate(block.Bytes[:h.hdr+h.length], nil, what); err != nil {
				return err
			}
		case "PKCS7":
			nPKCS7++
			der, _, err := ber.Element(block.Bytes, what)
			if err != nil {
				return l.errorf(ErrMalformed, "%v", err)
			}
			c, err := l.readPKCS7(der, what)
			if err != nil {
				return err
			}
			nCerts += c
		case "PRIVATE KEY":
			nKeys++
			key, err := parsePKCS8(block.Bytes)
			if err != nil {
				err = fmt.Errorf("%s: %w", what, err)
			}
			err = l.addKey(key, err, nil, block.Bytes)
			clear(block.Bytes)
			if err != nil {
				return err
			}
		case "ENCRYPTED PRIVATE KEY":
			nKeys++
			if err := l.addEncryptedPKCS8(block.Bytes, what); err != nil {
				return err
			}
		case "RSA PRIVATE KEY", "EC PRIVATE KEY":
			nKeys++
			if err := l.legacyPEMKey(block, what); err != nil {
				return err
			}
		case "DSA PRIVATE KEY":
			nKeys++
			clear(block.Bytes)
			if err := l.addKey(nil, fmt.Errorf("%s: DSA keys are not supported (OpsMgr needs RSA)", what), nil, nil); err != nil {
				return err
			}
		default:
			ignored[pemLabel(block.Type)]++
		}
	}
	if nCerts == 0 && nKeys == 0 {
		if len(ignored) == 0 && nPKCS7 == 0 {
			return l.errorf(ErrNotCertificate, "PEM with no certificate and no private key")
		}
		var kinds []string
		for t, c := range ignored {
			kinds = append(kinds, fmt.Sprintf("%d %s", c, t))
		}
		if nPKCS7 > 0 {
			kinds = append(kinds, fmt.Sprintf("%d PKCS7 without certificates", nPKCS7))
		}
		sort.Strings(kinds)
		return l.errorf(ErrNotCertificate, "PEM with no certificate and no private key (found %s)", strings.Join(kinds, ", "))
	}
	if nPKCS7 > 0 && certBlocks == 0 && nKeys == 0 {
		// Only PKCS7 blocks: a PEM .p7b.
		l.format = FormatPKCS7
	}
	return nil
}

// pemTypeAt returns the label of the BEGIN line at the start of b, for an
// error message (see pemLabel).
func pemTypeAt(b []byte) string {
	line := b[len(pemBegin):]
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	// The label ends at the first "-----": a key written on one line, or
	// with literal "\n" for line breaks, has its base64 right after it.
	if i := bytes.Index(line, []byte("-----")); i >= 0 {
		line = line[:i]
	}
	return pemLabel(string(line))
}

// pemLabelMax is the longest label an error message repeats; the longest
// RFC 7468 label, "ATTRIBUTE CERTIFICATE", has 21 characters.
const pemLabelMax = 40

// pemLabel returns a PEM label as an error message may repeat it: as it is
// when it looks like a label (RFC 7468 §2 labels, and OpenSSL's, are
// upper-case words: "CERTIFICATE", "EC PRIVATE KEY", "X9.42 DH
// PARAMETERS"), else
// "unrecognized label". An error never repeats more of the input than the
// label: on a BEGIN line whose label is followed by key bytes (a key
// written on one line), or a type pem.Decode read across them, the rest
// would be base64 of the private key.
func pemLabel(t string) string {
	ok := t != "" && len(t) <= pemLabelMax
	for i := 0; ok && i < len(t); i++ {
		switch c := t[i]; {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ' || c == '-' || c == '.':
			// Single separators between words (RFC 7468 §3 labelchar rules).
			ok = i > 0 && i < len(t)-1 && t[i+1] != ' ' && t[i+1] != '-' && t[i+1] != '.'
		default:
			ok = false
		}
	}
	if !ok {
		return "unrecognized label"
	}
	return t
}

// legacyPEMKey reads an RSA PRIVATE KEY (PKCS#1, RFC 8017 App. A.1.2) or EC
// PRIVATE KEY (SEC 1, RFC 5915) block, decrypting it first when it carries
// RFC 1421 encryption headers, and records the key. A block that is in fact
// PKCS#8 is accepted. A key that cannot be parsed is recorded as unusable
// (Bundle.KeyError).
func (l *loader) legacyPEMKey(block *pem.Block, what string) error {
	parse := func(der []byte) (crypto.PrivateKey, error) {
		// The form the label names, or PKCS#8.
		want := keyFormPKCS1
		if block.Type == "EC PRIVATE KEY" {
			want = keyFormSEC1
		}
		if f := keyFormOf(der); f != want && f != keyFormPKCS8 {
			return nil, fmt.Errorf("%s: not a %v", what, want)
		}
		k, err := parsePrivateKey(der)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", what, err)
		}
		return k, nil
	}
	//lint:ignore SA1019 reading legacy encrypted keys is the point; see the package comment above.
	if !x509.IsEncryptedPEMBlock(block) { //nolint:staticcheck
		defer clear(block.Bytes)
		k, err := parse(block.Bytes)
		return l.addKey(k, err, nil, block.Bytes)
	}
	var der []byte
	err := l.withPassword(what+" (legacy PEM encryption)", "", false, func(encs [][]byte) (int, error) {
		for i, pw := range encs {
			//lint:ignore SA1019 see above.
			d, err := x509.DecryptPEMBlock(block, pw) //nolint:staticcheck
			if errors.Is(err, x509.IncorrectPasswordError) {
				continue
			}
			if err != nil {
				return -1, l.errorf(ErrUnsupported, "%s: %v", what, err)
			}
			if !validDERSequence(d) {
				clear(d)
				continue // the padding verified by chance: a wrong password
			}
			der = d
			return i, nil
		}
		return -1, nil
	})
	if err != nil {
		return err
	}
	defer clear(der)
	k, kerr := parse(der)
	return l.addKey(k, kerr, nil, der)
}
