package chain

import (
	encasn1 "encoding/asn1"
	"testing"
)

func TestWeakHash(t *testing.T) {
	for _, tc := range []struct {
		oid  encasn1.ObjectIdentifier
		want string
	}{
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 2}, "MD2"},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 3}, "MD4"},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4}, "MD5"},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}, ""},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, ""},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 2}, ""},
		{encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4, 1}, ""},
		{encasn1.ObjectIdentifier{1, 2, 840, 113548, 1, 1, 4}, ""},
		{encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}, ""},
	} {
		if got := weakHash(tc.oid); got != tc.want {
			t.Errorf("weakHash(%s) = %q, want %q", tc.oid, got, tc.want)
		}
	}
}
