package chain

import (
	encasn1 "encoding/asn1"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

type ncProblem struct {
	i      int
	detail string
}

// chainNCMaxChecks bounds the work of a name-constraint check: OpenSSL
// refuses a certificate when (names in its subject and SAN) x (constraints
// of an issuer) exceeds NAME_CHECK_MAX, 1 << 20 (crypto/x509v3/v3_ncons.c);
// certlint does the same, so that x509-limbo's nc-dos chains are refused
// rather than checked at quadratic cost.
const ncMaxChecks = 1 << 20

// chainNCMaxWork bounds the bytes all the name-constraint checks of one
// chain search may compare (a comparison costs one unit plus the bytes of
// the shorter operand, counted before it is made). Names and constraints are
// normalised (lower-cased, parsed) once, so a long name costs its length
// once, not once per constraint.
const ncMaxWork = 1 << 26

// General name tags (RFC 5280 4.2.1.6).
const (
	gnRFC822    = 1
	gnDNS       = 2
	gnDirectory = 4
	gnURI       = 6
	gnIP        = 7
)

type generalName struct {
	tag   int
	value []byte // content octets (for a directoryName: the Name's DER)
	// Normalised once (chainGName.prepare): low is the value lower-cased
	// (a DNS name without its final dot; an email address's domain, or the
	// host of a URI); local is an email address's local part (case kept);
	// dn is a directoryName's RDNs as RFC 5280 7.1 compares them.
	low, local string
	at, bad    bool
	dn         []string
}

// size is what comparing with n costs at most, in bytes.
func (n *generalName) size() int64 { return int64(len(n.value)) }

// prepare normalises n for the comparisons of chainGNameMatch.
func (n *generalName) prepare() {
	switch n.tag {
	case gnDNS:
		n.low = strings.TrimSuffix(strings.ToLower(string(n.value)), ".")
	case gnRFC822:
		v := string(n.value)
		if at := strings.LastIndexByte(v, '@'); at >= 0 {
			n.at, n.local, n.low = true, v[:at], strings.ToLower(v[at+1:])
		} else {
			n.low = strings.ToLower(v)
		}
	case gnURI:
		// As a name: its host; as a constraint: the host or domain itself.
		n.low = strings.ToLower(string(n.value))
	case gnDirectory:
		name := parseName(n.value)
		if !name.ok {
			n.bad = true
			return
		}
		for _, rdn := range name.rdns {
			keys := make([]string, len(rdn))
			for i, a := range rdn {
				keys[i] = a.oid.String() + "=" + a.norm
			}
			sort.Strings(keys)
			n.dn = append(n.dn, strings.Join(keys, "+"))
		}
	}
}

// prepareName normalises n as a name of a certificate (for a URI: its host).
func (n *generalName) prepareName() {
	n.prepare()
	if n.tag == gnURI {
		u, err := url.Parse(string(n.value))
		if err != nil || u.Hostname() == "" {
			n.bad = true
			return
		}
		n.low = strings.ToLower(u.Hostname())
	}
}

// chainNC is one certificate's nameConstraints (RFC 5280 4.2.1.10).
type constraints struct {
	permitted, excluded []generalName
	// byTag counts the constraints and their bytes of each name form.
	count, bytes map[int]int64
}

// nameConstraints reads the certificate's nameConstraints once.
func (t *tbsCert) nameConstraints() (*constraints, bool) {
	if t.ncRead {
		return t.nc, t.nc != nil
	}
	t.ncRead = true
	t.nc, _ = t.readNameConstraints()
	return t.nc, t.nc != nil
}

func (t *tbsCert) readNameConstraints() (*constraints, bool) {
	v, x := t.ext(keyExtNC)
	if x == nil {
		return nil, false
	}
	nc := &constraints{count: map[int]int64{}, bytes: map[int]int64{}}
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nc, true
	}
	for _, part := range []struct {
		tag  int
		list *[]generalName
	}{{0, &nc.permitted}, {1, &nc.excluded}} {
		tag := cbasn1.Tag(uint8(part.tag)).Constructed().ContextSpecific()
		if !seq.PeekASN1Tag(tag) {
			continue
		}
		var subtrees cryptobyte.String
		if !seq.ReadASN1(&subtrees, tag) {
			return nc, true
		}
		// Count first: the list is allocated once, not grown.
		n := 0
		for count := subtrees; !count.Empty() && count.SkipASN1(cbasn1.SEQUENCE); {
			n++
		}
		*part.list = make([]generalName, 0, n)
		for !subtrees.Empty() {
			var st cryptobyte.String
			if !subtrees.ReadASN1(&st, cbasn1.SEQUENCE) {
				break
			}
			if g, ok := readGeneralName(&st); ok {
				g.prepare()
				nc.count[g.tag]++
				nc.bytes[g.tag] += g.size()
				*part.list = append(*part.list, g)
			}
		}
	}
	return nc, true
}

func readGeneralName(s *cryptobyte.String) (generalName, bool) {
	var body cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadAnyASN1(&body, &tag) {
		return generalName{}, false
	}
	g := generalName{tag: int(tag & 0x1f), value: body}
	if g.tag == gnDirectory { // [4] EXPLICIT Name
		var name cryptobyte.String
		if !body.ReadASN1Element(&name, cbasn1.SEQUENCE) {
			return generalName{}, false
		}
		g.value = name
	}
	return g, true
}

// chainNames is what a certificate presents to name constraints.
type names struct {
	names []generalName
	// count is what OpenSSL counts for its limit (subject attributes plus
	// SAN entries); byTag counts the names and their bytes of each form.
	count        int
	byTag, bytes map[int]int64
}

// names returns, once, the names RFC 5280 6.1.3 (b), (c) check against name
// constraints: the subject (when not empty), the subjectAltName entries, and,
// without a subjectAltName, the subject's emailAddress attributes.
func (t *tbsCert) names() *names {
	if t.ncNames != nil {
		return t.ncNames
	}
	out := &names{byTag: map[int]int64{}, bytes: map[int]int64{}}
	t.ncNames = out
	add := func(g generalName) {
		g.prepareName()
		out.names = append(out.names, g)
		out.byTag[g.tag]++
		out.bytes[g.tag] += g.size()
	}
	subj := t.subjectName()
	if subj.ok && len(subj.rdns) > 0 {
		add(generalName{tag: gnDirectory, value: t.subject})
		for _, set := range subj.rdns {
			out.count += len(set)
		}
	}
	v, x := t.ext(keyExtSAN)
	if x != nil {
		s := cryptobyte.String(v)
		var seq cryptobyte.String
		if s.ReadASN1(&seq, cbasn1.SEQUENCE) {
			for !seq.Empty() {
				g, ok := readGeneralName(&seq)
				if !ok {
					break
				}
				add(g)
				out.count++
			}
		}
		return out
	}
	oidEmail := encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	for _, set := range subj.rdns {
		for _, a := range set {
			if mail, ok := decodeString(a.tag, a.raw); ok && a.oid.Equal(oidEmail) {
				add(generalName{tag: gnRFC822, value: []byte(mail)})
			}
		}
	}
	return out
}

// nameConstraints applies RFC 5280 6.1.3 (b), (c) and 6.1.4 (g): the names of
// each certificate must lie within the permitted subtrees and outside the
// excluded subtrees of every issuer above it, self-issued CA certificates
// excepted. dNSName, rfc822Name, URI, iPAddress and directoryName are
// checked; a wildcard DNS name ("*.example.com") must lie wholly within the
// permitted subtrees and wholly outside the excluded ones (x509-limbo's
// CVE-2025-61727 cases). A name of another form under a constraint on that
// form cannot be checked, and is refused as RFC 5280 4.2.1.10 requires.
//
// The work is bounded before it is done: each (issuer, certificate) pair is
// checked once per search, a pair whose comparisons exceed OpenSSL's count
// is refused, and all pairs together may compare at most chainNCMaxWork
// bytes.
func (s *search) nameConstraints(path []*node) *ncProblem {
	last := len(path) - 1
	for j := 1; j <= last; j++ {
		if _, ok := path[j].tbs.nameConstraints(); !ok {
			continue
		}
		for i := 0; i < j; i++ {
			t := path[i].tbs
			if i > 0 && t.selfIssued() {
				continue // self-issued, not the leaf
			}
			k := [2]int{path[j].id, path[i].id}
			p, done := s.nc[k]
			if !done {
				p = s.checkNC(path[j], path[i])
				if s.nc == nil {
					s.nc = map[[2]int]*ncProblem{}
				}
				s.nc[k] = p
			}
			if p != nil {
				return &ncProblem{i: i, detail: p.detail}
			}
		}
	}
	return nil
}

// checkNC checks the names of cert against the name constraints of ca.
func (s *search) checkNC(ca, cert *node) *ncProblem {
	nc, _ := ca.tbs.nameConstraints()
	names := cert.tbs.names()
	caName := ca.tbs.subjectDN()
	nConstraints := len(nc.permitted) + len(nc.excluded)
	if names.count > 0 && nConstraints > ncMaxChecks/names.count {
		return &ncProblem{detail: fmt.Sprintf("checking its %d names against the %d name constraints of %q would take more than %d comparisons: refused as pathological, as OpenSSL does", names.count, nConstraints, caName, ncMaxChecks)}
	}
	// Names are only compared with constraints of their own form; a
	// comparison costs at most the shorter of the two.
	var work int64
	for tag, n := range names.byTag {
		work += n*nc.count[tag] + min(n*nc.bytes[tag], nc.count[tag]*names.bytes[tag])
	}
	if s.ncWork+work > ncMaxWork {
		return &ncProblem{detail: fmt.Sprintf("checking its names against the name constraints of %q would compare about %d bytes, beyond the limit of %d for the chain: refused as pathological", caName, work, int64(ncMaxWork)-s.ncWork)}
	}
	s.ncWork += work
	for _, n := range names.names {
		if msg := nc.check(&n); msg != "" {
			return &ncProblem{detail: fmt.Sprintf("its %s is outside the name constraints of %q", msg, caName)}
		}
	}
	return nil
}

// check returns "" when n satisfies the constraints, else a description of n.
func (nc *constraints) check(n *generalName) string {
	desc := generalNameString(n)
	permittedOfKind := false
	permitted := false
	for i := range nc.permitted {
		c := &nc.permitted[i]
		if c.tag != n.tag {
			continue
		}
		permittedOfKind = true
		if permitted {
			continue
		}
		if m, known := generalNameMatch(c, n, false); !known {
			return desc + " (a name form certlint cannot check against its constraint)"
		} else if m {
			permitted = true
		}
	}
	if permittedOfKind && !permitted {
		return desc + " (not in a permitted subtree)"
	}
	for i := range nc.excluded {
		c := &nc.excluded[i]
		if c.tag != n.tag {
			continue
		}
		if m, known := generalNameMatch(c, n, true); !known {
			return desc + " (a name form certlint cannot check against its constraint)"
		} else if m {
			return desc + " (in an excluded subtree)"
		}
	}
	return ""
}

// chainGNameString names n for a message, a long value cut after 128
// bytes.
func generalNameString(n *generalName) string {
	switch n.tag {
	case gnDNS:
		return "DNS name " + quoteMax(n.value)
	case gnRFC822:
		return "email address " + quoteMax(n.value)
	case gnURI:
		return "URI " + quoteMax(n.value)
	case gnIP:
		return fmt.Sprintf("IP address %v", ipString(n.value))
	case gnDirectory:
		return fmt.Sprintf("name %q", dnText(n.value))
	}
	return fmt.Sprintf("general name of type [%d]", n.tag)
}

// chainQuoteMax quotes a value for a message: a long one by its first 128
// bytes and its length.
func quoteMax(b []byte) string {
	const max = 128
	if len(b) <= max {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%q... (%d bytes)", b[:max], len(b))
}

func ipString(b []byte) string {
	if len(b) == 4 || len(b) == 16 {
		return net.IP(b).String()
	}
	return hex.EncodeToString(b)
}

// chainGNameMatch reports whether name n lies within subtree c (RFC 5280
// 4.2.1.10); for a wildcard DNS name, within means wholly within, or when
// excluded is set, partly within. known is false for name forms not handled.
// Both are prepared (chainGName.prepare): a comparison reads at most the
// shorter of the two.
func generalNameMatch(c, n *generalName, excluded bool) (match, known bool) {
	switch n.tag {
	case gnDNS:
		cs, ns := c.low, n.low
		if base, ok := strings.CutPrefix(ns, "*."); ok {
			all := cs == "" || dnsIn(cs, base) || (strings.HasPrefix(cs, ".") && base == cs[1:])
			if all || !excluded {
				return all, true
			}
			// Excluded: some one-label name under base is in the subtree.
			label, ok := strings.CutSuffix(cs, "."+base)
			return ok && label != "" && !strings.Contains(label, "."), true
		}
		return dnsIn(cs, ns), true
	case gnRFC822:
		if !n.at {
			return false, true
		}
		if c.at {
			return c.local == n.local && c.low == n.low, true
		}
		if strings.HasPrefix(c.low, ".") {
			return strings.HasSuffix(n.low, c.low), true
		}
		return n.low == c.low, true
	case gnURI:
		if n.bad {
			return false, true
		}
		if strings.HasPrefix(c.low, ".") {
			return strings.HasSuffix(n.low, c.low), true
		}
		return n.low == c.low, true
	case gnIP:
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
	case gnDirectory:
		if c.bad || n.bad || len(n.dn) < len(c.dn) {
			return false, true
		}
		for k := range c.dn {
			if c.dn[k] != n.dn[k] {
				return false, true
			}
		}
		return true, true
	}
	return false, false
}

// chainDNSIn: DNS name n is in the subtree of constraint c (RFC 5280
// 4.2.1.10: c itself and any name made by adding labels to its left; a
// leading "." means subdomains only; an empty constraint matches all).
func dnsIn(c, n string) bool {
	switch {
	case c == "":
		return true
	case strings.HasPrefix(c, "."):
		return strings.HasSuffix(n, c)
	}
	return n == c || strings.HasSuffix(n, "."+c)
}
