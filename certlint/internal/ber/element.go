package ber

import (
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Element returns the first element of b as DER and the bytes after it. An
// element that is DER already is returned as it is (no copy); BER (indefinite
// lengths, constructed strings, non-minimal lengths) is rewritten with ToDER.
// what names the element in the error, which says whether it is truncated
// (more bytes declared than present) or not valid BER.
func Element(b []byte, what string) (der, rest []byte, err error) {
	in := cryptobyte.String(b)
	var el cryptobyte.String
	if in.ReadAnyASN1Element(&el, nil) && isDER(el, 0) {
		return el, in, nil
	}
	d, r, err := ToDER(b)
	if err != nil {
		if declared, present, ok := truncated(b); ok {
			return nil, nil, fmt.Errorf("%s is truncated (%d bytes declared, %d present)", what, declared, present)
		}
		return nil, nil, fmt.Errorf("%s is not valid DER or BER: %v", what, err)
	}
	return d, r, nil
}

// isDER reports whether el, one element, is DER all the way down as far as
// cryptobyte needs: every constructed element parses with definite, minimal
// lengths. Primitive contents (OCTET STRINGs holding further structures) are
// not entered.
func isDER(el cryptobyte.String, depth int) bool {
	if depth > MaxDepth {
		return false
	}
	var body cryptobyte.String
	var tag asn1.Tag
	if !el.ReadAnyASN1(&body, &tag) || !el.Empty() {
		return false
	}
	if tag&0x20 == 0 {
		return true
	}
	if tag&0xc0 == 0 && (tag&0x1f == 3 || tag&0x1f == 4) {
		return false // a constructed BIT or OCTET STRING is BER
	}
	for !body.Empty() {
		var child cryptobyte.String
		if !body.ReadAnyASN1Element(&child, nil) || !isDER(child, depth+1) {
			return false
		}
	}
	return true
}

// truncated reads the header of the element at the start of b (one
// identifier octet, definite length of at most four octets) and reports
// whether it declares more content than b holds.
func truncated(b []byte) (declared, present int, ok bool) {
	if len(b) < 2 || b[0]&0x1f == 0x1f || b[1] == 0x80 {
		return 0, 0, false
	}
	hdr, n := 2, 0
	if lb := b[1]; lb < 0x80 {
		n = int(lb)
	} else {
		k := int(lb & 0x7f)
		if k > 4 || len(b) < 2+k {
			return 0, 0, false
		}
		for _, x := range b[2 : 2+k] {
			n = n<<8 | int(x)
		}
		if n < 0 {
			return 0, 0, false
		}
		hdr += k
	}
	return n, len(b) - hdr, n > len(b)-hdr
}
