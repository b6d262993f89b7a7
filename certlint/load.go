package certlint

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

// LoadOptions controls Load and LoadFile. The zero value is usable.
type LoadOptions struct {
	// Password returns the password for an encrypted input. It is called at
	// most once per input, and only when the input is encrypted. nil means no
	// password (an empty password is still tried for PFX files).
	Password func() (string, error)
	// MaxSize overrides DefaultMaxSize when > 0.
	MaxSize int64
	// MaxIterations overrides DefaultMaxIterations when > 0.
	MaxIterations int
}
