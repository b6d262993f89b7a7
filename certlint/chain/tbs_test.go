package chain

import (
	encasn1 "encoding/asn1"
	"reflect"
	"testing"
)

// TestSmallExtIndex: the scan used for certificates of few extensions
// finds what the map finds (the first extension of an OID, none for an
// absent one) and counts the same duplicated and unknown critical
// extensions, in the same order.
func TestSmallExtIndex(t *testing.T) {
	oids := []encasn1.ObjectIdentifier{oidExtSKI, oidExtKU, {1, 2, 3, 4}, oidExtSAN, {1, 2, 3, 4}, oidExtBC, {1, 9, 9}, oidExtKU, {1, 9, 9}, oidExtEKU, {1, 2, 3, 4}}
	crit := []bool{false, true, true, false, true, true, true, false, false, false, false}
	var exts []extension
	for i, oid := range oids {
		exts = append(exts, extension{oidDER: []byte(oidKey(oid)), critical: crit[i], value: []byte{byte(i)}})
	}
	small := &tbsCert{exts: exts}
	big := &tbsCert{exts: exts}
	big.extIdx = big.buildExtIndex(true)
	if small.extIndex().first != nil {
		t.Fatal("a certificate of 11 extensions got the map")
	}
	if s, m := small.extIndex(), big.extIdx; !reflect.DeepEqual(s.dups, m.dups) || !reflect.DeepEqual(s.unknownCritical, m.unknownCritical) || len(s.dups) != 3 || len(s.unknownCritical) != 2 {
		t.Errorf("scan: dups %v unknown %v; map: dups %v unknown %v", s.dups, s.unknownCritical, m.dups, m.unknownCritical)
	}
	for _, k := range []extKey{keyExtSKI, keyExtKU, keyExtSAN, keyExtBC, keyExtEKU, keyExtNC, keyExtAKI} {
		sv, sx := small.ext(k)
		mv, mx := big.ext(k)
		if !reflect.DeepEqual(sv, mv) || (sx == nil) != (mx == nil) {
			t.Errorf("ext %x: scan %v %v, map %v %v", k, sv, sx != nil, mv, mx != nil)
		}
	}
}
