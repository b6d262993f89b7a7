package chain

import (
	"bytes"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// chainEval is a candidate path and its problems.
type candidate struct {
	path     []*node
	anchored bool
	// alone: the certificate judged on its own (CertProblems), no chain
	// built and no signature checked.
	alone    bool
	problems []Problem
	trust    int
	profile  int
}

// add records a problem of the certificate at position i, in the class of
// its kind.
func (e *candidate) add(i int, k ProblemKind, rule, format string, args ...any) *Problem {
	cls := ClassTrust
	switch {
	case k == ProblemLeafValidity || k == ProblemLeafEKU:
		cls = ClassLeaf
	case strings.HasPrefix(string(k), "profile_"):
		cls = ClassProfile
	}
	return e.addClass(cls, i, k, rule, format, args...)
}

func (e *candidate) addClass(cls ProblemClass, i int, k ProblemKind, rule, format string, args ...any) *Problem {
	d := describe(e.path[i])
	w, note := windows(k, cls)
	e.problems = append(e.problems, Problem{Kind: k, Class: cls, Index: i, Subject: d.Subject, Thumbprint: d.Thumbprint, Rule: rule, Detail: fmt.Sprintf(format, args...), Windows: w, WindowsNote: note})
	switch cls {
	case ClassTrust:
		e.trust++
	case ClassProfile:
		e.profile++
	}
	return &e.problems[len(e.problems)-1]
}

// replay adds p, found for the same certificate at another position or in
// another search, as the problem of the certificate at i.
func (e *candidate) replay(i int, p Problem) {
	p.Index = i
	e.problems = append(e.problems, p)
	switch p.Class {
	case ClassTrust:
		e.trust++
	case ClassProfile:
		e.profile++
	}
}

// has reports whether the path has a problem of kind k.
func (e *candidate) has(k ProblemKind) bool {
	for _, p := range e.problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// chainStrictNote is the Windows note of a profile rule Windows does not
// enforce.
const strictNote = "no CERT_TRUST_STATUS error covers this rule (learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_status); " +
	"validators that apply RFC 5280 strictly (OpenSSL -x509_strict, rustls/webpki, for some rules Go's crypto/x509) reject it"

// chainWindows is what Windows' chain engine does with a problem of kind k:
// the error status it sets (CERT_TRUST_STATUS,
// learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_status),
// or why it accepts it. Checks that know more set Problem.Windows themselves.
func windows(k ProblemKind, cls ProblemClass) (WindowsVerdict, string) {
	switch k {
	case ProblemIssuerNotFound:
		return WindowsRejects, "CERT_TRUST_IS_PARTIAL_CHAIN: the chain does not reach a root"
	case ProblemRootNotTrusted:
		return WindowsRejects, "CERT_TRUST_IS_UNTRUSTED_ROOT"
	case ProblemBadSignature:
		return WindowsRejects, "CERT_TRUST_IS_NOT_SIGNATURE_VALID"
	case ProblemCAValidity, ProblemLeafValidity:
		return WindowsRejects, "CERT_TRUST_IS_NOT_TIME_VALID"
	case ProblemNotCA, ProblemPathLength:
		return WindowsRejects, "CERT_TRUST_INVALID_BASIC_CONSTRAINTS"
	case ProblemNoKeyCertSign:
		return WindowsRejects, "a CA key usage without keyCertSign does not allow the CA to sign certificates (RFC 5280 6.1.4 (n))"
	case ProblemCAEKU, ProblemLeafEKU:
		return WindowsRejects, "CERT_TRUST_IS_NOT_VALID_FOR_USAGE: Windows intersects the extended key usages of the chain"
	case ProblemWeakSignature:
		if cls == ClassProfile {
			return WindowsAccepts, "Windows does not check a trust anchor's own signature"
		}
		return WindowsRejects, "Windows refuses MD2, MD4 and MD5 signatures in certificate chains (Microsoft Security Advisory 2862973)"
	case ProblemUnknownCriticalExtension:
		return WindowsRejects, "CERT_TRUST_INVALID_EXTENSION (CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT)"
	case ProblemNameConstraints:
		return WindowsRejects, "CERT_TRUST_INVALID_NAME_CONSTRAINTS (not permitted, excluded or unsupported name)"
	case ProblemMalformed:
		return WindowsRejects, "the certificate is not DER X.509, which Windows cannot decode either"
	case ProblemKeyLimit:
		return WindowsRejects, "CERT_TRUST_IS_NOT_SIGNATURE_VALID: Windows' providers cannot use the key"
	case ProblemSearchLimit:
		return WindowsUnknown, "certlint stopped before it could tell; Windows' chain engine has limits of its own"
	case ProfileUnparsable:
		return WindowsUnknown, "Microsoft does not document whether CryptoAPI decodes what crypto/x509 refuses here"
	}
	return WindowsAccepts, strictNote
}

func (e *candidate) better(o *candidate) bool {
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

// chainWeakHash names the broken hash of a signature algorithm OID (MD2,
// MD4, MD5 with RSA), "" otherwise.
func weakHash(oid encasn1.ObjectIdentifier) string {
	// md2WithRSAEncryption, md4WithRSAEncryption, md5WithRSAEncryption:
	// 1.2.840.113549.1.1.{2,3,4} (RFC 3279 2.2.1, RFC 8017 A.2.4).
	if len(oid) != 7 || !oidKeyRSA[:6].Equal(oid[:6]) {
		return ""
	}
	switch oid[6] {
	case 2:
		return "MD2"
	case 3:
		return "MD4"
	case 4:
		return "MD5"
	}
	return ""
}

func validAt(t *tbsCert, at time.Time) bool {
	return !at.Before(t.notBefore) && !at.After(t.notAfter)
}

// evaluate lists the problems of one complete path.
func (s *search) evaluate(path []*node, end pathEnd, hint string) *candidate {
	e := &candidate{path: path, anchored: end == endAnchor}
	last := len(path) - 1
	top := path[last]
	switch end {
	case endNoIssuer:
		name := top.tbs.issuerDN()
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
		p.IssuerName, p.IssuerKeyID, p.Hint = name, kid, hint
	case endUntrustedRoot:
		e.add(last, ProblemRootNotTrusted, "RFC 5280 6.1.1 (d)", "the chain ends at this self-signed root, which is not a trusted root")
	case endLimit:
		e.add(last, ProblemSearchLimit, "", "%s", s.limitDetail())
	case endRefused:
		// checkCert reports the key (ProblemKeyLimit).
	}
	for i := 0; i < last; i++ {
		issuer := path[i+1].tbs.subjectDN()
		err := s.sig(path[i], path[i+1])
		if l, ok := isLimit(err); ok {
			// A key beyond a limit is reported once, on its certificate
			// (checkCert); a check the budget did not allow, here.
			if l.Limit == "work" {
				e.add(i, ProblemSearchLimit, "", "%s", l.Detail)
			}
		} else if !sigOK(err) {
			p := e.add(i, ProblemBadSignature, "RFC 5280 6.1.3 (a)(1)", "its signature does not verify with the public key of %q: %v", issuer, err)
			p.IssuerName = issuer
		}
		if aki, ski := path[i].tbs.akiKeyID(), path[i+1].tbs.ski(); len(aki) > 0 && len(ski) > 0 && !bytes.Equal(aki, ski) {
			e.add(i, ProfileKeyIdentifier, "RFC 5280 4.2.1.1", "its authorityKeyIdentifier %x is not the subjectKeyIdentifier %x of its issuer %q", aki, ski, issuer)
		}
		if !bytes.Equal(path[i].tbs.issuer, path[i+1].tbs.subject) {
			s.nameEncoding(e, i)
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
		if !t.selfIssued() {
			if maxPath == 0 {
				e.add(i, ProblemPathLength, "RFC 5280 4.2.1.9", "this CA is below %q, whose pathLenConstraint allows no more CA certificates under it", path[constrainer].tbs.subjectDN())
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

// chainKeyUsed reports whether the chain uses the key of the certificate at
// i to verify a signature: an issuer's, or the key of a self-issued
// certificate that ends the path and is not a trust anchor.
func keyUsed(e *candidate, i int) bool {
	last := len(e.path) - 1
	return !e.alone && (i > 0 || (i == last && e.path[i].tbs.selfIssued() && !e.anchored))
}

// checkCert adds the problems of the certificate at position i of the path.
func (s *search) checkCert(e *candidate, i int, n *node) {
	anchor := e.anchored && i == len(e.path)-1
	// A trust anchor's own signature is never used (RFC 5280 6.1.1 (d)):
	// for it, self-issued is enough and saves a signature check.
	self := n.tbs.selfIssued()
	if !anchor && self {
		// Self-signed when its own key verifies it; a key refused by a limit
		// leaves that unknown, and self-issued stands for it. (Checked, and
		// charged to the budget, on every path: never taken from a cache.)
		_, refused := isLimit(s.sig(n, n))
		self = refused || s.selfSigned(n)
	}
	used := keyUsed(e, i)
	if !n.stored || s.store == nil {
		s.certProblems(e, i, n, self, anchor, used)
		return
	}
	// A trust store certificate's problems depend on nothing else of the
	// path: computed once per run for each place it takes in one.
	k := certCheckKey{hash: n.hash, isCA: i > 0, anchor: anchor, self: self, keyUsed: used, at: s.at.UnixNano()}
	if ps, ok := s.store.certChecks(k); ok {
		for _, p := range ps {
			e.replay(i, p)
		}
		return
	}
	before := len(e.problems)
	s.certProblems(e, i, n, self, anchor, used)
	s.store.putCertChecks(k, e.problems[before:])
}

// certProblems adds the problems of the certificate n at position i, given
// whether it is self-signed, the trust anchor, and whether the chain uses
// its key.
func (s *search) certProblems(e *candidate, i int, n *node, self, anchor, keyUsed bool) {
	t := n.tbs
	isCA := i > 0
	// A key beyond a limit, on a certificate whose key the chain uses: an
	// issuer, or a self-issued certificate that ends the path. (A leaf's
	// own key is a profile matter: keyProblem.)
	if k := t.publicKey(); k.limit != nil && keyUsed {
		e.add(i, ProblemKeyLimit, "RFC 5280 6.1.3 (a)(1)", "%s", k.limit.Detail)
	}
	bc := t.basicConstraints()
	ku, hasKU := t.keyUsage()

	if !validAt(t, s.at) {
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
		if hasKU && ku&kuKeyCertSign == 0 {
			e.add(i, ProblemNoKeyCertSign, "RFC 5280 4.2.1.3, 6.1.4 (n)", "it issues a certificate of the chain but its keyUsage lacks keyCertSign")
		}
	}
	if ekus, ok := t.extKeyUsage(); ok && !hasOID(ekus, oidEKUAny) {
		for _, u := range []struct {
			oid  encasn1.ObjectIdentifier
			name string
		}{{oidEKUServerAuth, "serverAuth"}, {oidEKUClientAuth, "clientAuth"}} {
			if hasOID(ekus, u.oid) {
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
	if h := weakHash(t.sigOID); h != "" {
		if anchor && self {
			// Windows does not check a trust anchor's own signature.
			e.addClass(ClassProfile, i, ProblemWeakSignature, "Microsoft Security Advisory 2862973", "this root signs itself with %s: harmless to Windows, which does not check a trust anchor's own signature, but other validators refuse it", h)
		} else {
			e.add(i, ProblemWeakSignature, "Microsoft Security Advisory 2862973", "it is signed with %s, which Windows refuses in certificate chains", h)
		}
	}
	for k, x := range t.extIndex().unknownCritical {
		if k == listMax {
			e.add(i, ProblemUnknownCriticalExtension, "RFC 5280 4.2, 6.1.4 (o)", "and %d more critical extensions validators do not know", len(t.extIndex().unknownCritical)-k)
			break
		}
		times := ""
		if x.n > 1 {
			times = fmt.Sprintf(" (%d times)", x.n)
		}
		e.add(i, ProblemUnknownCriticalExtension, "RFC 5280 4.2, 6.1.4 (o)", "it has a critical extension %s%s that validators do not know, so the chain must be rejected", x.oid, times)
	}
	s.checkProfile(e, i, n, self, anchor, bc, ku, hasKU)
}

// checkProfile adds the RFC 5280 / CA/B BR profile problems of one
// certificate of the path (ClassProfile).
func (s *search) checkProfile(e *candidate, i int, n *node, self, anchor bool, bc basicConstraints, ku int, hasKU bool) {
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
	if emptyName(t.issuer) {
		e.add(i, ProfileEmptyName, "RFC 5280 4.1.2.4", "its issuer name is empty")
	}
	if (isCA || bc.ca) && emptyName(t.subject) {
		e.add(i, ProfileEmptyName, "RFC 5280 4.1.2.6", "it is a CA certificate with an empty subject name")
	}
	for k, x := range t.extIndex().dups {
		if k == listMax {
			e.add(i, ProfileDuplicateExtension, "RFC 5280 4.2", "and %d more extensions appear more than once", len(t.extIndex().dups)-k)
			break
		}
		e.add(i, ProfileDuplicateExtension, "RFC 5280 4.2", "the extension %s appears more than once (%d times)", x.oid, x.n)
	}
	aki, akiExt := t.authorityKeyID()
	ski, skiExt := t.ext(keyExtSKI)
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
	if _, x := t.ext(keyExtPolicyConstr); x != nil && !x.critical {
		e.add(i, ProfileCriticality, "RFC 5280 4.2.1.11", "its policyConstraints extension is not marked critical")
	}
	if _, x := t.ext(keyExtAIA); x != nil && x.critical {
		e.add(i, ProfileCriticality, "RFC 5280 4.2.2.1", "its authorityInfoAccess extension is marked critical")
	}
	if !isCA {
		switch {
		case hasKU && ku&kuKeyCertSign != 0 && !bc.ca:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.3, 4.2.1.9", "its keyUsage asserts keyCertSign but basicConstraints cA is not TRUE")
		case bc.ca && hasKU && ku&kuKeyCertSign == 0:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.9; CA/B BR 7.1.2.7.8", "its basicConstraints say cA=TRUE but its keyUsage lacks keyCertSign")
		case bc.pathLen >= 0 && !bc.ca:
			e.add(i, ProfileKeyUsage, "RFC 5280 4.2.1.9", "it has a pathLenConstraint without cA=TRUE")
		}
		ekus, ok := t.extKeyUsage()
		_, ekuExt := t.ext(keyExtEKU)
		switch {
		case bc.ca:
			// A CA certificate in the leaf position: the end-entity EKU
			// rules below are not its rules.
		case ekuExt == nil:
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.6", "it has no extendedKeyUsage extension (OpsMgr needs serverAuth and clientAuth)")
		case ok && len(ekus) == 0:
			p := e.add(i, ProfileEKU, "RFC 5280 4.2.1.12", "its extendedKeyUsage extension lists no usage")
			p.Windows, p.WindowsNote = WindowsRejects, "CERT_TRUST_IS_NOT_VALID_FOR_USAGE: an extendedKeyUsage that lists no usage allows none"
		case hasOID(ekus, oidEKUAny):
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.10", "its extendedKeyUsage contains anyExtendedKeyUsage")
		case ekuExt.critical:
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.7.6", "its extendedKeyUsage extension is marked critical")
		}
	}
	if anchor && self {
		if _, x := t.ext(keyExtEKU); x != nil {
			e.add(i, ProfileEKU, "CA/B BR 7.1.2.1.2", "it is a root with an extendedKeyUsage extension")
		}
	}
	if kp := t.keyProblem(); kp.msg != "" && !(t.publicKey().limit != nil && keyUsed(e, i)) {
		p := e.add(i, ProfileKey, "CA/B BR 6.1.5, 7.1.3.1", "%s", kp.msg)
		p.Windows, p.WindowsNote = kp.windows, kp.note
	}
	if e.profile == before && n.cert.Std == nil && n.cert.StdErr != nil {
		e.add(i, ProfileUnparsable, "RFC 5280 4", "crypto/x509 refuses it: %v", n.cert.StdErr)
	}
}

func hasOID(list []encasn1.ObjectIdentifier, oid encasn1.ObjectIdentifier) bool {
	for _, o := range list {
		if o.Equal(oid) {
			return true
		}
	}
	return false
}

// nameEncoding reports (ProfileNameEncoding) that the issuer name of the
// certificate at i and the subject name of its issuer are one name as RFC
// 5280 7.1 compares names, but not the same bytes.
func (s *search) nameEncoding(e *candidate, i int) {
	child, parent := e.path[i].tbs, e.path[i+1].tbs
	diff := nameEncodingDiff(child.issuerName(), parent.subjectName())
	p := e.add(i, ProfileNameEncoding, "RFC 5280 7.1, 4.1.2.4", "its issuer name and the subject name of its issuer %q are the same name as RFC 5280 7.1 compares names, but not the same bytes (%s): "+
		"validators that compare names byte for byte, such as Go's crypto/x509, do not find the issuer; re-issue the certificate with the issuer name copied from the CA certificate", parent.subjectDN(), diff)
	if aki, ski := child.akiKeyID(), parent.ski(); len(aki) > 0 && bytes.Equal(aki, ski) {
		p.Windows, p.WindowsNote = WindowsAccepts, "Windows' chain engine also finds an issuer by key identifier (a key match issuer, CERT_TRUST_HAS_KEY_MATCH_ISSUER), and the key identifiers match here"
	} else {
		p.Windows, p.WindowsNote = WindowsUnknown, "without a key identifier match Windows finds an issuer by name, and CertCompareCertificateName compares the encoded names "+
			"(learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certcomparecertificatename): it is likely not to find this issuer"
	}
}
