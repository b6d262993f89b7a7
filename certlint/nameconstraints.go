package certlint

import (
	"bytes"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

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
