package chain

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	zx509 "github.com/zmap/zcrypto/x509"
)

// chainNode is one distinct certificate available to path building.
type node struct {
	id   int
	cert *cert.Certificate
	hash [32]byte // SHA-256 of the DER
	tbs  *tbsCert
	// stored: the node is a trust store certificate prepared by the
	// store's cache (tbs and desc shared with other searches, read only).
	stored bool
	// rsa is a stored node's prepared RSA key (nil when not prepared).
	rsa     *rsaKey
	origin  Origin
	file    string // where it was read from (Cert.Source)
	trusted bool
	// systemUp is what the system verifier added above this node (nil:
	// not asked yet or nothing; see chainSearch.systemChain).
	systemUp  []*node
	systemAsk bool
	desc      *Cert
	// closest is the closest-candidate message of an issuer not found,
	// computed once (closestDone).
	closest     string
	closestDone bool
}

type pathEnd int

const (
	endAnchor        pathEnd = iota // reached a trust anchor
	endUntrustedRoot                // a self-signed certificate that is not trusted
	endNoIssuer                     // no issuer available
	endLimit                        // search limits
	endRefused                      // a self-issued certificate whose key is beyond a limit
)

type search struct {
	at time.Time
	// nodes are the certificates of the input (the first inputs of them),
	// then those the system's verifier added, in the order they were
	// added; byRaw and bySKI index them. The trust store's certificates are
	// numbered between the two groups and indexed by the store
	// (storeCache); storeNode makes a node of one when a lookup reaches it.
	// nextID is the number the next node added gets.
	nodes  []*node
	byRaw  map[[32]byte]*node
	bySKI  map[string][]*node
	nextID int
	inputs int
	// storeNodes holds the nodes made of store certificates, by index in
	// storeCache.distinct (a map for a large store); merged lists, in
	// ascending order, the store certificates that are also input
	// certificates, whose node is the input's.
	storeNodes    []*node
	storeNodesMap map[int]*node
	merged        []int
	// unindexed are the nodes not from the trust store, in the order they
	// were added.
	unindexed []*node
	// inputBySubject indexes unindexed once there are more than
	// unindexedMax of them.
	inputBySubject map[string][]*node
	sigs           map[[2]int]error
	selfSig        map[int]bool
	system         bool
	steps          int
	paths          int
	truncated      bool
	best           *candidate
	done           bool
	// work is the cost of the signature checks made (chainWorkBudget).
	work  int64
	spent bool
	// limit names the first search limit reached ("" = none).
	limit string
	// nc caches name-constraint results by (issuer, certificate) node ids;
	// ncWork is the name-constraint work done (chainNCMaxWork).
	nc     map[[2]int]*ncProblem
	ncWork int64
	// store is the trust store's cache (nil without a store).
	store *storeCache
}

// hit records that a search limit was reached.
func (s *search) hit(limit string) {
	s.truncated = true
	if s.limit == "" {
		s.limit = limit
	}
}

// limitDetail says which search limit stopped path building.
func (s *search) limitDetail() string {
	switch s.limit {
	case "depth":
		return fmt.Sprintf("path building stopped at a chain of %d certificates, its limit: the input is pathological, and no trusted chain was found within the limit", MaxDepth)
	case "paths":
		return fmt.Sprintf("path building stopped after %d candidate paths, its limit: the input is pathological, and no trusted chain was found within the limit", MaxPaths)
	case "work":
		return fmt.Sprintf("path building stopped when its signature checks reached their work budget (%d units, about %d checks with 2048-bit RSA keys or %d with 16,384-bit keys): the input is pathological, and no trusted chain was found within the budget",
			workBudget, workBudget/rSA2048Cost, workBudget/rSA16384Cost)
	}
	return fmt.Sprintf("path building stopped after %d signature checks, its limit: the input is pathological, and no trusted chain was found within the limit", MaxSteps)
}

// add registers a certificate read from file; duplicates (same DER) are
// merged, and a certificate given as a root is trusted wherever else it also
// appears.
func (s *search) add(c *cert.Certificate, origin Origin, file string, trusted bool) *node {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	key := c.SHA256()
	n, ok := s.byRaw[key]
	if !ok && s.store != nil {
		if p, inStore := s.store.byHash[key]; inStore {
			n, ok = s.storeNode(p), true
		}
	}
	if ok {
		if trusted && !n.trusted {
			n.trusted, n.origin, n.file = true, origin, file
		}
		return n
	}
	n = &node{id: s.nextID, cert: c, hash: key, origin: origin, file: file, trusted: trusted}
	s.nextID++
	s.byRaw[key] = n
	s.nodes = append(s.nodes, n)
	tbs, err := parseTBS(c.Raw)
	if err != nil {
		return n
	}
	n.tbs = tbs
	// Indexed by subject only when some lookup may match it (issuers):
	// an end-entity certificate's subject is rarely any issuer's name,
	// and normalising it for nothing cost a tenth of chain building.
	s.unindexed = append(s.unindexed, n)
	if s.inputBySubject != nil {
		k := tbs.subjectName().key
		s.inputBySubject[k] = append(s.inputBySubject[k], n)
	}
	if ski := tbs.ski(); len(ski) > 0 {
		s.bySKI[string(ski)] = append(s.bySKI[string(ski)], n)
	}
	return n
}

// linkStore numbers the trust store's certificates after the nodes added so
// far (the input's), as if each had been added in the store's order, and
// merges into an input node the store certificates it duplicates.
func (s *search) linkStore(c *storeCache) {
	s.store = c
	s.inputs = len(s.nodes)
	for _, n := range s.nodes {
		p, ok := c.byHash[n.hash]
		if !ok {
			continue
		}
		s.merged = append(s.merged, p)
		if d := &c.distinct[p]; d.trusted && !n.trusted {
			n.trusted, n.origin, n.file = true, d.origin, d.file
		}
	}
	sort.Ints(s.merged)
	s.nextID = s.inputs + len(c.distinct) - len(s.merged)
}

// isMerged reports whether the store certificate p is also an input's.
func (s *search) isMerged(p int) bool {
	i := sort.SearchInts(s.merged, p)
	return i < len(s.merged) && s.merged[i] == p
}

// storeNodeMapMin is the store size from which storeNodes is a map: a
// slice the size of the store per Build would cost what the index saves.
const storeNodeMapMin = 256

// storeNode returns the node of the store certificate p (not merged),
// making it on first use: its hash, TBS, description and prepared key are
// the store's, shared by every search and only read.
func (s *search) storeNode(p int) *node {
	big := len(s.store.distinct) >= storeNodeMapMin
	if big {
		if n := s.storeNodesMap[p]; n != nil {
			return n
		}
	} else {
		if s.storeNodes == nil {
			s.storeNodes = make([]*node, len(s.store.distinct))
		}
		if n := s.storeNodes[p]; n != nil {
			return n
		}
	}
	d := &s.store.distinct[p]
	n := &node{id: s.inputs + p - sort.SearchInts(s.merged, p), cert: d.cert, hash: d.hash, origin: d.origin, file: d.file, trusted: d.trusted,
		stored: true, desc: d.desc, rsa: d.rsa, tbs: d.tbs}
	if big {
		if s.storeNodesMap == nil {
			s.storeNodesMap = map[int]*node{}
		}
		s.storeNodesMap[p] = n
	} else {
		s.storeNodes[p] = n
	}
	return n
}

// storeList returns the nodes of the store certificates ps, those that are
// also input certificates left out (the input's node stands for them).
func (s *search) storeList(ps []int) []*node {
	if s.store == nil || len(ps) == 0 {
		return nil
	}
	out := make([]*node, 0, len(ps))
	for _, p := range ps {
		if !s.isMerged(p) {
			out = append(out, s.storeNode(p))
		}
	}
	return out
}

// mergeByID merges two lists each in ascending id order.
func mergeByID(a, b []*node) []*node {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]*node, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || (len(a) > 0 && a[0].id < b[0].id) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// eachNode calls f on every node in id order (the input's, the trust
// store's, the system's) until f returns false, making store nodes as it
// goes.
func (s *search) eachNode(f func(*node) bool) {
	for _, n := range s.nodes[:s.inputs] {
		if !f(n) {
			return
		}
	}
	if s.store != nil {
		for p := range s.store.distinct {
			if !s.isMerged(p) && !f(s.storeNode(p)) {
				return
			}
		}
	}
	for _, n := range s.nodes[s.inputs:] {
		if !f(n) {
			return
		}
	}
}

// withSubject returns the nodes whose subject is the name der (whose
// RFC 5280 7.1 key is key), in the order they were added: the trust store's,
// indexed, and those of the input, compared here, first by shape.
func (s *search) withSubject(der []byte, key string) []*node {
	var indexed []*node
	if s.store != nil {
		indexed = s.storeList(s.store.bySubject[key])
	}
	var more []*node
	if len(s.unindexed) > unindexedMax {
		// Many input certificates (a hostile bundle of same-name CAs):
		// index them too, so that each lookup stays a map access.
		if s.inputBySubject == nil {
			s.inputBySubject = map[string][]*node{}
			for _, n := range s.unindexed {
				k := n.tbs.subjectName().key
				s.inputBySubject[k] = append(s.inputBySubject[k], n)
			}
		}
		more = s.inputBySubject[key]
	} else {
		for _, n := range s.unindexed {
			if sameShape(n.tbs.subject, der) && n.tbs.subjectName().key == key {
				more = append(more, n)
			}
		}
	}
	return mergeByID(indexed, more)
}

// unindexedMax is how many input certificates withSubject compares one by
// one; beyond it they are indexed like the trust store's.
const unindexedMax = 8

// node returns the node of a certificate already added, or nil.
func (s *search) node(c *cert.Certificate) *node {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	return s.byRaw[c.SHA256()]
}

func (s *search) parseErr(c *cert.Certificate) error {
	if c == nil {
		return errors.New("no certificate")
	}
	_, err := parseTBS(c.Raw)
	if err == nil {
		err = errors.New("unknown error")
	}
	return err
}

// chainErrWeakUnchecked marks a signature made with MD2/MD4/MD5 that no
// library here will verify: the edge is kept (names and key identifiers
// match) and ProblemWeakSignature reports it.
var errWeakUnchecked = errors.New("weak signature algorithm, not verified")

// chainSigOK reports whether a signature check lets the edge stand: the
// signature verifies, or it is a weak one no library here verifies
// (chainErrWeakUnchecked).
func sigOK(err error) bool { return err == nil || err == errWeakUnchecked }

// sig verifies child's signature with parent's key, cached. The check is
// charged to the work budget before it runs, by the size of the key and of
// the data signed; a key beyond a limit (chainKeyInfo.limit) is not used,
// and once the budget is spent no check runs: both are a *chainLimitError.
func (s *search) sig(child, parent *node) error {
	k := [2]int{child.id, parent.id}
	if err, ok := s.sigs[k]; ok {
		return err
	}
	var err error
	key := parent.tbs.publicKey()
	cost := key.cost + 2*int64(len(child.cert.Raw))
	switch {
	case key.limit != nil:
		err = key.limit
	case s.spent || s.work+cost > workBudget:
		s.spent = true
		s.hit("work")
		err = &limitError{Limit: "work", Detail: "its signature was not checked: " + s.limitDetail()}
	default:
		s.steps++
		s.work += cost
		check := func() error {
			if std := child.cert.Std; std != nil && parent.rsa.verifiesPKCS1v15(std.SignatureAlgorithm, std.RawTBSCertificate, std.Signature) {
				return nil
			}
			err := checkSignature(child.cert, parent.cert)
			if err != nil && child.tbs != nil && weakHash(child.tbs.sigOID) != "" && unsupported(err) {
				err = errWeakUnchecked
			}
			return err
		}
		if child.stored && parent.stored && s.store != nil {
			err = s.store.sig(child.hash, parent.hash, check)
		} else {
			err = check()
		}
	}
	s.sigs[k] = err
	return err
}

// chainIsLimit reports whether err is a refusal to do work beyond a limit,
// and which.
func isLimit(err error) (*limitError, bool) {
	var l *limitError
	ok := errors.As(err, &l)
	return l, ok
}

func checkSignature(child, parent *cert.Certificate) (err error) {
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
		if !unsupported(stdErr) {
			return stdErr
		}
	}
	// zcrypto parses what Go refuses and verifies DSA and MD5 signatures.
	cz, pz := child.Parsed, parent.Parsed
	if cz == nil {
		cz, _ = cert.ParseZcrypto(child.Raw)
	}
	if pz == nil {
		pz, _ = cert.ParseZcrypto(parent.Raw)
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
func unsupported(err error) bool {
	var insecure x509.InsecureAlgorithmError
	var zinsecure zx509.InsecureAlgorithmError
	return errors.As(err, &insecure) || errors.As(err, &zinsecure) ||
		errors.Is(err, x509.ErrUnsupportedAlgorithm) || errors.Is(err, zx509.ErrUnsupportedAlgorithm)
}

// selfSigned: subject equals issuer and the certificate's own key verifies
// its signature (RFC 5280 3.2, 6.1).
func (s *search) selfSigned(n *node) bool {
	if n.tbs == nil || !n.tbs.selfIssued() {
		return false
	}
	if v, ok := s.selfSig[n.id]; ok {
		return v
	}
	err := s.sig(n, n)
	v := sigOK(err)
	if s.selfSig == nil {
		s.selfSig = map[int]bool{}
	}
	s.selfSig[n.id] = v
	return v
}

// issuers returns the candidate issuers of the last certificate of path, best
// first, and what was rejected (for the issuer-not-found message). A
// candidate's subject must be the certificate's issuer name as RFC 5280 7.1
// compares names (case and spaces ignored, string types alike), so a chain
// whose names differ only in encoding is built, and reported
// (ProfileNameEncoding).
func (s *search) issuers(path []*node) (good, bad []*node, hint string) {
	cur := path[len(path)-1]
	aki := cur.tbs.akiKeyID()
	var keyMismatch, cycle []*node
	for _, c := range s.withSubject(cur.tbs.issuer, s.issuerKey(cur.tbs)) {
		if c == cur || c.tbs == nil {
			continue
		}
		if inPath(path, c) {
			cycle = append(cycle, c)
			continue
		}
		if ski := c.tbs.ski(); len(aki) > 0 && len(ski) > 0 && !bytes.Equal(aki, ski) {
			keyMismatch = append(keyMismatch, c)
			continue
		}
		if s.steps >= MaxSteps {
			s.hit("checks")
			break
		}
		if sigOK(s.sig(cur, c)) {
			good = append(good, c)
		} else {
			bad = append(bad, c)
		}
	}
	if len(good) == 0 {
		// Names match but key identifiers do not: still the issuer if its key
		// verifies the signature (crypto/x509 does the same); the mismatch is
		// reported as a profile problem.
		var still []*node
		for _, c := range keyMismatch {
			if s.steps >= MaxSteps {
				s.hit("checks")
				break
			}
			if sigOK(s.sig(cur, c)) {
				good = append(good, c)
			} else {
				still = append(still, c)
			}
		}
		keyMismatch = still
	}
	// Try trust anchors first, then issuers whose key identifier matches,
	// then issuers valid now; otherwise keep the input order.
	rank := func(c *node) int {
		r := 0
		if !c.trusted {
			r += 4
		}
		if ski := c.tbs.ski(); len(aki) == 0 || len(ski) == 0 {
			r += 2
		}
		if !validAt(c.tbs, s.at) {
			r++
		}
		return r
	}
	if len(good) > 1 {
		sort.SliceStable(good, func(i, j int) bool { return rank(good[i]) < rank(good[j]) })
	}
	switch {
	case len(good)+len(bad) > 0:
	case len(cycle) > 0:
		hint = fmt.Sprintf("the only certificates with that name (%s) are already in the chain: the CAs certify each other in a cycle that reaches no root", describe(cycle[0]).Thumbprint)
	case len(keyMismatch) > 0:
		d := describe(keyMismatch[0])
		hint = fmt.Sprintf("a certificate with that name is present (thumbprint %s%s) but its subject key identifier is %s, not %s: it is another key of that CA (renewed or re-keyed)", d.Thumbprint, from(keyMismatch[0]), hex.EncodeToString(keyMismatch[0].tbs.ski()), hex.EncodeToString(aki))
	default:
		hint = s.closest(cur, aki)
	}
	return good, bad, hint
}

// issuerKey is t's issuer name key (RFC 5280 7.1). A key is a function of
// the name's DER alone, so when those bytes are the subject of a trust store
// certificate, as a leaf's issuer name usually is, the store's key for them
// is taken rather than the name normalised again.
func (s *search) issuerKey(t *tbsCert) string {
	if t.issName == nil && s.store != nil {
		if k, ok := s.store.subjectKeys[string(t.issuer)]; ok {
			return k
		}
	}
	return t.issuerName().key
}

// closest names the certificate given that comes closest to being the
// missing issuer of cur, and why it is not: one with the authority key
// identifier cur names, else the one whose subject shares the most
// attributes with cur's issuer name.
func (s *search) closest(cur *node, aki []byte) string {
	if !cur.closestDone {
		cur.closest, cur.closestDone = s.findClosest(cur, aki), true
	}
	return cur.closest
}

func (s *search) findClosest(cur *node, aki []byte) string {
	if len(aki) > 0 {
		var stored []*node
		if s.store != nil {
			stored = s.storeList(s.store.bySKI[string(aki)])
		}
		for _, c := range mergeByID(stored, s.bySKI[string(aki)]) {
			if c != cur && c.tbs != nil {
				_, diff := nameDistance(cur.tbs.issuerName(), c.tbs.subjectName())
				return fmt.Sprintf("the certificate given with that key identifier, %q (thumbprint %s%s), has another subject: %s", c.tbs.subjectDN(), describe(c).Thumbprint, from(c), diff)
			}
		}
	}
	want := cur.tbs.issuerName()
	var best *node
	bestShared, bestDiff := 0, ""
	i := 0
	s.eachNode(func(c *node) bool {
		if i >= closestMax {
			return false
		}
		i++
		if c == cur || c.tbs == nil {
			return true
		}
		if shared, diff := nameDistance(want, c.tbs.subjectName()); shared > bestShared {
			best, bestShared, bestDiff = c, shared, diff
		}
		return true
	})
	if best == nil {
		return "no certificate given has a subject close to that name"
	}
	return fmt.Sprintf("the closest certificate given is %q (thumbprint %s%s), rejected because %s", best.tbs.subjectDN(), describe(best).Thumbprint, from(best), bestDiff)
}

// chainClosestMax bounds the certificates closest compares with the missing
// issuer's name.
const closestMax = 256

// chainFrom says where a certificate was given, for a message.
func from(n *node) string {
	switch {
	case n.origin == OriginRoots && n.file != "":
		return ", from --roots " + n.file
	case n.origin == OriginIntermediates && n.file != "":
		return ", from --intermediates " + n.file
	case n.origin == OriginBundle:
		return ", from the input"
	}
	return ""
}

func inPath(path []*node, c *node) bool {
	for _, p := range path {
		// RFC 4158 5.2: a certificate, or the same subject with the same key,
		// may appear only once in a path.
		if p == c || (bytes.Equal(p.tbs.spki, c.tbs.spki) && p.tbs.subjectName().key == c.tbs.subjectName().key) {
			return true
		}
	}
	return false
}

// walk extends path depth first, evaluating every complete path.
func (s *search) walk(path []*node) {
	if s.done {
		return
	}
	cur := path[len(path)-1]
	if cur.trusted {
		s.consider(path, endAnchor, "")
		return
	}
	if s.atLimit(len(path)) {
		s.consider(path, endLimit, "")
		return
	}
	if s.selfSigned(cur) {
		if up, ok := s.systemChain(cur); ok {
			s.consider(append(clonePath(path), up...), endAnchor, "")
			return
		}
		s.consider(path, endUntrustedRoot, "")
		return
	}
	good, bad, hint := s.issuers(path)
	for _, c := range good {
		s.walk(append(clonePath(path), c))
		if s.done {
			return
		}
	}
	if len(good) > 0 {
		return
	}
	if up, ok := s.systemChain(cur); ok {
		s.consider(append(clonePath(path), up...), endAnchor, "")
		return
	}
	// Only issuers whose signature does not verify: follow them, so that the
	// problem reported is the signature (at most a few, to bound the work).
	for i, c := range bad {
		if i == 4 {
			break
		}
		s.walk(append(clonePath(path), c))
		if s.done {
			return
		}
	}
	if len(bad) > 0 {
		return
	}
	// A self-issued certificate whose own key is beyond a limit: whether it
	// is self-signed is unknown, and the key is the problem to report.
	if cur.tbs.selfIssued() {
		if _, ok := isLimit(s.sig(cur, cur)); ok {
			s.consider(path, endRefused, "")
			return
		}
	}
	s.consider(path, endNoIssuer, hint)
}

// atLimit reports whether a path of depth certificates may grow no more.
func (s *search) atLimit(depth int) bool {
	switch {
	case depth >= MaxDepth:
		s.hit("depth")
	case s.steps >= MaxSteps:
		s.hit("checks")
	case s.spent:
	default:
		return false
	}
	return true
}

func clonePath(p []*node) []*node { return append([]*node(nil), p...) }

// consider evaluates a complete path and keeps the best. The number of paths
// evaluated is capped (chainMaxPaths): past it, the search stops.
func (s *search) consider(path []*node, end pathEnd, hint string) {
	if s.paths >= MaxPaths {
		s.hit("paths")
		s.done = true
		return
	}
	s.paths++
	e := s.evaluate(path, end, hint)
	if e.better(s.best) {
		s.best = e
	}
	if e.anchored && e.trust == 0 && e.profile == 0 {
		s.done = true
	}
}
