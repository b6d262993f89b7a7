package certlint

import (
	"errors"
	"fmt"
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
	// ErrTooLarge: the input is larger than LoadOptions.MaxSize.
	ErrTooLarge = errors.New("too large")
	// ErrTooManyIterations: a KDF or MAC iteration count is larger than
	// LoadOptions.MaxIterations. It is checked before any key derivation.
	ErrTooManyIterations = errors.New("too many KDF iterations")
	// ErrNotCertificate: the input is not a certificate container certlint
	// knows (PKCS#12, PEM, DER certificate, PKCS#7).
	ErrNotCertificate = errors.New("not a certificate container")
	// ErrNoPassword: the input is encrypted and no password was available.
	ErrNoPassword = errors.New("password required")
)

// LoadError is the error Load returns. File names the input; Err is one of the
// sentinel errors above; Detail says more in plain words (never a secret).
type LoadError struct {
	File   string
	Err    error
	Detail string
}

func (e *LoadError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.File, e.Err, e.Detail)
}

func (e *LoadError) Unwrap() error { return e.Err }

// loadErr builds a *LoadError; detail is formatted with args and must never
// contain a secret.
func loadErr(file string, kind error, format string, args ...any) *LoadError {
	return &LoadError{File: file, Err: kind, Detail: fmt.Sprintf(format, args...)}
}
