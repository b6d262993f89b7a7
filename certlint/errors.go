package certlint

import (
	"errors"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. Every error returned by Load wraps exactly one of them, so
// callers can tell causes apart with errors.Is. None of their texts, nor the
// texts of the errors wrapping them, contain a password or key material.
var (
	// ErrWrongPassword: the MAC or the decryption did not verify with the
	// password given (or with no password, when none was given).
	ErrWrongPassword = errors.New("wrong password")
	// ErrMalformed: the input looks like a known container but its structure is
	// broken or truncated.
	ErrMalformed = errors.New("malformed or truncated")
	// ErrUnsupported: a well-formed container uses an algorithm certlint does
	// not implement (GOST, PBMAC1, an unknown cipher).
	ErrUnsupported = errors.New("unsupported algorithm")
	// ErrTooLarge: the input is larger than LoadOptions.MaxSize, or (with
	// ErrCountLimit) holds more of something than a fixed limit allows.
	ErrTooLarge = errors.New("too large")
	// ErrCountLimit is matched, with ErrTooLarge, by the error for an input
	// above one of the fixed count limits (MaxCertificates, MaxKeys,
	// MaxPEMBlocks, the bags of one SafeContents). No option raises these
	// limits; LoadOptions.MaxSize does not.
	ErrCountLimit = errors.New("above a fixed count limit")
	// ErrTooManyIterations: a KDF or MAC iteration count is larger than
	// LoadOptions.MaxIterations. It is checked before any key derivation.
	ErrTooManyIterations = errors.New("too many KDF iterations")
	// ErrNotCertificate: the input is not a certificate container certlint
	// knows (PKCS#12, PEM, DER certificate, PKCS#7).
	ErrNotCertificate = errors.New("not a certificate container")
	// ErrNoPassword: the input is encrypted and no password was available.
	ErrNoPassword = errors.New("password required")
	// ErrUnreadable: the file could not be read at all (it does not exist,
	// read permission is denied, a symbolic link loops, an I/O error).
	// errors.Is also matches the underlying error (fs.ErrNotExist,
	// fs.ErrPermission, ...).
	ErrUnreadable = errors.New("cannot read")
	// ErrNoInput: a PATH argument named a directory in which, and below
	// which, there is no file to lint (no file with one of
	// CertificateExtensions). Returned by Inputs, never by Load: a mistyped
	// path must not pass as "nothing wrong".
	ErrNoInput = errors.New("nothing to lint")
)

// countLimitError is the Err of a LoadError for a fixed count limit: it
// prints as ErrTooLarge and matches both ErrTooLarge and ErrCountLimit.
type countLimitError struct{}

func (countLimitError) Error() string   { return ErrTooLarge.Error() }
func (countLimitError) Unwrap() []error { return []error{ErrTooLarge, ErrCountLimit} }

// errTooMany is the kind of the errors for the fixed count limits.
var errTooMany error = countLimitError{}

// LoadError is the error Load returns. File names the input; Err is one of the
// sentinel errors above; Detail says more in plain words (never a secret).
type LoadError struct {
	File   string
	Err    error
	Detail string
}

// Error returns one line: the file name (quoted, Go syntax, when it holds a
// control character or is not valid UTF-8, so that a hostile name cannot
// break the line or forge another), the cause and the detail.
func (e *LoadError) Error() string {
	name := displayName(e.File)
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", name, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", name, e.Err, e.Detail)
}

// displayName returns name as it is when it is printable UTF-8, else quoted.
func displayName(name string) string {
	if !utf8.ValidString(name) {
		return strconv.Quote(name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return strconv.Quote(name)
		}
	}
	return name
}

// Unwrap returns the sentinel error, so that errors.Is tells the cause.
func (e *LoadError) Unwrap() error { return e.Err }

// loadErr builds a *LoadError; detail is formatted with args and must never
// contain a secret.
func loadErr(file string, kind error, format string, args ...any) *LoadError {
	return &LoadError{File: file, Err: kind, Detail: fmt.Sprintf(format, args...)}
}
