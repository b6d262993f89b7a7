package certlint

import (
	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// maxElementDepth bounds the nesting countElements follows, as the BER
// reader does (ber.MaxDepth).
const maxElementDepth = 32

// countElements counts the ASN.1 elements of der, following constructed
// elements and the DER that OCTET STRINGs and BIT STRINGs wrap (an
// extension's value is an OCTET STRING holding DER: the names of a subject
// alternative name are inside one). It stops counting past limit. Each
// element is visited once per wrapper it sits in, at most maxElementDepth.
func countElements(der []byte, limit int) int {
	n := 0
	countIn(cryptobyte.String(der), 0, limit, &n)
	return n
}

// countIn counts the elements of s (a series of whole elements) into n and
// reports whether s was one.
func countIn(s cryptobyte.String, depth, limit int, n *int) bool {
	for !s.Empty() && *n <= limit {
		var body cryptobyte.String
		var tag casn1.Tag
		if !s.ReadAnyASN1(&body, &tag) {
			return false
		}
		*n++
		if depth >= maxElementDepth {
			continue
		}
		switch {
		case tag&0x20 != 0:
			countIn(body, depth+1, limit, n)
		case tag == casn1.OCTET_STRING || tag == casn1.BIT_STRING:
			if tag == casn1.BIT_STRING {
				if len(body) == 0 || body[0] != 0 {
					continue
				}
				body = body[1:]
			}
			// Counted only when it is DER through and through.
			before := *n
			if !countIn(body, depth+1, limit, n) {
				*n = before
			}
		}
	}
	return s.Empty()
}
