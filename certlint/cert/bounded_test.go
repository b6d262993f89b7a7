package cert

import (
	"bytes"
	encasn1 "encoding/asn1"
	"encoding/pem"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/testpki"
)

// TestParseBoundedDirect: a certificate that is not self-issued and has no
// large nameConstraints value is given to zcrypto as it is, and the result
// is the one the bounded copy gives (every field, deeply equal); a
// self-issued one still goes through the copy, so zcrypto verifies no
// signature. Over the shipped fixtures, certificates issued here, and the
// x509-limbo corpus when ../shared is present.
func TestParseBoundedDirect(t *testing.T) {
	var ders [][]byte
	pki := testpki.PKI{Org: "bounded test"}
	root := pki.CA(t, "Bounded Root", nil)
	inter := pki.CA(t, "Bounded CA", root, testpki.PermitDNS("example.test"))
	ders = append(ders, root.DER, inter.DER, pki.Leaf(t, "a.example.test", inter).DER, pki.Leaf(t, "self.example.test", nil).DER)
	addPEMs := func(dir string) int {
		n := 0
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (filepath.Ext(p) != ".pem" && filepath.Ext(p) != ".crt") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			for {
				var blk *pem.Block
				if blk, data = pem.Decode(data); blk == nil {
					break
				}
				if blk.Type == "CERTIFICATE" {
					ders = append(ders, blk.Bytes)
					n++
				}
			}
			return nil
		})
		return n
	}
	addPEMs("../../testdata")
	if n := addPEMs("../../../shared/corpora/limbo"); n == 0 {
		t.Log("../shared/corpora/limbo is absent: checked the fixtures and the issued certificates only")
	}

	direct, copied := 0, 0
	for i, der := range ders {
		got, gotErr := parseBounded(der)
		in := cryptobyte.String(der)
		var c, tbs, sigAlg cryptobyte.String
		var sig encasn1.BitString
		if !in.ReadASN1(&c, cbasn1.SEQUENCE) || !c.ReadASN1Element(&tbs, cbasn1.SEQUENCE) || !c.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) || !c.ReadASN1BitString(&sig) {
			continue
		}
		tbsCopy, nc := tbsWithoutBigNC(tbs)
		want, wantErr := parseCopy(der, tbs, tbsCopy, sigAlg, sig, nc)
		iss, subj, ok := tbsNames(tbs)
		if ok && nc == nil && !bytes.Equal(iss, subj) {
			direct++
		} else {
			copied++
			if got != nil && got.SelfSigned {
				t.Errorf("certificate %d: parsed directly although self-issued (SelfSigned set)", i)
			}
		}
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Errorf("certificate %d: error %v, the copy gives %v", i, gotErr, wantErr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("certificate %d (%s): the direct parse differs from the copy's", i, NameTextOr(iss, "?"))
		}
	}
	if direct < 3 || copied < 2 {
		t.Fatalf("%d certificates parsed directly and %d through the copy: not the cases meant", direct, copied)
	}
	t.Logf("%d parsed directly, %d through the copy", direct, copied)
}
