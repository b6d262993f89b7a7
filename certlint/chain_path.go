package certlint

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
)

// chainNode is one distinct certificate available to path building.
type chainNode struct {
	id      int
	cert    *Certificate
	tbs     *chainTBS
	origin  CertOrigin
	file    string // where it was read from (ChainCert.Source)
	trusted bool
	// systemUp is what the system verifier added above this node (nil:
	// not asked yet or nothing; see chainSearch.systemChain).
	systemUp  []*chainNode
	systemAsk bool
	desc      *ChainCert
}

type chainEnd int

const (
	chainEndAnchor        chainEnd = iota // reached a trust anchor
	chainEndUntrustedRoot                 // a self-signed certificate that is not trusted
	chainEndNoIssuer                      // no issuer available
	chainEndLimit                         // search limits
)

type chainSearch struct {
	at        time.Time
	nodes     []*chainNode
	byRaw     map[[32]byte]*chainNode
	bySubject map[string][]*chainNode
	bySKI     map[string][]*chainNode
	sigs      map[[2]int]error
	selfSig   map[int]bool
	system    bool
	steps     int
	paths     int
	truncated bool
	best      *chainEval
	done      bool
}

// add registers a certificate read from file; duplicates (same DER) are
// merged, and a certificate given as a root is trusted wherever else it also
// appears.
func (s *chainSearch) add(c *Certificate, origin CertOrigin, file string, trusted bool) *chainNode {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	key := sha256.Sum256(c.Raw)
	if n, ok := s.byRaw[key]; ok {
		if trusted && !n.trusted {
			n.trusted, n.origin, n.file = true, origin, file
		}
		return n
	}
	n := &chainNode{id: len(s.nodes), cert: c, origin: origin, file: file, trusted: trusted}
	s.byRaw[key] = n
	s.nodes = append(s.nodes, n)
	tbs, err := chainParseTBS(c.Raw)
	if err != nil {
		return n
	}
	n.tbs = tbs
	s.bySubject[string(tbs.subject)] = append(s.bySubject[string(tbs.subject)], n)
	if ski := tbs.ski(); len(ski) > 0 {
		s.bySKI[string(ski)] = append(s.bySKI[string(ski)], n)
	}
	return n
}

// node returns the node of a certificate already added, or nil.
func (s *chainSearch) node(c *Certificate) *chainNode {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	return s.byRaw[sha256.Sum256(c.Raw)]
}

func (s *chainSearch) parseErr(c *Certificate) error {
	if c == nil {
		return errors.New("no certificate")
	}
	_, err := chainParseTBS(c.Raw)
	if err == nil {
		err = errors.New("unknown error")
	}
	return err
}

// chainErrWeakUnchecked marks a signature made with MD2/MD4/MD5 that no
// library here will verify: the edge is kept (names and key identifiers
// match) and ProblemWeakSignature reports it.
var chainErrWeakUnchecked = errors.New("weak signature algorithm, not verified")

// chainSigOK reports whether a signature check lets the edge stand: the
// signature verifies, or it is a weak one no library here verifies
// (chainErrWeakUnchecked).
func chainSigOK(err error) bool { return err == nil || err == chainErrWeakUnchecked }

// sig verifies child's signature with parent's key, cached.
func (s *chainSearch) sig(child, parent *chainNode) error {
	k := [2]int{child.id, parent.id}
	if err, ok := s.sigs[k]; ok {
		return err
	}
	s.steps++
	err := chainCheckSignature(child.cert, parent.cert)
	if err != nil && child.tbs != nil && chainWeakHash(child.tbs.sigOID) != "" && chainUnsupported(err) {
		err = chainErrWeakUnchecked
	}
	s.sigs[k] = err
	return err
}

func chainCheckSignature(child, parent *Certificate) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("signature check failed: %v", r)
		}
	}()
	var stdErr error
	if child.Std != nil && parent.Std != nil {
		stdErr = parent.Std.CheckSignature(child.Std.SignatureAlgorithm, child.Std.RawTBSCertificate, child.Std.Signature)
		if stdErr == nil {
			return nil
		}
		if !chainUnsupported(stdErr) {
			return stdErr
		}
	}
	// zcrypto parses what Go refuses and verifies DSA and MD5 signatures.
	cz, pz := child.Parsed, parent.Parsed
	if cz == nil {
		cz, _ = zParse(child.Raw)
	}
	if pz == nil {
		pz, _ = zParse(parent.Raw)
	}
	if cz != nil && pz != nil && pz.PublicKey != nil {
		return pz.CheckSignature(cz.SignatureAlgorithm, cz.RawTBSCertificate, cz.Signature)
	}
	if stdErr != nil {
		return stdErr
	}
	if pz == nil && parent.Std == nil {
		return errors.New("the issuer's public key cannot be read")
	}
	return errors.New("the signature cannot be read")
}

// chainUnsupported reports whether a signature check failed because the
// algorithm is not implemented (as opposed to a signature that is wrong).
func chainUnsupported(err error) bool {
	var insecure x509.InsecureAlgorithmError
	var zinsecure zx509.InsecureAlgorithmError
	return errors.As(err, &insecure) || errors.As(err, &zinsecure) ||
		errors.Is(err, x509.ErrUnsupportedAlgorithm) || errors.Is(err, zx509.ErrUnsupportedAlgorithm)
}

// selfSigned: subject equals issuer and the certificate's own key verifies
// its signature (RFC 5280 3.2, 6.1).
func (s *chainSearch) selfSigned(n *chainNode) bool {
	if n.tbs == nil || !bytes.Equal(n.tbs.subject, n.tbs.issuer) {
		return false
	}
	if v, ok := s.selfSig[n.id]; ok {
		return v
	}
	err := s.sig(n, n)
	v := chainSigOK(err)
	s.selfSig[n.id] = v
	return v
}

// issuers returns the candidate issuers of the last certificate of path, best
// first, and what was rejected (for the issuer-not-found message).
func (s *chainSearch) issuers(path []*chainNode) (good, bad []*chainNode, hint string) {
	cur := path[len(path)-1]
	aki := cur.tbs.akiKeyID()
	var keyMismatch, cycle []*chainNode
	for _, c := range s.bySubject[string(cur.tbs.issuer)] {
		if c == cur || c.tbs == nil {
			continue
		}
		if chainInPath(path, c) {
			cycle = append(cycle, c)
			continue
		}
		if ski := c.tbs.ski(); len(aki) > 0 && len(ski) > 0 && !bytes.Equal(aki, ski) {
			keyMismatch = append(keyMismatch, c)
			continue
		}
		if s.steps >= chainMaxSteps {
			s.truncated = true
			break
		}
		if chainSigOK(s.sig(cur, c)) {
			good = append(good, c)
		} else {
			bad = append(bad, c)
		}
	}
	if len(good) == 0 {
		// Names match but key identifiers do not: still the issuer if its key
		// verifies the signature (crypto/x509 does the same); the mismatch is
		// reported as a profile problem.
		var still []*chainNode
		for _, c := range keyMismatch {
			if s.steps >= chainMaxSteps {
				s.truncated = true
				break
			}
			if chainSigOK(s.sig(cur, c)) {
				good = append(good, c)
			} else {
				still = append(still, c)
			}
		}
		keyMismatch = still
	}
	// Try trust anchors first, then issuers whose key identifier matches,
	// then issuers valid now; otherwise keep the input order.
	rank := func(c *chainNode) int {
		r := 0
		if !c.trusted {
			r += 4
		}
		if ski := c.tbs.ski(); len(aki) == 0 || len(ski) == 0 {
			r += 2
		}
		if !chainValidAt(c.tbs, s.at) {
			r++
		}
		return r
	}
	sort.SliceStable(good, func(i, j int) bool { return rank(good[i]) < rank(good[j]) })
	switch {
	case len(good)+len(bad) > 0:
	case len(cycle) > 0:
		hint = fmt.Sprintf("the only certificates with that name (%s) are already in the chain: the CAs certify each other in a cycle that reaches no root", chainDescribe(cycle[0]).Thumbprint)
	case len(keyMismatch) > 0:
		d := chainDescribe(keyMismatch[0])
		hint = fmt.Sprintf("a certificate with that name is present (thumbprint %s) but its subject key identifier is %s, not %s: it is another key of that CA (renewed or re-keyed)", d.Thumbprint, hex.EncodeToString(keyMismatch[0].tbs.ski()), hex.EncodeToString(aki))
	case len(aki) > 0:
		for _, c := range s.bySKI[string(aki)] {
			if c != cur {
				hint = fmt.Sprintf("a certificate with that key identifier is present but its subject is %q, not the issuer name", chainDescribe(c).Subject)
				break
			}
		}
	}
	return good, bad, hint
}

func chainInPath(path []*chainNode, c *chainNode) bool {
	for _, p := range path {
		// RFC 4158 5.2: a certificate, or the same subject with the same key,
		// may appear only once in a path.
		if p == c || (bytes.Equal(p.tbs.subject, c.tbs.subject) && bytes.Equal(p.tbs.spki, c.tbs.spki)) {
			return true
		}
	}
	return false
}

// walk extends path depth first, evaluating every complete path.
func (s *chainSearch) walk(path []*chainNode) {
	if s.done {
		return
	}
	cur := path[len(path)-1]
	if cur.trusted {
		s.consider(path, chainEndAnchor, "")
		return
	}
	if len(path) >= chainMaxDepth || s.steps >= chainMaxSteps || s.paths >= chainMaxPaths {
		s.truncated = true
		s.consider(path, chainEndLimit, "")
		return
	}
	if s.selfSigned(cur) {
		if up, ok := s.systemChain(cur); ok {
			s.consider(append(chainClone(path), up...), chainEndAnchor, "")
			return
		}
		s.consider(path, chainEndUntrustedRoot, "")
		return
	}
	good, bad, hint := s.issuers(path)
	for _, c := range good {
		s.walk(append(chainClone(path), c))
		if s.done {
			return
		}
	}
	if len(good) > 0 {
		return
	}
	if up, ok := s.systemChain(cur); ok {
		s.consider(append(chainClone(path), up...), chainEndAnchor, "")
		return
	}
	// Only issuers whose signature does not verify: follow them, so that the
	// problem reported is the signature (at most a few, to bound the work).
	for i, c := range bad {
		if i == 4 {
			break
		}
		s.walk(append(chainClone(path), c))
		if s.done {
			return
		}
	}
	if len(bad) == 0 {
		s.consider(path, chainEndNoIssuer, hint)
	}
}

func chainClone(p []*chainNode) []*chainNode { return append([]*chainNode(nil), p...) }

func (s *chainSearch) consider(path []*chainNode, end chainEnd, hint string) {
	s.paths++
	e := s.evaluate(path, end, hint)
	if e.better(s.best) {
		s.best = e
	}
	if e.anchored && e.trust == 0 && e.profile == 0 {
		s.done = true
	}
}
