package certlint

import (
	"crypto/x509"
	"strings"
	"sync"

	"github.com/certlint/certlint/certlint/cert"
)

// TrustStore holds the certificates a chain may be built with.
type TrustStore struct {
	// Roots are trust anchors.
	Roots []*cert.Certificate
	// Intermediates help path building but are not trusted.
	Intermediates []*cert.Certificate
	// System adds the operating system's roots: crypto/x509's SystemCertPool,
	// which on Windows is the LocalMachine and CurrentUser "Root" stores
	// (CertGetCertificateChain), elsewhere the system's CA bundle.
	System bool
	// files names the file LoadTrustStore read each certificate from
	// (ChainCert.Source).
	files map[*cert.Certificate]string
}

// systemChain asks the operating system's verifier (crypto/x509 with
// SystemCertPool; on Windows CertGetCertificateChain over the LocalMachine
// and CurrentUser stores) whether n chains to a system root, and returns
// the certificates it added above n.
func (s *chainSearch) systemChain(n *chainNode) ([]*chainNode, bool) {
	if !s.system || n.cert.Std == nil {
		return nil, false
	}
	if n.systemAsk {
		return n.systemUp, n.trusted || len(n.systemUp) > 0
	}
	n.systemAsk = true
	pool, err := chainSystemPool()
	if err != nil || pool == nil {
		return nil, false
	}
	s.steps += 16
	chains, err := n.cert.Std.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: s.at, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil || len(chains) == 0 || len(chains[0]) == 0 {
		return nil, false
	}
	chain := chains[0]
	if len(chain) == 1 {
		n.trusted, n.origin, n.file = true, OriginSystem, ""
		return nil, true
	}
	var up []*chainNode
	for i, c := range chain[1:] {
		last := i == len(chain)-2
		nn := s.add(chainCertFromStd(c), OriginSystem, "", last)
		if nn == nil || nn.tbs == nil {
			return nil, false
		}
		up = append(up, nn)
	}
	n.systemUp = up
	return up, true
}

var (
	chainSysOnce sync.Once
	chainSysPool *x509.CertPool
	chainSysErr  error
)

func chainSystemPool() (*x509.CertPool, error) {
	chainSysOnce.Do(func() { chainSysPool, chainSysErr = x509.SystemCertPool() })
	return chainSysPool, chainSysErr
}

// chainCertFromStd wraps a crypto/x509 certificate (from the system verifier).
func chainCertFromStd(c *x509.Certificate) *cert.Certificate {
	z, _ := cert.ParseZcrypto(c.Raw)
	return &cert.Certificate{Raw: c.Raw, Std: c, Parsed: z}
}

// LoadTrustStore reads the certificates of each path in roots (trust
// anchors) and intermediates (path-building help only) into a TrustStore;
// system adds the operating system's roots (TrustStore.System). A path is a
// file LoadFile reads (PEM, DER, PKCS#7 .p7b, even a PFX, with opts for its
// password) or a directory, whose certificate files (WalkPaths:
// CertificateExtensions, recursively) are all read. The first file that
// cannot be loaded, or a path that yields no certificate, is an error
// naming it.
func LoadTrustStore(roots, intermediates []string, system bool, opts *LoadOptions) (*TrustStore, error) {
	t := &TrustStore{System: system, files: map[*cert.Certificate]string{}}
	var err error
	if t.Roots, err = chainLoadPaths(roots, opts, t.files); err != nil {
		return nil, err
	}
	if t.Intermediates, err = chainLoadPaths(intermediates, opts, t.files); err != nil {
		return nil, err
	}
	return t, nil
}

// chainLoadPaths reads the certificates of paths, noting in files the file
// each came from.
func chainLoadPaths(paths []string, opts *LoadOptions, files map[*cert.Certificate]string) ([]*cert.Certificate, error) {
	var out []*cert.Certificate
	for _, arg := range paths {
		n := len(out)
		for p, err := range WalkPaths([]string{arg}) {
			if err != nil {
				return nil, err
			}
			b, err := LoadFile(p, opts)
			if err != nil {
				return nil, err
			}
			for _, c := range b.Certificates() {
				files[c] = p
			}
			out = append(out, b.Certificates()...)
		}
		if len(out) == n {
			return nil, &LoadError{File: arg, Err: ErrNotCertificate, Detail: "no certificate found (a directory is searched for " + strings.Join(CertificateExtensions, " ") + " files)"}
		}
	}
	return out, nil
}
