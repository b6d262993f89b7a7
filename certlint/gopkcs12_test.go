package certlint

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

// TestGoPKCS12Differential: every file of the shared corpora that go-pkcs12
// decodes — DecodeChain for a PFX with a key, DecodeTrustStore for one of
// certificates only — certlint's PKCS#12 walker reads too, and the same
// things come out: the same certificates, byte for byte, the same leaf (the
// certificate of the key), and the same private key. go-pkcs12 is the
// reference here because it follows RFC 7292 strictly; certlint walks the
// structure itself to keep the bag attributes Windows acts on, and must lose
// nothing go-pkcs12 reads.
func TestGoPKCS12Differential(t *testing.T) {
	ldNeedCorpora(t)
	passwords := map[string][]string{}
	for _, r := range ldReadPasswords(t) {
		passwords[filepath.ToSlash(filepath.Join("pkcs12", r.file))] = []string{r.password}
	}
	decoded, keys := 0, 0
	err := filepath.WalkDir(ldCorpora, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 || data[0] != 0x30 {
			return err
		}
		rel, _ := filepath.Rel(ldCorpora, path)
		rel = filepath.ToSlash(rel)
		for _, pw := range append(passwords[rel], "") {
			key, leaf, cas, err := gopkcs12.DecodeChain(data, pw)
			var certs []*x509.Certificate
			switch {
			case err == nil:
				certs = append([]*x509.Certificate{leaf}, cas...)
			default:
				if certs, err = gopkcs12.DecodeTrustStore(data, pw); err != nil {
					continue
				}
			}
			decoded++
			b, lerr := Load(rel, data, ldPassword(pw))
			if lerr != nil {
				t.Errorf("%s: go-pkcs12 decodes it, certlint does not: %v", rel, lerr)
				return nil
			}
			var want, got [][]byte
			for _, c := range certs {
				want = append(want, c.Raw)
			}
			for _, c := range b.Certificates() {
				got = append(got, c.Raw)
			}
			slices.SortFunc(want, bytes.Compare)
			slices.SortFunc(got, bytes.Compare)
			if !slices.EqualFunc(want, got, bytes.Equal) {
				t.Errorf("%s: go-pkcs12 reads %d certificates, certlint %d, or their bytes differ", rel, len(want), len(got))
			}
			if key == nil {
				if b.Key != nil {
					t.Errorf("%s: go-pkcs12 reads no key, certlint reads one", rel)
				}
				return nil
			}
			keys++
			if b.Leaf == nil || !bytes.Equal(b.Leaf.Raw, leaf.Raw) {
				t.Errorf("%s: certlint's leaf is not the certificate of go-pkcs12's key (%s)", rel, b.LeafReason)
			}
			eq, ok := b.Key.(interface{ Equal(crypto.PrivateKey) bool })
			if !ok || !eq.Equal(key) {
				t.Errorf("%s: certlint's private key (%T) is not go-pkcs12's (%T)", rel, b.Key, key)
			}
			return nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("go-pkcs12 decoded %d corpus files, %d with a key; certlint read the same from each", decoded, keys)
	if decoded < 40 || keys < 30 {
		t.Errorf("go-pkcs12 decoded only %d corpus files (%d with a key); the corpora hold more than 40 it reads", decoded, keys)
	}
}
