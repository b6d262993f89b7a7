package certlint

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"fmt"

	"github.com/certlint/certlint/certlint/cert"
	zrsa "github.com/zmap/zcrypto/rsa"
)

// Leaf choice. The leaf is the certificate the input is about; OpsMgr binds
// the certificate whose private key it holds (MOMCertImport picks a
// certificate with a private key in the Local Computer store), so the key
// decides when there is one:
//
//  1. With a usable private key, the certificate whose public key equals the
//     key's public key ("matches the private key"). Several (the same key
//     certified twice): the one that is not a CA if only one is not,
//     otherwise the first, and the choice is marked ambiguous.
//  2. With a key that could not be used, the certificate whose public key
//     equals the key's public half when that is still readable (an RSA key
//     whose private part is inconsistent), else the one whose localKeyId bag
//     attribute (RFC 7292 §4.2, RFC 2985 §5.5.2) equals the PFX key bag's,
//     as Windows and OpenSSL pair them.
//  3. Otherwise, from the certificates alone: the only certificate; else the
//     only one that is not a CA (basicConstraints cA absent or false, RFC
//     5280 §4.2.1.9) and not self-issued (subject = issuer, a root); else the
//     only one that is not a CA, self-issued or not; else, when every
//     certificate is a CA, the only one that issued none of the others (the
//     bottom of the chain). When the rule that decides leaves several
//     candidates, the first (in input order) is taken and the choice is
//     marked ambiguous.
//
// Bundle.Key is the first key that matches a certificate, else the first key
// that could be parsed; Bundle.KeyError is that key's problem (a failed
// consistency check), or, when no key could be parsed, the first key's
// parse error. KeyCount counts every key found, readable or not. Others are
// the remaining certificates in input order.
func (l *loader) bundle() *Bundle {
	b := &Bundle{Name: l.name, Format: l.format, PFX: l.pfx, KeyCount: len(l.keys)}

	// The key.
	chosen := -1
	for i, k := range l.keys {
		if k.key != nil && l.matchesAny(k.key) {
			chosen = i
			break
		}
	}
	if chosen < 0 {
		for i, k := range l.keys {
			if k.key != nil {
				chosen = i
				break
			}
		}
	}
	if chosen >= 0 {
		b.Key, b.KeyError = l.keys[chosen].key, l.keys[chosen].err
	} else {
		for i, k := range l.keys {
			if k.err != nil {
				b.KeyError = k.err
				chosen = i
				break
			}
		}
	}
	if l.pfx != nil && chosen >= 0 && chosen < len(l.pfx.Keys) && len(l.pfx.Keys) == len(l.keys) {
		// A PFX records one PFXKey per key bag, in the order of l.keys.
		b.KeyBag = &l.pfx.Keys[chosen]
	}

	if len(l.certs) == 0 {
		b.LeafReason = "the input holds no certificate"
		return b
	}

	leaf, reason, ambiguous := -1, "", false
	if b.Key != nil {
		var cands []int
		for i, c := range l.certs {
			if keyMatches(b.Key, c.cert) {
				cands = append(cands, i)
			}
		}
		switch {
		case len(cands) == 1:
			leaf, reason = cands[0], "its public key matches the private key"
		case len(cands) > 1:
			nonCA := l.filter(cands, func(c *cert.Certificate) bool { return !isCA(c) })
			if len(nonCA) == 1 {
				leaf, reason = nonCA[0], fmt.Sprintf("its public key matches the private key (as %d certificates' do; it is the only one that is not a CA)", len(cands))
			} else {
				leaf, ambiguous = cands[0], true
				reason = fmt.Sprintf("%d certificates match the private key; the first was taken", len(cands))
			}
		}
	}
	if leaf < 0 && b.Key == nil && len(l.keys) > 0 {
		var byPub, byID []int
		for i, c := range l.certs {
			for _, k := range l.keys {
				if k.pub != nil && pubMatches(k.pub, c.cert) {
					byPub = append(byPub, i)
					break
				}
			}
			for _, k := range l.keys {
				if len(k.localKeyID) > 0 && bytes.Equal(k.localKeyID, c.localKeyID) {
					byID = append(byID, i)
					break
				}
			}
		}
		switch {
		case len(byPub) == 1:
			leaf, reason = byPub[0], "its public key matches the public half of the private key (the key itself is unusable)"
		case len(byID) == 1:
			leaf, reason = byID[0], "its localKeyId matches the private key bag's (the key itself could not be read)"
		}
	}
	if leaf < 0 {
		leaf, reason, ambiguous = l.leafWithoutKey()
		if b.Key != nil {
			reason = "no certificate matches the private key; " + reason
		}
	}

	b.Leaf, b.LeafReason, b.LeafAmbiguous = l.certs[leaf].cert, reason, ambiguous
	for i, c := range l.certs {
		if i != leaf {
			b.Others = append(b.Others, c.cert)
		}
	}
	// zcrypto's parse, which the lints read, for the leaf and every other
	// end-entity certificate (each may be linted as a leaf: Split).
	parseZcrypto(b.Leaf)
	for _, c := range b.EndEntities() {
		parseZcrypto(c)
	}
	b.KeyMatchesLeaf = b.Key != nil && keyMatches(b.Key, b.Leaf)
	return b
}

// leafWithoutKey applies rule 3.
func (l *loader) leafWithoutKey() (int, string, bool) {
	if len(l.certs) == 1 {
		return 0, "the only certificate", false
	}
	all := make([]int, len(l.certs))
	for i := range all {
		all[i] = i
	}
	pick := func(cands []int, one, many string) (int, string, bool, bool) {
		switch len(cands) {
		case 0:
			return -1, "", false, false
		case 1:
			return cands[0], one, false, true
		}
		return cands[0], fmt.Sprintf(many, len(cands)), true, true
	}
	nonCA := l.filter(all, func(c *cert.Certificate) bool { return !isCA(c) })
	if i, r, amb, ok := pick(l.filter(nonCA, func(c *cert.Certificate) bool { return !selfIssued(c) }),
		"the only certificate that is not a CA",
		"%d certificates are not CAs; the first was taken"); ok {
		return i, r, amb
	}
	if i, r, amb, ok := pick(nonCA,
		"the only certificate that is not a CA (it is self-issued)",
		"%d self-issued certificates are not CAs; the first was taken"); ok {
		return i, r, amb
	}
	bottom := l.filter(all, func(c *cert.Certificate) bool {
		subj, _ := rawNames(c)
		if subj == nil {
			return true
		}
		for _, o := range l.certs {
			if _, iss := rawNames(o.cert); o.cert != c && iss != nil && !selfIssued(o.cert) && bytes.Equal(subj, iss) {
				return false
			}
		}
		return true
	})
	if i, r, amb, ok := pick(bottom,
		"every certificate is a CA; this one issued none of the others",
		"every certificate is a CA and %d issued none of the others; the first was taken"); ok {
		return i, r, amb
	}
	return 0, "no certificate stands out as the leaf; the first was taken", true
}

func (l *loader) filter(idx []int, keep func(*cert.Certificate) bool) []int {
	var out []int
	for _, i := range idx {
		if keep(l.certs[i].cert) {
			out = append(out, i)
		}
	}
	return out
}

func (l *loader) matchesAny(key crypto.PrivateKey) bool {
	for _, c := range l.certs {
		if keyMatches(key, c.cert) {
			return true
		}
	}
	return false
}

// isCA reports basicConstraints cA = TRUE (RFC 5280 §4.2.1.9), from
// zcrypto's parse or, when zcrypto refused the certificate, Go's. A
// certificate neither could parse counts as not a CA.
func isCA(c *cert.Certificate) bool {
	switch {
	case c.Parsed != nil:
		return c.Parsed.BasicConstraintsValid && c.Parsed.IsCA
	case c.Std != nil:
		return c.Std.BasicConstraintsValid && c.Std.IsCA
	}
	return false
}

// rawNames returns the DER subject and issuer of c from zcrypto's parse or
// Go's; nil, nil when neither parser could read it.
func rawNames(c *cert.Certificate) (subject, issuer []byte) {
	switch {
	case c.Parsed != nil:
		return c.Parsed.RawSubject, c.Parsed.RawIssuer
	case c.Std != nil:
		return c.Std.RawSubject, c.Std.RawIssuer
	}
	return nil, nil
}

// selfIssued reports subject = issuer (RFC 5280 §3.2). A certificate that
// could not be parsed counts as not self-issued.
func selfIssued(c *cert.Certificate) bool {
	subj, iss := rawNames(c)
	return subj != nil && bytes.Equal(subj, iss)
}

// keyMatches reports whether the private key's public half is the
// certificate's subject public key.
func keyMatches(priv crypto.PrivateKey, c *cert.Certificate) bool {
	pk, ok := priv.(interface{ Public() crypto.PublicKey })
	if !ok {
		return false
	}
	return pubMatches(pk.Public(), c)
}

// pubMatches reports whether pub is the certificate's subject public key.
func pubMatches(pub crypto.PublicKey, c *cert.Certificate) bool {
	if c == nil || pub == nil {
		return false
	}
	eq, canEqual := pub.(interface{ Equal(crypto.PublicKey) bool })
	if c.Std != nil && canEqual {
		return eq.Equal(c.Std.PublicKey)
	}
	if c.Parsed == nil {
		return false
	}
	if der, err := x509.MarshalPKIXPublicKey(pub); err == nil && bytes.Equal(der, c.Parsed.RawSubjectPublicKeyInfo) {
		return true
	}
	if canEqual {
		if std, err := x509.ParsePKIXPublicKey(c.Parsed.RawSubjectPublicKeyInfo); err == nil {
			return eq.Equal(std)
		}
	}
	// crypto/x509 refuses the certificate's key encoding (e.g. RSA
	// parameters it does not accept): compare what zcrypto parsed.
	switch cp := c.Parsed.PublicKey.(type) {
	case *zrsa.PublicKey:
		if rp, ok := pub.(*rsa.PublicKey); ok && cp.N != nil && cp.E != nil {
			return rp.N.Cmp(cp.N) == 0 && cp.E.IsInt64() && int64(rp.E) == cp.E.Int64()
		}
	case *ecdsa.PublicKey:
		if canEqual {
			return eq.Equal(cp)
		}
	}
	return false
}
