package certlint

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TrustStore holds the certificates a chain may be built with.
type TrustStore struct {
	// Roots are trust anchors.
	Roots []*Certificate
	// Intermediates help path building but are not trusted.
	Intermediates []*Certificate
	// System adds the operating system's roots: crypto/x509's SystemCertPool,
	// which on Windows is the LocalMachine and CurrentUser "Root" stores
	// (CertGetCertificateChain), elsewhere the system's CA bundle.
	System bool
}

// ChainRole is what a certificate of the input turned out to be once the
// leaf's chain was built.
type ChainRole string

const (
	ChainRoleLeaf         ChainRole = "leaf"
	ChainRoleIntermediate ChainRole = "intermediate"
	// ChainRoleRoot: the last certificate of the chain, a trust anchor or a
	// self-signed certificate.
	ChainRoleRoot ChainRole = "root"
	// ChainRoleUnrelated: not part of the chain built for the leaf.
	ChainRoleUnrelated ChainRole = "unrelated"
)

// CertOrigin says where a chain certificate was found.
type CertOrigin string

const (
	OriginBundle        CertOrigin = "bundle"        // the input itself
	OriginIntermediates CertOrigin = "intermediates" // TrustStore.Intermediates
	OriginRoots         CertOrigin = "roots"         // TrustStore.Roots
	OriginSystem        CertOrigin = "system"        // the operating system's stores
)

// ProblemClass says what a chain problem means for OpsMgr.
type ProblemClass string

const (
	// ClassTrust: Windows' chain engine (CertGetCertificateChain, which
	// Schannel uses for OpsMgr mutual authentication) rejects the chain; the
	// peer logs event 20072 "the remote certificate is not trusted".
	ClassTrust ProblemClass = "trust"
	// ClassLeaf: a defect of the leaf alone (validity, EKU) that certlint's
	// leaf lints report with their own events (21007, 20050).
	ClassLeaf ProblemClass = "leaf"
	// ClassProfile: the chain breaks an RFC 5280 or CA/Browser Forum Baseline
	// Requirements profile rule that Windows tolerates but strict validators
	// (and a PKI team's policy) reject.
	ClassProfile ProblemClass = "profile"
)

// ProblemKind names one kind of chain problem.
type ProblemKind string

// Trust problems (ClassTrust).
const (
	// ProblemIssuerNotFound: no certificate with the issuer's name (and key
	// identifier) was available; IssuerName and IssuerKeyID say which.
	ProblemIssuerNotFound ProblemKind = "issuer_not_found"
	// ProblemRootNotTrusted: the chain ends at a self-signed certificate that
	// is not a trust anchor.
	ProblemRootNotTrusted ProblemKind = "root_not_trusted"
	// ProblemBadSignature: the certificate's signature does not verify with
	// its issuer's public key (RFC 5280 6.1.3 (a)(1)).
	ProblemBadSignature ProblemKind = "bad_signature"
	// ProblemCAValidity: a CA certificate is outside its validity period at
	// the evaluation time (RFC 5280 6.1.3 (a)(2)).
	ProblemCAValidity ProblemKind = "ca_validity"
	// ProblemNotCA: an issuing certificate lacks basicConstraints cA=TRUE
	// (RFC 5280 4.2.1.9, 6.1.4 (k)).
	ProblemNotCA ProblemKind = "not_ca"
	// ProblemNoKeyCertSign: an issuing certificate has a keyUsage without
	// keyCertSign (RFC 5280 4.2.1.3, 6.1.4 (n)).
	ProblemNoKeyCertSign ProblemKind = "no_key_cert_sign"
	// ProblemPathLength: a pathLenConstraint is exceeded (RFC 5280 4.2.1.9,
	// 6.1.4 (l), (m)).
	ProblemPathLength ProblemKind = "path_length"
	// ProblemCAEKU: a CA certificate's extendedKeyUsage excludes Usage
	// (serverAuth or clientAuth); Windows intersects the EKUs of every
	// certificate in the chain.
	ProblemCAEKU ProblemKind = "ca_eku"
	// ProblemWeakSignature: an MD2, MD4 or MD5 signature, which Windows
	// refuses for certificate chains (Microsoft Security Advisory 2862973).
	ProblemWeakSignature ProblemKind = "weak_signature"
	// ProblemUnknownCriticalExtension: a critical extension the validator
	// does not know (RFC 5280 4.2, 6.1.4 (o)).
	ProblemUnknownCriticalExtension ProblemKind = "unknown_critical_extension"
	// ProblemNameConstraints: a name of the chain falls outside an issuer's
	// nameConstraints (RFC 5280 4.2.1.10, 6.1.3 (b), (c)).
	ProblemNameConstraints ProblemKind = "name_constraints"
	// ProblemMalformed: the certificate cannot be decoded at all.
	ProblemMalformed ProblemKind = "malformed"
	// ProblemSearchLimit: path building gave up (chain too long or too many
	// candidate issuers); the input is pathological.
	ProblemSearchLimit ProblemKind = "search_limit"
)

// Leaf problems (ClassLeaf).
const (
	// ProblemLeafValidity: the leaf is outside its validity period.
	ProblemLeafValidity ProblemKind = "leaf_validity"
	// ProblemLeafEKU: the leaf's extendedKeyUsage excludes Usage.
	ProblemLeafEKU ProblemKind = "leaf_eku"
)

// Profile problems (ClassProfile); Rule cites the rule broken.
const (
	ProfileVersion            ProblemKind = "profile_version"             // not X.509 v3
	ProfileSerial             ProblemKind = "profile_serial"              // zero, negative or longer than 20 octets
	ProfileSignatureAlgorithm ProblemKind = "profile_signature_algorithm" // inner and outer algorithms differ
	ProfileEmptyName          ProblemKind = "profile_empty_name"          // empty issuer, or CA with empty subject
	ProfileDuplicateExtension ProblemKind = "profile_duplicate_extension"
	ProfileKeyIdentifier      ProblemKind = "profile_key_identifier" // AKI / SKI missing, critical or inconsistent
	ProfileCriticality        ProblemKind = "profile_criticality"    // an extension marked (non-)critical against the profile
	ProfileKeyUsage           ProblemKind = "profile_key_usage"      // keyUsage and basicConstraints disagree
	ProfileEKU                ProblemKind = "profile_eku"            // leaf without / with empty / with anyExtendedKeyUsage EKU, root with EKU
	ProfileKey                ProblemKind = "profile_key"            // forbidden key type or size
	ProfileUnparsable         ProblemKind = "profile_unparsable"     // crypto/x509 refuses the certificate
)

// Problem is one defect of the chain, naming the certificate it is about.
type Problem struct {
	Kind  ProblemKind  `json:"kind"`
	Class ProblemClass `json:"class"`
	// Index is the certificate's position in ChainResult.Chain (0 = leaf).
	Index      int    `json:"index"`
	Subject    string `json:"subject"`
	Thumbprint string `json:"thumbprint"`
	// Detail says what is wrong in one line, citing the rule.
	Detail string `json:"detail"`
	// Rule cites the rule broken (RFC section, CA/B BR section, Microsoft doc).
	Rule string `json:"rule,omitempty"`
	// IssuerName and IssuerKeyID (hex) describe the missing issuer of a
	// ProblemIssuerNotFound, or the issuer of a ProblemBadSignature.
	IssuerName  string `json:"issuer_name,omitempty"`
	IssuerKeyID string `json:"issuer_key_id,omitempty"`
	// Usage is "serverAuth" or "clientAuth" for ProblemCAEKU and ProblemLeafEKU.
	Usage string `json:"usage,omitempty"`
}

func (p Problem) String() string { return p.Subject + ": " + p.Detail }

// ChainCert is one certificate of the chain built.
type ChainCert struct {
	Cert    *Certificate `json:"-"`
	Subject string       `json:"subject"`
	Issuer  string       `json:"issuer"`
	// Thumbprint is the SHA-1 of the DER, upper-case hex, as Windows shows it.
	Thumbprint string     `json:"thumbprint"`
	Serial     string     `json:"serial"`
	NotBefore  time.Time  `json:"not_before"`
	NotAfter   time.Time  `json:"not_after"`
	Origin     CertOrigin `json:"origin"`
	// Trusted is set on the trust anchor that ends a trusted chain.
	Trusted bool `json:"trusted"`
}

// CertRole is the role of one certificate of the input.
type CertRole struct {
	Cert       *Certificate `json:"-"`
	Subject    string       `json:"subject"`
	Thumbprint string       `json:"thumbprint"`
	Role       ChainRole    `json:"role"`
	// ChainIndex is the certificate's position in ChainResult.Chain, -1 when
	// it is unrelated.
	ChainIndex int `json:"chain_index"`
}

// ChainResult is the outcome of building the leaf's chain.
type ChainResult struct {
	// Chain is the best path found, leaf first; it ends at a trust anchor
	// when Trusted, else where path building stopped.
	Chain []ChainCert `json:"chain"`
	// Trusted is true when Chain ends at a trust anchor (TrustStore.Roots or,
	// with TrustStore.System, the operating system's roots).
	Trusted bool `json:"trusted"`
	// Roles gives the role of each certificate of the input, in the order of
	// Bundle.Certificates().
	Roles []CertRole `json:"roles"`
	// Problems of the chain in Chain, leaf first.
	Problems []Problem `json:"problems"`
	// PathsTried counts the candidate paths evaluated.
	PathsTried int `json:"paths_tried"`
	// Truncated is set when path building hit its search limits.
	Truncated bool `json:"truncated,omitempty"`
}

// OK reports whether Windows would accept the chain: it reaches a trust
// anchor and has no ClassTrust problem. Leaf and profile problems do not
// count.
func (r *ChainResult) OK() bool {
	if r == nil || !r.Trusted {
		return false
	}
	for _, p := range r.Problems {
		if p.Class == ClassTrust {
			return false
		}
	}
	return true
}

// Find returns the problems of the kinds given (all problems when none given).
func (r *ChainResult) Find(kinds ...ProblemKind) []Problem {
	if r == nil {
		return nil
	}
	var out []Problem
	for _, p := range r.Problems {
		if len(kinds) == 0 {
			out = append(out, p)
			continue
		}
		for _, k := range kinds {
			if p.Kind == k {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// Anchor returns the last certificate of the chain (nil when empty).
func (r *ChainResult) Anchor() *ChainCert {
	if r == nil || len(r.Chain) == 0 {
		return nil
	}
	return &r.Chain[len(r.Chain)-1]
}

// Search limits. Real chains are 2 to 5 certificates long; these bound the
// work on hostile inputs (x509-limbo's pathological cases: 100 CAs sharing a
// subject and a key) to a few thousand signature checks.
const (
	chainMaxDepth = 16
	chainMaxSteps = 4096
	chainMaxPaths = 256
)

// BuildChain builds the leaf's chain from the bundle's other certificates and
// the trust store, evaluated at time at (time.Now() when zero; RFC 5280
// 4.1.2.5 times have one-second granularity, so at is truncated to the
// second), the way Windows' chain engine does for OpsMgr: issuers are matched
// by subject name (byte for byte, RFC 5280 4.1.2.4) and, when both are
// present, authority and subject key identifiers (4.2.1.1, 4.2.1.2);
// signatures are verified; several candidate issuers, cross-signed CAs,
// cycles and any order of the input are handled. Among the paths found the
// best is kept: one that reaches a trust anchor first, then the one with the
// fewest trust problems, then the fewest profile problems, then the shortest.
//
// BuildChain never fails: a missing leaf gives an empty result, and every
// defect is a Problem.
func BuildChain(b *Bundle, t *TrustStore, at time.Time) *ChainResult {
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Second)
	res := &ChainResult{Chain: []ChainCert{}, Problems: []Problem{}, Roles: []CertRole{}}
	if b == nil || b.Leaf == nil {
		return res
	}
	if t == nil {
		t = &TrustStore{}
	}
	s := &chainSearch{
		at:        at,
		byRaw:     map[[32]byte]*chainNode{},
		bySubject: map[string][]*chainNode{},
		bySKI:     map[string][]*chainNode{},
		sigs:      map[[2]int]error{},
		selfSig:   map[int]bool{},
		system:    t.System,
	}
	leaf := s.add(b.Leaf, OriginBundle, false)
	for _, c := range b.Others {
		s.add(c, OriginBundle, false)
	}
	for _, c := range t.Intermediates {
		s.add(c, OriginIntermediates, false)
	}
	for _, c := range t.Roots {
		s.add(c, OriginRoots, true)
	}
	var best *chainEval
	if leaf == nil || leaf.tbs == nil {
		if leaf == nil {
			leaf = &chainNode{cert: b.Leaf, origin: OriginBundle}
		}
		best = &chainEval{path: []*chainNode{leaf}}
		best.add(0, ProblemMalformed, "", "the certificate cannot be decoded: %v", s.parseErr(b.Leaf))
	} else {
		s.walk([]*chainNode{leaf})
		best = s.best
	}
	res.Trusted = best.anchored
	res.PathsTried = s.paths
	res.Truncated = s.truncated
	for i, n := range best.path {
		cc := chainDescribe(n)
		cc.Trusted = best.anchored && i == len(best.path)-1
		res.Chain = append(res.Chain, cc)
	}
	res.Problems = append(res.Problems, best.problems...)
	pos := map[*chainNode]int{}
	for i, n := range best.path {
		pos[n] = i
	}
	for _, c := range b.Certificates() {
		role := CertRole{Cert: c, ChainIndex: -1, Role: ChainRoleUnrelated}
		n := s.node(c)
		if n == nil {
			n = &chainNode{cert: c}
		}
		d := chainDescribe(n)
		role.Subject, role.Thumbprint = d.Subject, d.Thumbprint
		if i, ok := pos[n]; ok {
			role.ChainIndex = i
			switch {
			case i == 0:
				role.Role = ChainRoleLeaf
			case i == len(best.path)-1 && (best.anchored || s.selfSigned(n)):
				role.Role = ChainRoleRoot
			default:
				role.Role = ChainRoleIntermediate
			}
		}
		res.Roles = append(res.Roles, role)
	}
	return res
}

// chainNode is one distinct certificate available to path building.
type chainNode struct {
	id      int
	cert    *Certificate
	tbs     *chainTBS
	origin  CertOrigin
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

// add registers a certificate; duplicates (same DER) are merged, and a
// certificate given as a root is trusted wherever else it also appears.
func (s *chainSearch) add(c *Certificate, origin CertOrigin, trusted bool) *chainNode {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	key := sha256.Sum256(c.Raw)
	if n, ok := s.byRaw[key]; ok {
		if trusted && !n.trusted {
			n.trusted, n.origin = true, origin
		}
		return n
	}
	n := &chainNode{id: len(s.nodes), cert: c, origin: origin, trusted: trusted}
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
	v := err == nil || err == chainErrWeakUnchecked
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
		if err := s.sig(cur, c); err == nil || err == chainErrWeakUnchecked {
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
			if err := s.sig(cur, c); err == nil || err == chainErrWeakUnchecked {
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
		n.trusted, n.origin = true, OriginSystem
		return nil, true
	}
	var up []*chainNode
	for i, c := range chain[1:] {
		last := i == len(chain)-2
		nn := s.add(chainCertFromStd(c), OriginSystem, last)
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
func chainCertFromStd(c *x509.Certificate) *Certificate {
	z, _ := zParse(c.Raw)
	return &Certificate{Raw: c.Raw, Std: c, Parsed: z}
}

// chainEval is a candidate path and its problems.
type chainEval struct {
	path     []*chainNode
	anchored bool
	problems []Problem
	trust    int
	profile  int
}

// add records a problem of the certificate at position i, in the class of
// its kind.
func (e *chainEval) add(i int, k ProblemKind, rule, format string, args ...any) *Problem {
	cls := ClassTrust
	switch {
	case k == ProblemLeafValidity || k == ProblemLeafEKU:
		cls = ClassLeaf
	case strings.HasPrefix(string(k), "profile_"):
		cls = ClassProfile
	}
	return e.addClass(cls, i, k, rule, format, args...)
}

func (e *chainEval) addClass(cls ProblemClass, i int, k ProblemKind, rule, format string, args ...any) *Problem {
	d := chainDescribe(e.path[i])
	e.problems = append(e.problems, Problem{Kind: k, Class: cls, Index: i, Subject: d.Subject, Thumbprint: d.Thumbprint, Rule: rule, Detail: fmt.Sprintf(format, args...)})
	switch cls {
	case ClassTrust:
		e.trust++
	case ClassProfile:
		e.profile++
	}
	return &e.problems[len(e.problems)-1]
}

func (e *chainEval) better(o *chainEval) bool {
	if o == nil {
		return true
	}
	if e.anchored != o.anchored {
		return e.anchored
	}
	if e.trust != o.trust {
		return e.trust < o.trust
	}
	if e.profile != o.profile {
		return e.profile < o.profile
	}
	return len(e.path) < len(o.path)
}

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

// OIDs used by path validation.
var (
	chainOIDExtSKI          = encasn1.ObjectIdentifier{2, 5, 29, 14}
	chainOIDExtKU           = encasn1.ObjectIdentifier{2, 5, 29, 15}
	chainOIDExtSAN          = encasn1.ObjectIdentifier{2, 5, 29, 17}
	chainOIDExtBC           = encasn1.ObjectIdentifier{2, 5, 29, 19}
	chainOIDExtNC           = encasn1.ObjectIdentifier{2, 5, 29, 30}
	chainOIDExtPolicyConstr = encasn1.ObjectIdentifier{2, 5, 29, 36}
	chainOIDExtAKI          = encasn1.ObjectIdentifier{2, 5, 29, 35}
	chainOIDExtEKU          = encasn1.ObjectIdentifier{2, 5, 29, 37}
	chainOIDExtAIA          = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	chainOIDEKUAny          = encasn1.ObjectIdentifier{2, 5, 29, 37, 0}
	chainOIDEKUServerAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
	chainOIDEKUClientAuth   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	chainOIDKeyRSA          = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	chainOIDKeyEC           = encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	chainOIDKeyDSA          = encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	chainOIDCurveP256       = encasn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	chainOIDCurveP384       = encasn1.ObjectIdentifier{1, 3, 132, 0, 34}
	chainOIDCurveP521       = encasn1.ObjectIdentifier{1, 3, 132, 0, 35}
	chainKnownExtensions    = []encasn1.ObjectIdentifier{
		chainOIDExtSKI, chainOIDExtKU, chainOIDExtSAN, chainOIDExtBC, chainOIDExtNC, chainOIDExtPolicyConstr, chainOIDExtAKI, chainOIDExtEKU, chainOIDExtAIA,
		{2, 5, 29, 9},                   // subject directory attributes
		{2, 5, 29, 18},                  // issuer alternative name
		{2, 5, 29, 31},                  // CRL distribution points
		{2, 5, 29, 32},                  // certificate policies
		{2, 5, 29, 33},                  // policy mappings
		{2, 5, 29, 46},                  // freshest CRL
		{2, 5, 29, 54},                  // inhibit anyPolicy
		{1, 3, 6, 1, 4, 1, 311, 21, 10}, // Microsoft application policies
		{1, 3, 6, 1, 4, 1, 311, 21, 7},  // Microsoft certificate template
		{1, 3, 6, 1, 4, 1, 311, 20, 2},  // Microsoft certificate template name
	}
)

// chainWeakHash names the broken hash of a signature algorithm OID (MD2,
// MD4, MD5 with RSA), "" otherwise.
func chainWeakHash(oid encasn1.ObjectIdentifier) string {
	switch oid.String() {
	case "1.2.840.113549.1.1.2":
		return "MD2"
	case "1.2.840.113549.1.1.3":
		return "MD4"
	case "1.2.840.113549.1.1.4":
		return "MD5"
	}
	return ""
}

func chainValidAt(t *chainTBS, at time.Time) bool {
	return !at.Before(t.notBefore) && !at.After(t.notAfter)
}

// evaluate lists the problems of one complete path.
func (s *chainSearch) evaluate(path []*chainNode, end chainEnd, hint string) *chainEval {
	e := &chainEval{path: path, anchored: end == chainEndAnchor}
	last := len(path) - 1
	top := path[last]
	switch end {
	case chainEndNoIssuer:
		name := chainDN(top.tbs.issuer)
		kid := hex.EncodeToString(top.tbs.akiKeyID())
		msg := fmt.Sprintf("its issuer %q", name)
		if kid != "" {
			msg += " (key identifier " + kid + ")"
		}
		msg += " was not found in the input, the intermediates or the roots given"
		if hint != "" {
			msg += "; " + hint
		}
		p := e.add(last, ProblemIssuerNotFound, "RFC 5280 6.1", "%s", msg)
		p.IssuerName, p.IssuerKeyID = name, kid
	case chainEndUntrustedRoot:
		e.add(last, ProblemRootNotTrusted, "RFC 5280 6.1.1 (d)", "the chain ends at this self-signed root, which is not a trusted root")
	case chainEndLimit:
		e.add(last, ProblemSearchLimit, "", "path building gave up at a chain of %d certificates after %d candidate checks (limits: %d certificates, %d checks): the input is pathological", len(path), s.steps, chainMaxDepth, chainMaxSteps)
	}
	for i := 0; i < last; i++ {
		issuer := chainDN(path[i+1].tbs.subject)
		err := s.sig(path[i], path[i+1])
		if err != nil && err != chainErrWeakUnchecked {
			p := e.add(i, ProblemBadSignature, "RFC 5280 6.1.3 (a)(1)", "its signature does not verify with the public key of %q: %v", issuer, err)
			p.IssuerName = issuer
		}
		if aki, ski := path[i].tbs.akiKeyID(), path[i+1].tbs.ski(); len(aki) > 0 && len(ski) > 0 && !bytes.Equal(aki, ski) {
			e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.1", "its authorityKeyIdentifier %x is not the subjectKeyIdentifier %x of its issuer %q", aki, ski, issuer)
		}
	}
	maxPath, constrainer := -1, -1
	if a := path[last]; last > 0 && a.tbs != nil {
		if bc := a.tbs.basicConstraints(); bc.present && bc.pathLen >= 0 {
			maxPath, constrainer = bc.pathLen, last
		}
	}
	for i, n := range path {
		s.checkCert(e, i, n)
	}
	// RFC 5280 6.1.4 (l), (m): each CA below the top that is not self-issued
	// uses one level of the smallest pathLenConstraint above it.
	for i := last - 1; i >= 1; i-- {
		t := path[i].tbs
		if !bytes.Equal(t.subject, t.issuer) {
			if maxPath == 0 {
				e.add(i, ProblemPathLength, "RFC 5280 4.2.1.9", "this CA is below %q, whose pathLenConstraint allows no more CA certificates under it", chainDN(path[constrainer].tbs.subject))
			}
			if maxPath > 0 {
				maxPath--
			}
		}
		if bc := t.basicConstraints(); bc.present && bc.pathLen >= 0 && (maxPath < 0 || bc.pathLen < maxPath) {
			maxPath, constrainer = bc.pathLen, i
		}
	}
	if p := s.nameConstraints(path); p != nil {
		e.add(p.i, ProblemNameConstraints, "RFC 5280 4.2.1.10", "%s", p.detail)
	}
	return e
}

// checkCert adds the problems of the certificate at position i of the path.
func (s *chainSearch) checkCert(e *chainEval, i int, n *chainNode) {
	t := n.tbs
	last := len(e.path) - 1
	isCA := i > 0
	anchor := e.anchored && i == last
	// A trust anchor's own signature is never used (RFC 5280 6.1.1 (d)):
	// for it, self-issued is enough and saves a signature check.
	self := bytes.Equal(t.subject, t.issuer)
	if !anchor {
		self = s.selfSigned(n)
	}
	bc := t.basicConstraints()
	ku, hasKU := t.keyUsage()

	if !chainValidAt(t, s.at) {
		when := "expired on " + t.notAfter.Format(time.RFC3339)
		if s.at.Before(t.notBefore) {
			when = "not valid before " + t.notBefore.Format(time.RFC3339)
		}
		if isCA {
			e.add(i, ProblemCAValidity, "RFC 5280 4.1.2.5, 6.1.3 (a)(2)", "this CA certificate is outside its validity period at %s: %s", s.at.Format(time.RFC3339), when)
		} else {
			e.add(i, ProblemLeafValidity, "RFC 5280 4.1.2.5", "the certificate is outside its validity period at %s: %s", s.at.Format(time.RFC3339), when)
		}
	}
	if isCA {
		switch {
		case t.version == 2 && !bc.present:
			e.add(i, ProblemNotCA, "RFC 5280 4.2.1.9, 6.1.4 (k)", "it issues a certificate of the chain but has no basicConstraints extension, so it is not a CA")
		case bc.present && !bc.ca:
			e.add(i, ProblemNotCA, "RFC 5280 4.2.1.9, 6.1.4 (k)", "it issues a certificate of the chain but its basicConstraints say cA=FALSE")
		}
		if hasKU && ku&chainKUKeyCertSign == 0 {
			e.add(i, ProblemNoKeyCertSign, "RFC 5280 4.2.1.3, 6.1.4 (n)", "it issues a certificate of the chain but its keyUsage lacks keyCertSign")
		}
	}
	if ekus, ok := t.extKeyUsage(); ok && !chainHasOID(ekus, chainOIDEKUAny) {
		for _, u := range []struct {
			oid  encasn1.ObjectIdentifier
			name string
		}{{chainOIDEKUServerAuth, "serverAuth"}, {chainOIDEKUClientAuth, "clientAuth"}} {
			if chainHasOID(ekus, u.oid) {
				continue
			}
			if isCA {
				p := e.add(i, ProblemCAEKU, "RFC 5280 4.2.1.12; Windows applies CA EKUs to the whole chain", "its extendedKeyUsage excludes %s (%s), so Windows accepts no certificate under it for %s", u.name, u.oid, u.name)
				p.Usage = u.name
			} else {
				p := e.add(i, ProblemLeafEKU, "RFC 5280 4.2.1.12", "its extendedKeyUsage excludes %s (%s)", u.name, u.oid)
				p.Usage = u.name
			}
		}
	}
	if h := chainWeakHash(t.sigOID); h != "" {
		if anchor && self {
			// Windows does not check a trust anchor's own signature.
			e.addClass(ClassProfile, i, ProblemWeakSignature, "Microsoft Security Advisory 2862973", "this root signs itself with %s: harmless to Windows, which does not check a trust anchor's own signature, but other validators refuse it", h)
		} else {
			e.add(i, ProblemWeakSignature, "Microsoft Security Advisory 2862973", "it is signed with %s, which Windows refuses in certificate chains", h)
		}
	}
	for _, x := range t.exts {
		if x.critical && !chainHasOID(chainKnownExtensions, x.oid) {
			e.add(i, ProblemUnknownCriticalExtension, "RFC 5280 4.2, 6.1.4 (o)", "it has a critical extension %s that validators do not know, so the chain must be rejected", x.oid)
		}
	}
	s.checkProfile(e, i, n, self, anchor, bc, ku, hasKU)
}

// checkProfile adds the RFC 5280 / CA/B BR profile problems of one
// certificate of the path (ClassProfile).
func (s *chainSearch) checkProfile(e *chainEval, i int, n *chainNode, self, anchor bool, bc chainBC, ku int, hasKU bool) {
	t := n.tbs
	isCA := i > 0
	before := e.profile
	if t.version != 2 {
		e.add(i, ProfileVersion, "RFC 5280 4.1.2.1; CA/B BR 7.1.1", "it is an X.509 v%d certificate; v3 is required", t.version+1)
	}
	switch {
	case len(t.serial) == 0:
		e.add(i, ProfileSerial, "RFC 5280 4.1.2.2", "its serial number is empty")
	case t.serial[0]&0x80 != 0:
		e.add(i, ProfileSerial, "RFC 5280 4.1.2.2", "its serial number is negative")
	case new(big.Int).SetBytes(t.serial).Sign() == 0:
		e.add(i, ProfileSerial, "RFC 5280 4.1.2.2", "its serial number is zero")
	case len(t.serial) > 20:
		e.add(i, ProfileSerial, "RFC 5280 4.1.2.2", "its serial number is %d octets long, more than 20", len(t.serial))
	}
	if !bytes.Equal(t.tbsSigAlg, t.sigAlg) {
		e.add(i, ProfileSignatureAlgorithm, "RFC 5280 4.1.1.2", "the signature algorithm inside the certificate differs from the one outside it")
	}
	if chainEmptyName(t.issuer) {
		e.add(i, ProfileEmptyName, "RFC 5280 4.1.2.4", "its issuer name is empty")
	}
	if (isCA || bc.ca) && chainEmptyName(t.subject) {
		e.add(i, ProfileEmptyName, "RFC 5280 4.1.2.6", "it is a CA certificate with an empty subject name")
	}
	seen := map[string]bool{}
	for _, x := range t.exts {
		if seen[x.oid.String()] {
			e.add(i, ProfileDuplicateExtension, "RFC 5280 4.2", "the extension %s appears more than once", x.oid)
		}
		seen[x.oid.String()] = true
	}
	aki, akiExt := t.authorityKeyID()
	ski, skiExt := t.ext(chainOIDExtSKI)
	switch {
	case akiExt != nil && akiExt.critical:
		e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.1", "its authorityKeyIdentifier is marked critical")
	case !self && !anchor && len(aki.keyID) == 0:
		e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.1", "it has no authorityKeyIdentifier keyIdentifier, which every certificate but a self-signed one must carry")
	case anchor && self && akiExt != nil && len(aki.keyID) == 0:
		e.add(i, ProfileKeyIdentifier, "CA/B BR 7.1.2.1.3", "its authorityKeyIdentifier has no keyIdentifier")
	case anchor && self && akiExt != nil && (aki.hasIssuer || aki.hasSerial):
		e.add(i, ProfileKeyIdentifier, "CA/B BR 7.1.2.1.3", "its authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber, which a root must not")
	case anchor && self && akiExt != nil && skiExt != nil && !bytes.Equal(aki.keyID, t.ski()):
		e.add(i, ProfileKeyIdentifier, "CA/B BR 7.1.2.1.3", "its authorityKeyIdentifier differs from its subjectKeyIdentifier although it is self-signed")
	}
	switch {
	case skiExt != nil && skiExt.critical:
		e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.2", "its subjectKeyIdentifier is marked critical")
	case ski == nil && (isCA || bc.ca):
		e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.2", "it is a CA certificate without subjectKeyIdentifier")
	}
	if x := bc.ext; x != nil && !x.critical && (isCA || bc.ca) {
		e.add(i, ProfileCriticality, "RFC 5280 4.2.1.9", "its basicConstraints extension is not marked critical, as a CA certificate's must be")
	}
	if _, x := t.ext(chainOIDExtPolicyConstr); x != nil && !x.critical {
		e.add(i, ProfileCriticality, "RFC 5280 4.2.1.11", "its policyConstraints extension is not marked critical")
	}
	if _, x := t.ext(chainOIDExtAIA); x != nil && x.critical {
		e.add(i, ProfileCriticality, "RFC 5280 4.2.2.1", "its authorityInfoAccess extension is marked critical")
	}
	if !isCA {
		switch {
		case hasKU && ku&chainKUKeyCertSign != 0 && !bc.ca:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.3, 4.2.1.9", "its keyUsage asserts keyCertSign but basicConstraints cA is not TRUE")
		case bc.ca && hasKU && ku&chainKUKeyCertSign == 0:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.9; CA/B BR 7.1.2.7.8", "its basicConstraints say cA=TRUE but its keyUsage lacks keyCertSign")
		case bc.pathLen >= 0 && !bc.ca:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.9", "it has a pathLenConstraint without cA=TRUE")
		}
		ekus, ok := t.extKeyUsage()
		_, ekuExt := t.ext(chainOIDExtEKU)
		switch {
		case bc.ca:
			// A CA certificate in the leaf position: the end-entity EKU
			// rules below are not its rules.
		case ekuExt == nil:
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.6", "it has no extendedKeyUsage extension (OpsMgr needs serverAuth and clientAuth)")
		case ok && len(ekus) == 0:
			e.add(i, ProfileEKU, "RFC 5280 4.2.1.12", "its extendedKeyUsage extension lists no usage")
		case chainHasOID(ekus, chainOIDEKUAny):
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.10", "its extendedKeyUsage contains anyExtendedKeyUsage")
		case ekuExt.critical:
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.6", "its extendedKeyUsage extension is marked critical")
		}
	}
	if anchor && self {
		if _, x := t.ext(chainOIDExtEKU); x != nil {
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.1.2", "it is a root with an extendedKeyUsage extension")
		}
	}
	if msg := t.keyProblem(); msg != "" {
		e.add(i, ProfileKey, "CA/B BR 6.1.5, 7.1.3.1", "%s", msg)
	}
	if e.profile == before && n.cert.Std == nil && n.cert.StdErr != nil {
		e.add(i, ProfileUnparsable, "RFC 5280 4", "crypto/x509 refuses it: %v", n.cert.StdErr)
	}
}

type chainNCProblem struct {
	i      int
	detail string
}

// chainNCMaxChecks bounds the work of a name-constraint check: OpenSSL
// refuses a certificate when (names in its subject and SAN) x (constraints
// of an issuer) exceeds NAME_CHECK_MAX, 1 << 20 (crypto/x509v3/v3_ncons.c);
// certlint does the same, so that x509-limbo's nc-dos chains are refused
// rather than checked at quadratic cost.
const chainNCMaxChecks = 1 << 20

// General name tags (RFC 5280 4.2.1.6).
const (
	chainGNRFC822    = 1
	chainGNDNS       = 2
	chainGNDirectory = 4
	chainGNURI       = 6
	chainGNIP        = 7
)

type chainGName struct {
	tag   int
	value []byte // content octets (for a directoryName: the Name's DER)
}

// chainNC is one certificate's nameConstraints (RFC 5280 4.2.1.10).
type chainNC struct {
	permitted, excluded []chainGName
}

func (t *chainTBS) nameConstraints() (*chainNC, bool) {
	v, x := t.ext(chainOIDExtNC)
	if x == nil {
		return nil, false
	}
	nc := &chainNC{}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nc, true
	}
	for _, part := range []struct {
		tag  int
		list *[]chainGName
	}{{0, &nc.permitted}, {1, &nc.excluded}} {
		tag := cbasn1.Tag(uint8(part.tag)).Constructed().ContextSpecific()
		if !seq.PeekASN1Tag(tag) {
			continue
		}
		var subtrees cryptobyte.String
		if !seq.ReadASN1(&subtrees, tag) {
			return nc, true
		}
		for !subtrees.Empty() {
			var st cryptobyte.String
			if !subtrees.ReadASN1(&st, cbasn1.SEQUENCE) {
				break
			}
			if g, ok := chainReadGName(&st); ok {
				*part.list = append(*part.list, g)
			}
		}
	}
	return nc, true
}

func chainReadGName(s *cryptobyte.String) (chainGName, bool) {
	var body cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadAnyASN1(&body, &tag) {
		return chainGName{}, false
	}
	g := chainGName{tag: int(tag & 0x1f), value: body}
	if g.tag == chainGNDirectory { // [4] EXPLICIT Name
		var name cryptobyte.String
		if !body.ReadASN1Element(&name, cbasn1.SEQUENCE) {
			return chainGName{}, false
		}
		g.value = name
	}
	return g, true
}

// names returns the names RFC 5280 6.1.3 (b), (c) check against name
// constraints: the subject (when not empty), the subjectAltName entries, and,
// without a subjectAltName, the subject's emailAddress attributes; count is
// what OpenSSL counts for its limit (subject attributes plus SAN entries).
func (t *chainTBS) names() (names []chainGName, count int) {
	var rdn pkix.RDNSequence
	if rest, err := encasn1.Unmarshal(t.subject, &rdn); err == nil && len(rest) == 0 && len(rdn) > 0 {
		names = append(names, chainGName{tag: chainGNDirectory, value: t.subject})
		for _, set := range rdn {
			count += len(set)
		}
	}
	v, x := t.ext(chainOIDExtSAN)
	if x != nil {
		s := cryptobyte.String(v)
		var seq cryptobyte.String
		if s.ReadASN1(&seq, cbasn1.SEQUENCE) {
			for !seq.Empty() {
				g, ok := chainReadGName(&seq)
				if !ok {
					break
				}
				names = append(names, g)
				count++
			}
		}
		return names, count
	}
	oidEmail := encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	for _, set := range rdn {
		for _, atv := range set {
			if mail, ok := atv.Value.(string); ok && atv.Type.Equal(oidEmail) {
				names = append(names, chainGName{tag: chainGNRFC822, value: []byte(mail)})
			}
		}
	}
	return names, count
}

// nameConstraints applies RFC 5280 6.1.3 (b), (c) and 6.1.4 (g): the names of
// each certificate must lie within the permitted subtrees and outside the
// excluded subtrees of every issuer above it, self-issued CA certificates
// excepted. dNSName, rfc822Name, URI, iPAddress and directoryName are
// checked; a wildcard DNS name ("*.example.com") must lie wholly within the
// permitted subtrees and wholly outside the excluded ones (x509-limbo's
// CVE-2025-61727 cases). A name of another form under a constraint on that
// form cannot be checked, and is refused as RFC 5280 4.2.1.10 requires.
func (s *chainSearch) nameConstraints(path []*chainNode) *chainNCProblem {
	last := len(path) - 1
	for j := 1; j <= last; j++ {
		nc, ok := path[j].tbs.nameConstraints()
		if !ok {
			continue
		}
		nConstraints := len(nc.permitted) + len(nc.excluded)
		for i := 0; i < j; i++ {
			t := path[i].tbs
			if i > 0 && bytes.Equal(t.subject, t.issuer) {
				continue // self-issued, not the leaf
			}
			names, count := t.names()
			if count > 0 && nConstraints > chainNCMaxChecks/count {
				return &chainNCProblem{i: i, detail: fmt.Sprintf("checking its %d names against the %d name constraints of %q would take more than %d comparisons: refused as pathological, as OpenSSL does", count, nConstraints, chainDN(path[j].tbs.subject), chainNCMaxChecks)}
			}
			for _, n := range names {
				if msg := nc.check(n); msg != "" {
					return &chainNCProblem{i: i, detail: fmt.Sprintf("its %s is outside the name constraints of %q", msg, chainDN(path[j].tbs.subject))}
				}
			}
		}
	}
	return nil
}

// check returns "" when n satisfies the constraints, else a description of n.
func (nc *chainNC) check(n chainGName) string {
	desc := chainGNameString(n)
	permittedOfKind := false
	permitted := false
	for _, c := range nc.permitted {
		if c.tag != n.tag {
			continue
		}
		permittedOfKind = true
		if m, known := chainGNameMatch(c, n, false); !known {
			return desc + " (a name form certlint cannot check against its constraint)"
		} else if m {
			permitted = true
		}
	}
	if permittedOfKind && !permitted {
		return desc + " (not in a permitted subtree)"
	}
	for _, c := range nc.excluded {
		if c.tag != n.tag {
			continue
		}
		if m, known := chainGNameMatch(c, n, true); !known {
			return desc + " (a name form certlint cannot check against its constraint)"
		} else if m {
			return desc + " (in an excluded subtree)"
		}
	}
	return ""
}

func chainGNameString(n chainGName) string {
	switch n.tag {
	case chainGNDNS:
		return fmt.Sprintf("DNS name %q", n.value)
	case chainGNRFC822:
		return fmt.Sprintf("email address %q", n.value)
	case chainGNURI:
		return fmt.Sprintf("URI %q", n.value)
	case chainGNIP:
		return fmt.Sprintf("IP address %v", chainIPString(n.value))
	case chainGNDirectory:
		return fmt.Sprintf("name %q", chainDN(n.value))
	}
	return fmt.Sprintf("general name of type [%d]", n.tag)
}

func chainIPString(b []byte) string {
	if len(b) == 4 || len(b) == 16 {
		return net.IP(b).String()
	}
	return hex.EncodeToString(b)
}

// chainGNameMatch reports whether name n lies within subtree c (RFC 5280
// 4.2.1.10); for a wildcard DNS name, within means wholly within, or when
// excluded is set, partly within. known is false for name forms not handled.
func chainGNameMatch(c, n chainGName, excluded bool) (match, known bool) {
	switch n.tag {
	case chainGNDNS:
		cs := strings.TrimSuffix(strings.ToLower(string(c.value)), ".")
		ns := strings.TrimSuffix(strings.ToLower(string(n.value)), ".")
		if base, ok := strings.CutPrefix(ns, "*."); ok {
			all := cs == "" || chainDNSIn(cs, base) || (strings.HasPrefix(cs, ".") && base == cs[1:])
			if all || !excluded {
				return all, true
			}
			// Excluded: some one-label name under base is in the subtree.
			label, ok := strings.CutSuffix(cs, "."+base)
			return ok && label != "" && !strings.Contains(label, "."), true
		}
		return chainDNSIn(cs, ns), true
	case chainGNRFC822:
		cs, ns := string(c.value), string(n.value)
		at := strings.LastIndexByte(ns, '@')
		if at < 0 {
			return false, true
		}
		if strings.Contains(cs, "@") {
			ca := strings.LastIndexByte(cs, '@')
			return cs[:ca] == ns[:at] && strings.EqualFold(cs[ca+1:], ns[at+1:]), true
		}
		domain := strings.ToLower(ns[at+1:])
		cs = strings.ToLower(cs)
		if strings.HasPrefix(cs, ".") {
			return strings.HasSuffix(domain, cs), true
		}
		return domain == cs, true
	case chainGNURI:
		u, err := url.Parse(string(n.value))
		if err != nil || u.Hostname() == "" {
			return false, true
		}
		cs, host := strings.ToLower(string(c.value)), strings.ToLower(u.Hostname())
		if strings.HasPrefix(cs, ".") {
			return strings.HasSuffix(host, cs), true
		}
		return host == cs, true
	case chainGNIP:
		if len(c.value) != 2*len(n.value) {
			return false, true
		}
		l := len(n.value)
		for k := 0; k < l; k++ {
			if n.value[k]&c.value[l+k] != c.value[k]&c.value[l+k] {
				return false, true
			}
		}
		return true, true
	case chainGNDirectory:
		var cr, nr pkix.RDNSequence
		if _, err := encasn1.Unmarshal(c.value, &cr); err != nil {
			return false, true
		}
		if _, err := encasn1.Unmarshal(n.value, &nr); err != nil || len(nr) < len(cr) {
			return false, true
		}
		for k := range cr {
			if len(cr[k]) != len(nr[k]) {
				return false, true
			}
			for m := range cr[k] {
				if !cr[k][m].Type.Equal(nr[k][m].Type) || !strings.EqualFold(fmt.Sprint(cr[k][m].Value), fmt.Sprint(nr[k][m].Value)) {
					return false, true
				}
			}
		}
		return true, true
	}
	return false, false
}

// chainDNSIn: DNS name n is in the subtree of constraint c (RFC 5280
// 4.2.1.10: c itself and any name made by adding labels to its left; a
// leading "." means subdomains only; an empty constraint matches all).
func chainDNSIn(c, n string) bool {
	switch {
	case c == "":
		return true
	case strings.HasPrefix(c, "."):
		return strings.HasSuffix(n, c)
	}
	return n == c || strings.HasSuffix(n, "."+c)
}

func chainHasOID(list []encasn1.ObjectIdentifier, oid encasn1.ObjectIdentifier) bool {
	for _, o := range list {
		if o.Equal(oid) {
			return true
		}
	}
	return false
}

// chainDescribe summarises a node for output (computed once per node).
func chainDescribe(n *chainNode) ChainCert {
	if n.desc == nil {
		d := chainDescribeNew(n)
		n.desc = &d
	}
	d := *n.desc
	d.Origin = n.origin
	return d
}

func chainDescribeNew(n *chainNode) ChainCert {
	cc := ChainCert{Cert: n.cert}
	if n.cert != nil {
		sum := sha1.Sum(n.cert.Raw)
		cc.Thumbprint = strings.ToUpper(hex.EncodeToString(sum[:]))
	}
	if n.tbs == nil {
		cc.Subject = "(undecodable certificate " + cc.Thumbprint + ")"
		return cc
	}
	cc.Subject = chainDN(n.tbs.subject)
	cc.Issuer = chainDN(n.tbs.issuer)
	cc.Serial = hex.EncodeToString(n.tbs.serial)
	cc.NotBefore, cc.NotAfter = n.tbs.notBefore, n.tbs.notAfter
	if chainEmptyName(n.tbs.subject) {
		cc.Subject = "(empty subject)"
		if n.cert.Std != nil && len(n.cert.Std.DNSNames) > 0 {
			cc.Subject = "(empty subject, DNS " + n.cert.Std.DNSNames[0] + ")"
		}
	}
	return cc
}

// chainDN renders a DER Name as RFC 4514 text ("CN=...,O=...", most
// specific first, as Windows shows it), cut after chainDNMax bytes so that a
// hostile name of thousands of attributes stays readable and cheap.
func chainDN(der []byte) string {
	var rdn pkix.RDNSequence
	if rest, err := encasn1.Unmarshal(der, &rdn); err != nil || len(rest) > 0 {
		return "(unreadable name)"
	}
	if len(rdn) == 0 {
		return "(empty name)"
	}
	var b strings.Builder
	for i := len(rdn) - 1; i >= 0; i-- {
		for j, atv := range rdn[i] {
			if b.Len() > chainDNMax {
				b.WriteString(",...")
				return b.String()
			}
			switch {
			case j > 0:
				b.WriteByte('+')
			case i < len(rdn)-1:
				b.WriteByte(',')
			}
			b.WriteString(pkix.RDNSequence{{atv}}.String())
		}
	}
	return b.String()
}

const chainDNMax = 512

func chainEmptyName(der []byte) bool {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	return s.ReadASN1(&seq, cbasn1.SEQUENCE) && seq.Empty()
}

// chainTBS is what path validation reads straight from a certificate's DER,
// so that certificates crypto/x509 refuses can still be chained and judged.
type chainTBS struct {
	version   int // as encoded: 0 = v1, 1 = v2, 2 = v3
	serial    []byte
	tbsSigAlg []byte
	sigAlg    []byte
	sigOID    encasn1.ObjectIdentifier
	issuer    []byte
	subject   []byte
	notBefore time.Time
	notAfter  time.Time
	spki      []byte
	keyAlg    encasn1.ObjectIdentifier
	keyParams []byte // the parameters' DER, nil when absent
	keyBits   []byte
	exts      []chainExt
}

type chainExt struct {
	oid      encasn1.ObjectIdentifier
	critical bool
	value    []byte
}

var errChainDER = errors.New("not a DER X.509 certificate")

func chainParseTBS(der []byte) (*chainTBS, error) {
	t := &chainTBS{}
	in := cryptobyte.String(der)
	var cert, tbs, sigAlg, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) {
		return nil, errChainDER
	}
	t.sigAlg = sigAlg
	if !sigAlg.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&t.sigOID) {
		return nil, fmt.Errorf("%w: bad signature algorithm", errChainDER)
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var v cryptobyte.String
		var ver int64
		if !tbs.ReadASN1(&v, cbasn1.Tag(0).Constructed().ContextSpecific()) || !v.ReadASN1Integer(&ver) || ver < 0 || ver > 2 {
			return nil, fmt.Errorf("%w: bad version", errChainDER)
		}
		t.version = int(ver)
	}
	var serial, tsa, issuer, validity, subject, spki cryptobyte.String
	if !tbs.ReadASN1(&serial, cbasn1.INTEGER) ||
		!tbs.ReadASN1Element(&tsa, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1(&validity, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&spki, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("%w: truncated TBSCertificate", errChainDER)
	}
	t.serial, t.tbsSigAlg, t.issuer, t.subject, t.spki = serial, tsa, issuer, subject, spki
	var err error
	if t.notBefore, err = chainReadTime(&validity); err != nil {
		return nil, err
	}
	if t.notAfter, err = chainReadTime(&validity); err != nil {
		return nil, err
	}
	var spkiBody, keyAlg cryptobyte.String
	var bits encasn1.BitString
	if !spki.ReadASN1(&spkiBody, cbasn1.SEQUENCE) || !spkiBody.ReadASN1(&keyAlg, cbasn1.SEQUENCE) ||
		!keyAlg.ReadASN1ObjectIdentifier(&t.keyAlg) || !spkiBody.ReadASN1BitString(&bits) {
		return nil, fmt.Errorf("%w: bad subjectPublicKeyInfo", errChainDER)
	}
	if !keyAlg.Empty() {
		t.keyParams = keyAlg
	}
	t.keyBits = bits.RightAlign()
	for _, tag := range []int{1, 2} { // issuerUniqueID, subjectUniqueID
		if tbs.PeekASN1Tag(cbasn1.Tag(uint8(tag)).ContextSpecific()) {
			var skip cryptobyte.String
			tbs.ReadASN1(&skip, cbasn1.Tag(uint8(tag)).ContextSpecific())
		}
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(3).Constructed().ContextSpecific()) {
		var wrap, exts cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(3).Constructed().ContextSpecific()) || !wrap.ReadASN1(&exts, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("%w: bad extensions", errChainDER)
		}
		for !exts.Empty() {
			var ext, val cryptobyte.String
			var x chainExt
			if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&x.oid) {
				return nil, fmt.Errorf("%w: bad extension", errChainDER)
			}
			if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&x.critical) {
				return nil, fmt.Errorf("%w: bad extension criticality", errChainDER)
			}
			if !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
				return nil, fmt.Errorf("%w: bad extension value", errChainDER)
			}
			x.value = val
			t.exts = append(t.exts, x)
		}
	}
	return t, nil
}

func chainReadTime(s *cryptobyte.String) (time.Time, error) {
	var t time.Time
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if s.ReadASN1UTCTime(&t) {
			return t.UTC(), nil
		}
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if s.ReadASN1GeneralizedTime(&t) {
			return t.UTC(), nil
		}
	}
	return t, fmt.Errorf("%w: bad validity time", errChainDER)
}

// ext returns the value and the extension with that OID (the first one).
func (t *chainTBS) ext(oid encasn1.ObjectIdentifier) ([]byte, *chainExt) {
	if t == nil {
		return nil, nil
	}
	for i := range t.exts {
		if t.exts[i].oid.Equal(oid) {
			return t.exts[i].value, &t.exts[i]
		}
	}
	return nil, nil
}

// ski returns the subjectKeyIdentifier (RFC 5280 4.2.1.2), nil when absent.
func (t *chainTBS) ski() []byte {
	v, x := t.ext(chainOIDExtSKI)
	if x == nil {
		return nil
	}
	s := cryptobyte.String(v)
	var id cryptobyte.String
	if !s.ReadASN1(&id, cbasn1.OCTET_STRING) {
		return nil
	}
	return id
}

type chainAKI struct {
	keyID                []byte
	hasIssuer, hasSerial bool
}

// authorityKeyID decodes the authorityKeyIdentifier (RFC 5280 4.2.1.1).
func (t *chainTBS) authorityKeyID() (chainAKI, *chainExt) {
	var a chainAKI
	v, x := t.ext(chainOIDExtAKI)
	if x == nil {
		return a, nil
	}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return a, x
	}
	var id cryptobyte.String
	if seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) && seq.ReadASN1(&id, cbasn1.Tag(0).ContextSpecific()) {
		a.keyID = id
	}
	a.hasIssuer = seq.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific())
	if a.hasIssuer {
		var skip cryptobyte.String
		seq.ReadASN1(&skip, cbasn1.Tag(1).Constructed().ContextSpecific())
	}
	a.hasSerial = seq.PeekASN1Tag(cbasn1.Tag(2).ContextSpecific())
	return a, x
}

func (t *chainTBS) akiKeyID() []byte {
	a, _ := t.authorityKeyID()
	return a.keyID
}

type chainBC struct {
	ext     *chainExt
	present bool
	ca      bool
	pathLen int // -1 when absent
}

// basicConstraints decodes RFC 5280 4.2.1.9 basicConstraints.
func (t *chainTBS) basicConstraints() chainBC {
	bc := chainBC{pathLen: -1}
	v, x := t.ext(chainOIDExtBC)
	if x == nil {
		return bc
	}
	bc.ext, bc.present = x, true
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return bc
	}
	if seq.PeekASN1Tag(cbasn1.BOOLEAN) {
		seq.ReadASN1Boolean(&bc.ca)
	}
	var pl int64
	if seq.PeekASN1Tag(cbasn1.INTEGER) && seq.ReadASN1Integer(&pl) && pl >= 0 && pl < 1<<16 {
		bc.pathLen = int(pl)
	}
	return bc
}

const chainKUKeyCertSign = 1 << 5 // keyCertSign is bit 5 (RFC 5280 4.2.1.3)

// keyUsage decodes RFC 5280 4.2.1.3 keyUsage as bits numbered from 0.
func (t *chainTBS) keyUsage() (int, bool) {
	v, x := t.ext(chainOIDExtKU)
	if x == nil {
		return 0, false
	}
	s := cryptobyte.String(v)
	var bs encasn1.BitString
	if !s.ReadASN1BitString(&bs) {
		return 0, true
	}
	u := 0
	for i := 0; i < 9; i++ {
		if bs.At(i) != 0 {
			u |= 1 << i
		}
	}
	return u, true
}

// extKeyUsage decodes RFC 5280 4.2.1.12 extendedKeyUsage; ok is false when
// the extension is absent.
func (t *chainTBS) extKeyUsage() (oids []encasn1.ObjectIdentifier, ok bool) {
	v, x := t.ext(chainOIDExtEKU)
	if x == nil {
		return nil, false
	}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, true
	}
	for !seq.Empty() {
		var oid encasn1.ObjectIdentifier
		if !seq.ReadASN1ObjectIdentifier(&oid) {
			break
		}
		oids = append(oids, oid)
	}
	return oids, true
}

// keyProblem names a public key CA/B BR 6.1.5 and 7.1.3.1 forbid: RSA
// below 2048 bits or not a multiple of 8, EC curves other than P-256, P-384
// and P-521, explicit EC parameters, DSA.
func (t *chainTBS) keyProblem() string {
	switch {
	case t.keyAlg.Equal(chainOIDKeyRSA):
		s := cryptobyte.String(t.keyBits)
		var seq cryptobyte.String
		n := new(big.Int)
		if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(n) {
			return "its RSA public key cannot be read"
		}
		switch bits := n.BitLen(); {
		case bits < 2048:
			return fmt.Sprintf("its RSA key has %d bits, fewer than 2048", bits)
		case bits%8 != 0:
			return fmt.Sprintf("its RSA key has %d bits, not a multiple of 8", bits)
		}
	case t.keyAlg.Equal(chainOIDKeyEC):
		s := cryptobyte.String(t.keyParams)
		var curve encasn1.ObjectIdentifier
		if !s.ReadASN1ObjectIdentifier(&curve) {
			return "its EC key uses explicit curve parameters instead of a named curve"
		}
		if !curve.Equal(chainOIDCurveP256) && !curve.Equal(chainOIDCurveP384) && !curve.Equal(chainOIDCurveP521) {
			return fmt.Sprintf("its EC key is on curve %s, not P-256, P-384 or P-521", curve)
		}
	case t.keyAlg.Equal(chainOIDKeyDSA):
		return "it has a DSA key"
	}
	return ""
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
	t := &TrustStore{System: system}
	var err error
	if t.Roots, err = chainLoadPaths(roots, opts); err != nil {
		return nil, err
	}
	if t.Intermediates, err = chainLoadPaths(intermediates, opts); err != nil {
		return nil, err
	}
	return t, nil
}

func chainLoadPaths(paths []string, opts *LoadOptions) ([]*Certificate, error) {
	var out []*Certificate
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
			out = append(out, b.Certificates()...)
		}
		if len(out) == n {
			return nil, &LoadError{File: arg, Err: ErrNotCertificate, Detail: "no certificate found (a directory is searched for " + strings.Join(CertificateExtensions, " ") + " files)"}
		}
	}
	return out, nil
}
