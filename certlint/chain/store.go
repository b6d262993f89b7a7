package chain

import (
	"crypto/x509"
	"slices"
	"sync"
	"sync/atomic"

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
	// cache is what every Build with this store shares (storeCache).
	cache atomic.Pointer[storeCache]
}

// storeCache is the work on a store's certificates that does not depend on
// the leaf a chain is built for, done once for all the Builds that use the
// store, concurrently or not: each certificate's hash, decoded TBS (with
// every value read from it on demand read up front, so that it is only ever
// read afterwards) and description, and the outcome of signature checks
// between two store certificates (an intermediate under its root, a root's
// self-signature), which every leaf issued by the same CA repeats.
//
// A Build charges a cached check to its work budget as if it had run it, so
// that what it reports never depends on which Build ran first.
type storeCache struct {
	roots, intermediates []*cert.Certificate // what it was made from
	mu                   sync.Mutex
	sigs                 map[[2][32]byte]error
	// subjectKeys maps the subject DER of each store certificate to its
	// RFC 5280 7.1 key (name.key, a function of the DER alone).
	subjectKeys map[string]string
	// distinct are the store's certificates once each (by SHA-256), in the
	// order a search numbers its nodes: intermediates, then roots. byHash,
	// bySubject (RFC 5280 7.1 key) and bySKI index them, each list in that
	// order; a search makes a node of one only when a lookup reaches it.
	distinct []storeNode
	// checks are the problems of store certificates (checkCert), by
	// certificate and what they depend on (guarded by mu).
	checks    map[certCheckKey][]Problem
	byHash    map[[32]byte]int
	bySubject map[string][]int
	bySKI     map[string][]int
}

// storeNode is one distinct store certificate, prepared, as a search sees
// it. A certificate given more than once is trusted when any occurrence is
// a root, with the origin and file of the first such occurrence (else those
// of its first occurrence).
type storeNode struct {
	cert    *cert.Certificate
	hash    [32]byte // SHA-256 of the DER
	tbs     *tbsCert // nil when it cannot be decoded
	desc    *Cert
	rsa     *rsaKey // nil unless an RSA key newRSAKey prepares
	origin  Origin
	file    string
	trusted bool
}

// sigCacheMax bounds the signature outcomes a store keeps: a store of n
// certificates has at most n*n pairs, and real stores hold a few.
const sigCacheMax = 1 << 16

// prepared returns the store's cache, made afresh when the store's
// certificates changed since it was made (a slice appended to or an element
// replaced).
func (s *Store) prepared() *storeCache {
	if c := s.cache.Load(); c != nil && slices.Equal(c.roots, s.Roots) && slices.Equal(c.intermediates, s.Intermediates) {
		return c
	}
	c := &storeCache{
		roots:         slices.Clone(s.Roots),
		intermediates: slices.Clone(s.Intermediates),
		sigs:          map[[2][32]byte]error{},
		subjectKeys:   map[string]string{},
		byHash:        map[[32]byte]int{},
		checks:        map[certCheckKey][]Problem{},
		bySubject:     map[string][]int{},
		bySKI:         map[string][]int{},
	}
	for _, group := range []struct {
		list   []*cert.Certificate
		origin Origin
	}{{s.Intermediates, OriginIntermediates}, {s.Roots, OriginRoots}} {
		root := group.origin == OriginRoots
		for _, crt := range group.list {
			if crt == nil || len(crt.Raw) == 0 {
				continue
			}
			hash := crt.SHA256()
			if i, ok := c.byHash[hash]; ok {
				if d := &c.distinct[i]; root && !d.trusted {
					d.trusted, d.origin, d.file = true, group.origin, s.files[crt]
				}
				continue
			}
			d := storeNode{cert: crt, hash: hash, origin: group.origin, file: s.files[crt], trusted: root}
			if crt.Std != nil {
				d.rsa = newRSAKey(crt.Std.PublicKey)
			}
			if tbs, err := parseTBS(crt.Raw); err == nil {
				tbs.warm()
				d.tbs = tbs
				c.subjectKeys[string(tbs.subject)] = tbs.subjectName().key
			}
			desc := describeNew(&node{cert: crt, tbs: d.tbs})
			d.desc = &desc
			i := len(c.distinct)
			c.byHash[hash] = i
			c.distinct = append(c.distinct, d)
			if d.tbs == nil {
				continue
			}
			k := d.tbs.subjectName().key
			c.bySubject[k] = append(c.bySubject[k], i)
			if ski := d.tbs.ski(); len(ski) > 0 {
				c.bySKI[string(ski)] = append(c.bySKI[string(ski)], i)
			}
		}
	}
	s.cache.Store(c)
	return c
}

// sig returns the cached outcome of checking child's signature with
// parent's key, computing it with check on a miss.
func (c *storeCache) sig(child, parent [32]byte, check func() error) error {
	k := [2][32]byte{child, parent}
	c.mu.Lock()
	err, ok := c.sigs[k]
	c.mu.Unlock()
	if ok {
		return err
	}
	err = check()
	c.mu.Lock()
	if len(c.sigs) < sigCacheMax {
		c.sigs[k] = err
	}
	c.mu.Unlock()
	return err
}

// certCheckKey is what the problems checkCert finds in a store certificate
// depend on: the certificate, whether it is a CA of the path (not its
// leaf) and its trust anchor, whether it is self-signed, whether the chain
// uses its key, and the time it is judged at.
type certCheckKey struct {
	hash                        [32]byte
	isCA, anchor, self, keyUsed bool
	at                          int64
}

// certChecksMax bounds the entries of storeCache.checks: a few per store
// certificate and time.
const certChecksMax = 1 << 14

func (c *storeCache) certChecks(k certCheckKey) ([]Problem, bool) {
	c.mu.Lock()
	ps, ok := c.checks[k]
	c.mu.Unlock()
	return ps, ok
}

// putCertChecks keeps a copy of ps (the caller's slice goes on growing).
func (c *storeCache) putCertChecks(k certCheckKey, ps []Problem) {
	kept := slices.Clone(ps)
	c.mu.Lock()
	if len(c.checks) < certChecksMax {
		c.checks[k] = kept
	}
	c.mu.Unlock()
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
