package certlint

import (
	"strings"

	"github.com/certlint/certlint/certlint/chain"
)

// LoadTrustStore reads the certificates of each path in roots (trust
// anchors) and intermediates (path-building help only) into a chain.Store;
// system adds the operating system's roots (chain.Store.System). A path is a
// file LoadFile reads (PEM, DER, PKCS#7 .p7b, even a PFX, with opts for its
// password) or a directory, whose certificate files (WalkPaths:
// CertificateExtensions, recursively) are all read. The first file that
// cannot be loaded, or a path that yields no certificate, is an error
// naming it.
func LoadTrustStore(roots, intermediates []string, system bool, opts *LoadOptions) (*chain.Store, error) {
	t := &chain.Store{System: system}
	if err := loadTrustPaths(t, roots, true, opts); err != nil {
		return nil, err
	}
	if err := loadTrustPaths(t, intermediates, false, opts); err != nil {
		return nil, err
	}
	return t, nil
}

// loadTrustPaths adds the certificates of paths to t, each with the file it
// came from.
func loadTrustPaths(t *chain.Store, paths []string, root bool, opts *LoadOptions) error {
	for _, arg := range paths {
		n := 0
		for p, err := range WalkPaths([]string{arg}) {
			if err != nil {
				return err
			}
			b, err := LoadFile(p, opts)
			if err != nil {
				return err
			}
			t.Add(p, root, b.Certificates()...)
			n += len(b.Certificates())
		}
		if n == 0 {
			return &LoadError{File: arg, Err: ErrNotCertificate, Detail: "no certificate found (a directory is searched for " + strings.Join(CertificateExtensions, " ") + " files)"}
		}
	}
	return nil
}
