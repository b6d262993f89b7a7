package chain

import (
	"crypto/x509"
	"sync"

	"github.com/certlint/certlint/certlint/cert"
)

// Store holds the certificates a chain may be built with.
type Store struct {
	// Roots are trust anchors.
	Roots []*cert.Certificate
	// Intermediates help path building but are not trusted.
	Intermediates []*cert.Certificate
	// System adds the operating system's roots: crypto/x509's SystemCertPool,
	// which on Windows is the LocalMachine and CurrentUser "Root" stores
	// (CertGetCertificateChain), elsewhere the system's CA bundle.
	System bool
	// files names the file each certificate was read from (Cert.Source).
	files map[*cert.Certificate]string
}

// Add adds certificates read from file to the store: as trust anchors when
// root is set, else as intermediates that help path building but are not
// trusted. file is written as the Source of the chain certificates that come
// from them.
func (s *Store) Add(file string, root bool, certs ...*cert.Certificate) {
	if s.files == nil {
		s.files = map[*cert.Certificate]string{}
	}
	for _, c := range certs {
		s.files[c] = file
	}
	if root {
		s.Roots = append(s.Roots, certs...)
	} else {
		s.Intermediates = append(s.Intermediates, certs...)
	}
}

// systemChain asks the operating system's verifier (crypto/x509 with
// SystemCertPool; on Windows CertGetCertificateChain over the LocalMachine
// and CurrentUser stores) whether n chains to a system root, and returns
// the certificates it added above n.
func (s *search) systemChain(n *node) ([]*node, bool) {
	if !s.system || n.cert.Std == nil {
		return nil, false
	}
	if n.systemAsk {
		return n.systemUp, n.trusted || len(n.systemUp) > 0
	}
	n.systemAsk = true
	pool, err := systemPool()
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
	var up []*node
	for i, c := range chain[1:] {
		last := i == len(chain)-2
		nn := s.add(certFromStd(c), OriginSystem, "", last)
		if nn == nil || nn.tbs == nil {
			return nil, false
		}
		up = append(up, nn)
	}
	n.systemUp = up
	return up, true
}

var (
	sysOnce sync.Once
	sysPool *x509.CertPool
	sysErr  error
)

func systemPool() (*x509.CertPool, error) {
	sysOnce.Do(func() { sysPool, sysErr = x509.SystemCertPool() })
	return sysPool, sysErr
}

// chainCertFromStd wraps a crypto/x509 certificate (from the system verifier).
func certFromStd(c *x509.Certificate) *cert.Certificate {
	z, _ := cert.ParseZcrypto(c.Raw)
	return &cert.Certificate{Raw: c.Raw, Std: c, Parsed: z}
}
