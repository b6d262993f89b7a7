package chain

import (
	encasn1 "encoding/asn1"
	"testing"
)

func TestWeakHash(t *testing.T) {
	for oid, want := range map[string]string{
		"1.2.840.113549.1.1.2":   "MD2",
		"1.2.840.113549.1.1.3":   "MD4",
		"1.2.840.113549.1.1.4":   "MD5",
		"1.2.840.113549.1.1.5":   "",
		"1.2.840.113549.1.1.11":  "",
		"1.2.840.113549.1.2":     "",
		"1.2.840.113549.1.1.4.1": "",
		"1.2.840.113548.1.1.4":   "",
		"1.2.840.10045.4.3.2":    "",
	} {
		var o encasn1.ObjectIdentifier
		for _, part := range splitOID(oid) {
			o = append(o, part)
		}
		if got := weakHash(o); got != want {
			t.Errorf("weakHash(%s) = %q, want %q", oid, got, want)
		}
	}
}

func splitOID(s string) []int {
	var out []int
	n := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			out = append(out, n)
			n = 0
			continue
		}
		n = n*10 + int(s[i]-'0')
	}
	return out
}
