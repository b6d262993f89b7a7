package cert

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
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
	zx509 "github.com/zmap/zcrypto/x509"
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
		// The fingerprints the Certificate methods take from the parse are
		// those of the DER, whichever way it was parsed.
		for _, p := range []*zx509.Certificate{got, want, nil} {
			c := &Certificate{Raw: der, Parsed: p}
			if c.SHA1() != sha1.Sum(der) || c.SHA256() != sha256.Sum256(der) {
				t.Errorf("certificate %d: SHA1/SHA256 are not the DER's (parsed: %v)", i, p != nil)
			}
		}
	}
	if direct < 3 || copied < 2 {
		t.Fatalf("%d certificates parsed directly and %d through the copy: not the cases meant", direct, copied)
	}
	t.Logf("%d parsed directly, %d through the copy", direct, copied)
}

// TestTBSHeadDER: the cryptobyte reading of a certificate's serial, issuer
// and subject gives what the encoding/asn1 reading gives, whenever it
// reads one, over issued certificates, the fixtures' CA and the ../shared
// corpora when present, each also cut short, with trailing bytes, and with
// its serial's tag made constructed.
func TestTBSHeadDER(t *testing.T) {
	pki := testpki.PKI{Org: "tbs head test"}
	root := pki.CA(t, "TBS Root", nil)
	ders := [][]byte{root.DER, pki.Leaf(t, "a.example.test", root).DER}
	if data, err := os.ReadFile("../../testdata/ca/intermediate.pem"); err == nil {
		if blk, _ := pem.Decode(data); blk != nil {
			ders = append(ders, blk.Bytes)
		}
	}
	filepath.WalkDir("../../../shared/corpora", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".pem" || len(ders) > 400 {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			for blk, rest := pem.Decode(data); blk != nil; blk, rest = pem.Decode(rest) {
				if blk.Type == "CERTIFICATE" {
					ders = append(ders, blk.Bytes)
				}
			}
		}
		return nil
	})
	var cases [][]byte
	for _, der := range ders {
		cases = append(cases, der, der[:len(der)/2], append(bytes.Clone(der), 0, 0))
		if i := bytes.Index(der, []byte{0xa0, 0x03, 0x02, 0x01, 0x02, 0x02}); i >= 0 { // v3, then the serial's tag
			odd := bytes.Clone(der)
			odd[i+5] = 0x22 // a constructed INTEGER tag
			cases = append(cases, odd)
		}
	}
	read := 0
	for i, der := range cases {
		serial, issuer, subject, ok := tbsHeadDER(der)
		var shell struct{ TBS encasn1.RawValue }
		var tbs tbsHead
		wantOK := false
		if _, err := encasn1.Unmarshal(der, &shell); err == nil {
			if _, err := encasn1.Unmarshal(shell.TBS.FullBytes, &tbs); err == nil && tbs.Serial.Tag == encasn1.TagInteger && tbs.Serial.Class == encasn1.ClassUniversal {
				wantOK = true
			}
		}
		if !ok {
			continue // read the general way, as before
		}
		read++
		if !wantOK || !bytes.Equal(serial, tbs.Serial.Bytes) || !bytes.Equal(issuer, tbs.Issuer.FullBytes) || !bytes.Equal(subject, tbs.Subject.FullBytes) {
			t.Errorf("case %d: cryptobyte read %x / %x / %x, encoding/asn1 (ok %v) %x / %x / %x", i, serial, issuer, subject, wantOK, tbs.Serial.Bytes, tbs.Issuer.FullBytes, tbs.Subject.FullBytes)
		}
	}
	if read < len(ders) {
		t.Errorf("cryptobyte read only %d of %d cases (%d whole certificates)", read, len(cases), len(ders))
	}
}
