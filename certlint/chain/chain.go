package chain

import (
	"bytes"
	"encoding/hex"
	"time"

	"github.com/certlint/certlint/certlint/cert"
)

// Role is what a certificate of the input turned out to be once the
// leaf's chain was built.
type Role string

const (
	// RoleLeaf: the certificate the chain is built for, first.
	RoleLeaf Role = "leaf"
	// RoleIntermediate: a CA between the leaf and the root.
	RoleIntermediate Role = "intermediate"
	// ChainRoleRoot: the last certificate of the chain, a trust anchor or a
	// self-signed certificate.
	RoleRoot Role = "root"
	// ChainRoleUnrelated: not part of the chain built for the leaf.
	RoleUnrelated Role = "unrelated"
)

// Origin says where a chain certificate was found.
type Origin string

const (
	OriginBundle        Origin = "bundle"        // the input itself
	OriginIntermediates Origin = "intermediates" // TrustStore.Intermediates
	OriginRoots         Origin = "roots"         // TrustStore.Roots
	OriginSystem        Origin = "system"        // the operating system's stores
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
	// ProblemSearchLimit: path building gave up (chain too long, too many
	// candidate paths or signature checks, or their work budget spent); the
	// input is pathological.
	ProblemSearchLimit ProblemKind = "search_limit"
	// ProblemKeyLimit: a public key the chain needs is beyond the size
	// Windows' providers accept (RSA modulus over 16,384 bits or exponent
	// over 32 bits, DSA parameters over FIPS 186-4's (3072, 256)); the
	// signatures it would verify are not checked.
	ProblemKeyLimit ProblemKind = "key_limit"
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
	// ProfileNameEncoding: a certificate's issuer name and its issuer's
	// subject name are the same name as RFC 5280 7.1 compares them, but not
	// the same bytes (letter case, spaces, PrintableString and UTF8String).
	ProfileNameEncoding ProblemKind = "profile_name_encoding"
)

// WindowsVerdict says whether Windows' chain engine (CertGetCertificateChain,
// which Schannel uses for OpsMgr mutual authentication) accepts a chain with
// the problem.
type WindowsVerdict string

const (
	// WindowsRejects: the chain engine sets an error status
	// (CERT_TRUST_STATUS dwErrorStatus) for the problem.
	WindowsRejects WindowsVerdict = "rejects"
	// WindowsAccepts: no error status of the chain engine covers the
	// problem; stricter validators may still refuse it.
	WindowsAccepts WindowsVerdict = "accepts"
	// WindowsUnknown: Microsoft does not document the behaviour, or certlint
	// stopped before it could tell.
	WindowsUnknown WindowsVerdict = "unknown"
)

// Problem is one defect of the chain, naming the certificate it is about.
type Problem struct {
	Kind  ProblemKind  `json:"kind"`
	Class ProblemClass `json:"class"`
	// Index is the certificate's position in Result.Chain (0 = leaf).
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
	// Hint says, for a ProblemIssuerNotFound, which certificate given came
	// closest to being the issuer and why it was rejected.
	Hint string `json:"hint,omitempty"`
	// Usage is "serverAuth" or "clientAuth" for ProblemCAEKU and ProblemLeafEKU.
	Usage string `json:"usage,omitempty"`
	// Windows says whether Windows' chain engine accepts the problem, and
	// WindowsNote why (the CERT_TRUST_STATUS error it sets, or the document
	// that says so).
	Windows     WindowsVerdict `json:"windows"`
	WindowsNote string         `json:"windows_note"`
}

// String is the certificate's subject and what is wrong, on one line.
func (p Problem) String() string { return p.Subject + ": " + p.Detail }

// Cert is one certificate of the chain built.
type Cert struct {
	Cert    *cert.Certificate `json:"-"`
	Subject string            `json:"subject"`
	Issuer  string            `json:"issuer"`
	// Thumbprint is the SHA-1 of the DER, upper-case hex, as Windows shows it.
	Thumbprint string    `json:"thumbprint"`
	Serial     string    `json:"serial"`
	NotBefore  time.Time `json:"not_before"`
	NotAfter   time.Time `json:"not_after"`
	Origin     Origin    `json:"origin"`
	// Trusted is set on the trust anchor that ends a trusted chain.
	Trusted bool `json:"trusted"`
	// Role is the certificate's place in the chain: leaf (first),
	// intermediate, or root (last, when it is a trust anchor or
	// self-signed). A chain that stops at a missing issuer has no root.
	Role Role `json:"role"`
	// Source is the file the certificate was read from: the input (Bundle.Name)
	// for OriginBundle, the --roots or --intermediates file for OriginRoots and
	// OriginIntermediates when LoadTrustStore read it; empty for OriginSystem
	// and for certificates put into a Store by hand.
	Source string `json:"source,omitempty"`
}

// CertRole is the role of one certificate of the input.
type CertRole struct {
	Cert       *cert.Certificate `json:"-"`
	Subject    string            `json:"subject"`
	Thumbprint string            `json:"thumbprint"`
	Role       Role              `json:"role"`
	// ChainIndex is the certificate's position in Result.Chain, -1 when
	// it is unrelated.
	ChainIndex int `json:"chain_index"`
	// NotAfter is the end of the certificate's validity (RFC 5280 4.1.2.5),
	// zero when it cannot be decoded.
	NotAfter time.Time `json:"not_after"`
}

// Result is the outcome of building the leaf's chain.
type Result struct {
	// Chain is the best path found, leaf first; it ends at a trust anchor
	// when Trusted, else where path building stopped.
	Chain []Cert `json:"chain"`
	// Trusted is true when Chain ends at a trust anchor (Store.Roots or,
	// with Store.System, the operating system's roots).
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
func (r *Result) OK() bool {
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
func (r *Result) Find(kinds ...ProblemKind) []Problem {
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
func (r *Result) Anchor() *Cert {
	if r == nil || len(r.Chain) == 0 {
		return nil
	}
	return &r.Chain[len(r.Chain)-1]
}

// Search limits. Real chains are 2 to 5 certificates long; these bound the
// work on hostile inputs (x509-limbo's pathological cases: 100 CAs sharing a
// subject and a key) to a few thousand signature checks, and
// chainWorkBudget bounds what those checks cost.
const (
	MaxDepth = 16
	MaxSteps = 4096
	MaxPaths = 256
)

// Input is what a chain is built for: the certificate an input is about
// (Leaf), the input's other certificates, which may complete its chain
// (Others), and the input's name (File), written as the Source of the
// chain certificates that come from it.
type Input struct {
	Leaf   *cert.Certificate
	Others []*cert.Certificate
	File   string
}

// certificates returns the leaf followed by the others.
func (in Input) certificates() []*cert.Certificate {
	out := make([]*cert.Certificate, 0, 1+len(in.Others))
	if in.Leaf != nil {
		out = append(out, in.Leaf)
	}
	return append(out, in.Others...)
}

// Build builds the leaf's chain from the bundle's other certificates and
// the trust store, evaluated at time at (time.Now() when zero; RFC 5280
// 4.1.2.5 times have one-second granularity, so at is truncated to the
// second), the way Windows' chain engine does for OpsMgr: issuers are matched
// by subject name (compared as RFC 5280 7.1 says: letter case, insignificant
// spaces and the string type do not count; ProfileNameEncoding reports names
// that differ in encoding) and, when both are present, authority and subject
// key identifiers (4.2.1.1, 4.2.1.2);
// signatures are verified; several candidate issuers, cross-signed CAs,
// cycles and any order of the input are handled. Among the paths found the
// best is kept: one that reaches a trust anchor first, then the one with the
// fewest trust problems, then the fewest profile problems, then the shortest.
//
// Build never fails: a missing leaf gives an empty result, and every
// defect is a Problem. Its work is bounded before it is done: keys beyond
// Windows' limits are not used (ProblemKeyLimit), signature checks are
// charged to a work budget by key size, and the number of paths, checks and
// name-constraint comparisons is capped (ProblemSearchLimit).
func Build(in Input, t *Store, at time.Time) *Result {
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Second)
	res := &Result{Chain: []Cert{}, Problems: []Problem{}, Roles: []CertRole{}}
	if in.Leaf == nil {
		return res
	}
	if t == nil {
		t = &Store{}
	}
	s := &search{
		at:     at,
		byRaw:  map[[32]byte]*node{},
		bySKI:  map[string][]*node{},
		sigs:   map[[2]int]error{},
		system: t.System,
	}
	leaf := s.add(in.Leaf, OriginBundle, in.File, false)
	for _, c := range in.Others {
		s.add(c, OriginBundle, in.File, false)
	}
	s.inputs = len(s.nodes)
	if len(t.Roots)+len(t.Intermediates) > 0 {
		s.linkStore(t.prepared())
	}
	var best *candidate
	if leaf == nil || leaf.tbs == nil {
		if leaf == nil {
			leaf = &node{cert: in.Leaf, origin: OriginBundle, file: in.File}
		}
		best = &candidate{path: []*node{leaf}}
		best.add(0, ProblemMalformed, "", "the certificate cannot be decoded: %v", s.parseErr(in.Leaf))
	} else {
		s.walk([]*node{leaf})
		best = s.best
		// A search cut short that found no acceptable chain says so: a
		// better path may exist beyond the limit.
		if s.truncated && !(best.anchored && best.trust == 0) && !best.has(ProblemSearchLimit) {
			best.add(len(best.path)-1, ProblemSearchLimit, "", "%s", s.limitDetail())
		}
	}
	res.Trusted = best.anchored
	res.PathsTried = s.paths
	res.Truncated = s.truncated
	// roleAt is the role of the certificate at position i of the path.
	roleAt := func(i int, n *node) Role {
		switch {
		case i == 0:
			return RoleLeaf
		case i == len(best.path)-1 && (best.anchored || s.selfSigned(n)):
			return RoleRoot
		}
		return RoleIntermediate
	}
	res.Chain = make([]Cert, 0, len(best.path))
	for i, n := range best.path {
		if up := i + 1; up < len(best.path) && !n.stored && n.tbs != nil && n.tbs.issDN == "" && best.path[up].tbs != nil &&
			bytes.Equal(n.tbs.issuer, best.path[up].tbs.subject) {
			// The issuer's name is its issuer's subject, byte for byte: the
			// text is the one already rendered (once per store certificate).
			n.tbs.issDN = best.path[up].tbs.subjectDN()
		}
		cc := describe(n)
		cc.Trusted = best.anchored && i == len(best.path)-1
		cc.Role = roleAt(i, n)
		res.Chain = append(res.Chain, cc)
	}
	res.Problems = append(res.Problems, best.problems...)
	pos := map[*node]int{}
	for i, n := range best.path {
		pos[n] = i
	}
	for _, c := range in.certificates() {
		role := CertRole{Cert: c, ChainIndex: -1, Role: RoleUnrelated}
		n := s.node(c)
		if n == nil {
			n = &node{cert: c}
		}
		d := describe(n)
		role.Subject, role.Thumbprint, role.NotAfter = d.Subject, d.Thumbprint, d.NotAfter
		if i, ok := pos[n]; ok {
			role.ChainIndex = i
			role.Role = roleAt(i, n)
		}
		res.Roles = append(res.Roles, role)
	}
	return res
}

// CertProblems returns the problems of one certificate judged on its own, as
// the end-entity certificate of a chain that was not built (no trust store):
// the ClassProfile problems of its encoding and extensions that need no
// issuer to find. Whether it is self-signed is not verified (no signature is
// checked): a certificate whose subject and issuer are the same name is
// taken as self-signed. A certificate that cannot be decoded gives one
// ProblemMalformed.
func CertProblems(c *cert.Certificate) []Problem {
	if c == nil || len(c.Raw) == 0 {
		return nil
	}
	// One certificate and no path to build: none of the search's indexes
	// (hash, subject, key identifier) is needed.
	s := &search{sigs: map[[2]int]error{}, selfSig: map[int]bool{}, nc: map[[2]int]*ncProblem{}}
	n := &node{cert: c, origin: OriginBundle}
	tbs, err := parseTBS(c.Raw)
	e := &candidate{path: []*node{n}, alone: true}
	if err != nil {
		e.add(0, ProblemMalformed, "", "the certificate cannot be decoded: %v", err)
		return e.problems
	}
	n.tbs = tbs
	ku, hasKU := n.tbs.keyUsage()
	s.checkProfile(e, 0, n, n.tbs.selfIssued(), false, n.tbs.basicConstraints(), ku, hasKU)
	return e.problems
}

// chainDescribe summarises a node for output (computed once per node).
func describe(n *node) Cert {
	if n.desc == nil {
		d := describeNew(n)
		n.desc = &d
	}
	d := *n.desc
	d.Origin, d.Source = n.origin, n.file
	return d
}

func describeNew(n *node) Cert {
	cc := Cert{Cert: n.cert}
	if n.cert != nil {
		cc.Thumbprint = n.cert.Thumbprint()
	}
	if n.tbs == nil {
		cc.Subject = "(undecodable certificate " + cc.Thumbprint + ")"
		return cc
	}
	cc.Subject = n.tbs.subjectDN()
	cc.Issuer = n.tbs.issuerDN()
	cc.Serial = hex.EncodeToString(n.tbs.serial)
	cc.NotBefore, cc.NotAfter = n.tbs.notBefore, n.tbs.notAfter
	if emptyName(n.tbs.subject) {
		cc.Subject = "(empty subject)"
		if n.cert.Std != nil && len(n.cert.Std.DNSNames) > 0 {
			cc.Subject = "(empty subject, DNS " + n.cert.Std.DNSNames[0] + ")"
		}
	}
	return cc
}
