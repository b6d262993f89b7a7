// Package ber rewrites BER-encoded ASN.1 as DER, as far as certlint's DER
// parsers need: indefinite lengths become definite (X.690 §8.1.3.6 to
// §10.1), non-minimal lengths become minimal (§10.1), and constructed string
// types (OCTET STRING, BIT STRING and the character strings) become primitive
// (§10.2). Java keystores and some Windows and Bouncy Castle exports write
// PKCS#12 and PKCS#7 this way. SET OF order is left as found: nothing certlint
// reads depends on it.
//
// The rewrite is bounded: nesting deeper than MaxDepth or more than
// MaxElements elements is refused, so hostile input costs at most linear time
// times MaxDepth.
//
// It knows encodings only: nothing of certificates, PKCS#12 or passwords.
package ber

import (
	"errors"
	"fmt"
)

const (
	// MaxDepth is the deepest nesting accepted.
	MaxDepth = 32
	// MaxElements is the largest number of elements accepted in one call.
	MaxElements = 1 << 17
)

// ErrBER is wrapped by every error ToDER returns.
var ErrBER = errors.New("invalid BER")

// ToDER converts one BER element (and nothing after it but trailing bytes,
// which are returned as rest) to DER.
func ToDER(in []byte) (der, rest []byte, err error) {
	c := &conv{}
	der, rest, err = c.element(in, 0)
	return der, rest, err
}

type conv struct{ elements int }

func fail(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBER}, args...)...)
}

// element converts the element at the start of in.
func (c *conv) element(in []byte, depth int) (out, rest []byte, err error) {
	if depth > MaxDepth {
		return nil, nil, fail("nested deeper than %d", MaxDepth)
	}
	if c.elements++; c.elements > MaxElements {
		return nil, nil, fail("more than %d elements", MaxElements)
	}
	if len(in) < 2 {
		return nil, nil, fail("truncated header")
	}
	// Identifier octets (X.690 §8.1.2), high tag numbers included.
	idLen := 1
	if in[0]&0x1f == 0x1f {
		for {
			if idLen >= len(in) || idLen > 5 {
				return nil, nil, fail("bad tag")
			}
			b := in[idLen]
			idLen++
			if b&0x80 == 0 {
				break
			}
		}
	}
	id := in[:idLen]
	constructed := in[0]&0x20 != 0
	universal := in[0]&0xc0 == 0
	tagNum := in[0] & 0x1f
	if idLen >= len(in) {
		return nil, nil, fail("truncated header")
	}
	// Length octets (X.690 §8.1.3).
	lb := in[idLen]
	p := idLen + 1
	var body []byte
	indefinite := false
	switch {
	case lb < 0x80:
		if len(in)-p < int(lb) {
			return nil, nil, fail("length %d beyond the end of the data", lb)
		}
		body, rest = in[p:p+int(lb)], in[p+int(lb):]
	case lb == 0x80:
		if !constructed {
			return nil, nil, fail("indefinite length on a primitive element")
		}
		indefinite = true
		body = in[p:]
	default:
		n := int(lb & 0x7f)
		if n > 4 || len(in)-p < n {
			return nil, nil, fail("bad length")
		}
		l := 0
		for _, b := range in[p : p+n] {
			l = l<<8 | int(b)
		}
		p += n
		if l < 0 || len(in)-p < l {
			return nil, nil, fail("length %d beyond the end of the data", l)
		}
		body, rest = in[p:p+l], in[p+l:]
	}

	if !constructed {
		return appendTLV(nil, id, body), rest, nil
	}

	// Constructed: convert the children.
	var children [][]byte
	size := 0
	for {
		if indefinite {
			if len(body) >= 2 && body[0] == 0 && body[1] == 0 {
				rest = body[2:]
				break
			}
			if len(body) == 0 {
				return nil, nil, fail("indefinite length without end-of-contents")
			}
		} else if len(body) == 0 {
			break
		}
		child, r, err := c.element(body, depth+1)
		if err != nil {
			return nil, nil, err
		}
		children = append(children, child)
		size += len(child)
		body = r
	}

	if universal && isStringType(tagNum) {
		// A constructed string (X.690 §8.7.3, §8.6.3): its value is the
		// concatenation of its segments' values; DER encodes it primitive.
		prim := []byte{in[0] &^ 0x20}
		var val []byte
		unused := byte(0)
		for i, ch := range children {
			v, ok := contents(ch)
			if !ok || ch[0] != prim[0] {
				return nil, nil, fail("constructed string with a segment of another type")
			}
			if tagNum == 3 { // BIT STRING: drop each segment's unused-bits octet
				if len(v) == 0 || (i < len(children)-1 && v[0] != 0) {
					return nil, nil, fail("bad BIT STRING segment")
				}
				unused = v[0]
				v = v[1:]
			}
			val = append(val, v...)
		}
		if tagNum == 3 {
			val = append([]byte{unused}, val...)
		}
		return appendTLV(nil, prim, val), rest, nil
	}

	out = make([]byte, 0, len(id)+5+size)
	out = append(out, id...)
	out = appendLength(out, size)
	for _, ch := range children {
		out = append(out, ch...)
	}
	return out, rest, nil
}

// isStringType reports whether a universal tag number is a string type that
// BER may encode constructed.
func isStringType(n byte) bool {
	switch n {
	case 3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30:
		return true
	}
	return false
}

// contents returns the value octets of a DER element produced by element.
func contents(el []byte) ([]byte, bool) {
	if len(el) < 2 || el[0]&0x1f == 0x1f {
		return nil, false
	}
	lb := el[1]
	if lb < 0x80 {
		return el[2:], len(el) == 2+int(lb)
	}
	n := int(lb & 0x7f)
	if len(el) < 2+n {
		return nil, false
	}
	return el[2+n:], true
}

func appendTLV(dst, id, val []byte) []byte {
	dst = append(dst, id...)
	dst = appendLength(dst, len(val))
	return append(dst, val...)
}

// appendLength appends a DER (minimal) length.
func appendLength(dst []byte, l int) []byte {
	switch {
	case l < 0x80:
		return append(dst, byte(l))
	case l < 1<<8:
		return append(dst, 0x81, byte(l))
	case l < 1<<16:
		return append(dst, 0x82, byte(l>>8), byte(l))
	case l < 1<<24:
		return append(dst, 0x83, byte(l>>16), byte(l>>8), byte(l))
	}
	return append(dst, 0x84, byte(l>>24), byte(l>>16), byte(l>>8), byte(l))
}
