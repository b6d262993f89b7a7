package main

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
)

// keyBlocks returns the fixture keys as PEM labels and DER: the RSA key of
// good_agent.pem as PKCS#8 (PRIVATE KEY) and PKCS#1 (RSA PRIVATE KEY), and
// the ECDSA key of fail_ecdsa.pfx as SEC 1 (EC PRIVATE KEY).
func keyBlocks(t *testing.T) []*pem.Block {
	t.Helper()
	var out []*pem.Block
	for _, f := range []string{"good_agent.pem", "good_agent_pkcs1.pem"} {
		for rest := readFixture(t, f); ; {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			if strings.HasSuffix(b.Type, "PRIVATE KEY") {
				out = append(out, b)
			}
		}
	}
	b, err := certlint.LoadFile(p("fail_ecdsa.pfx"), &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }})
	if err != nil {
		t.Fatal(err)
	}
	ek, ok := b.Key.(*ecdsa.PrivateKey)
	if !ok {
		t.Fatalf("fail_ecdsa.pfx: key %T", b.Key)
	}
	sec1, err := x509.MarshalECPrivateKey(ek)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, &pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})
	if len(out) != 3 {
		t.Fatalf("%d fixture keys, want 3", len(out))
	}
	return out
}

// oddPEMs writes a key block the ways people mangle PEM: on one line, with
// literal "\n" for line breaks (a PEM pasted from a JSON string), with
// headers that do not belong or do not parse, with a label run into the
// base64, with CRLF line ends and a broken base64 line.
func oddPEMs(b *pem.Block) map[string]string {
	b64 := base64.StdEncoding.EncodeToString(b.Bytes)
	var lines []string
	for s := b64; len(s) > 0; {
		n := min(64, len(s))
		lines = append(lines, s[:n])
		s = s[n:]
	}
	begin, end := "-----BEGIN "+b.Type+"-----", "-----END "+b.Type+"-----"
	return map[string]string{
		"one line":             begin + b64 + end + "\n",
		"one line, spaces":     begin + " " + b64 + " " + end + "\n",
		"literal \\n":          begin + `\n` + strings.Join(lines, `\n`) + `\n` + end + `\n`,
		"label run into data":  "-----BEGIN " + b.Type + b64 + "\n" + end + "\n",
		"odd headers":          begin + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,NOTHEX\n\n" + strings.Join(lines, "\n") + "\n" + end + "\n",
		"unknown header":       begin + "\nComment: exported by hand\n\n" + strings.Join(lines, "\n") + "\n" + end + "\n",
		"CRLF, broken base64":  strings.ReplaceAll(begin+"\n"+strings.Join(lines[:1], "\n")+"\n!!"+strings.Join(lines[1:], "\n")+"\n"+end+"\n", "\n", "\r\n"),
		"mismatched END label": begin + "\n" + strings.Join(lines, "\n") + "\n-----END " + b64[:40] + "-----\n",
	}
}

// TestNoKeyBytesInOddPEM: for each fixture key written each odd way, alone
// and after the certificate, no output of any format (stdout, stderr;
// --verbose) holds key material: neither what the secret scanner finds nor
// any 12 characters of the key's base64 as the file holds it (a BEGIN line
// quoted in an error used to carry the first bytes of the private scalar).
func TestNoKeyBytesInOddPEM(t *testing.T) {
	s := newSecretScanner(t)
	dir := t.TempDir()
	cert := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: readFixture(t, "good_agent.cer")}))
	var files []string
	type keyText struct{ b64 string }
	var keys []keyText
	for i, b := range keyBlocks(t) {
		keys = append(keys, keyText{base64.StdEncoding.EncodeToString(b.Bytes)})
		for name, text := range oddPEMs(b) {
			base := strings.NewReplacer(" ", "_", ",", "", "\\", "").Replace(name)
			files = append(files,
				writeFile(t, filepath.Join(dir, base+"_"+string(rune('a'+i))+".pem"), []byte(text)),
				writeFile(t, filepath.Join(dir, base+"_"+string(rune('a'+i))+"_cert.pem"), []byte(cert+text)))
		}
	}
	check := func(what, out string) {
		t.Helper()
		if found := s.find(out); found != "" {
			t.Errorf("%s: %s:\n%s", what, found, clip(out))
		}
		for _, k := range keys {
			// Skip the first 12 characters: the DER header of a key
			// (SEQUENCE, version) is the same in every key.
			for i := 12; i+12 <= len(k.b64); i++ {
				if strings.Contains(out, k.b64[i:i+12]) {
					t.Errorf("%s: 12 characters of a key's base64 at %d:\n%s", what, i, clip(out))
					return
				}
			}
		}
	}
	for _, format := range []string{"text", "json", "sarif"} {
		args := append([]string{"lint", "--verbose", "--format", format, "--at", at}, files...)
		r := exeGuarded(t, runSpec{}, args...)
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2 (some blocks are broken)", format, r.code)
		}
		check(format+" stdout", r.stdout)
		check(format+" stderr", r.stderr)
	}
	// The library's errors, directly.
	for _, f := range files {
		b, err := certlint.LoadFile(f, nil)
		if err != nil {
			check("LoadFile "+filepath.Base(f), err.Error())
			continue
		}
		if b.KeyError != nil {
			check("KeyError "+filepath.Base(f), b.KeyError.Error())
		}
	}
}
