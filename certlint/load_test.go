package certlint

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// ldTestdata is the fixture folder of the repository (testdata/, made by
// `go run ./testdata/gen`; see testdata/README.md).
var ldTestdata = filepath.Join("..", "testdata")

const ldFixturePassword = "certlint-example"

// TestLoadFixtures loads every fixture of testdata/ and checks what the
// fixture contract (testdata/README.md) says it holds.
func TestLoadFixtures(t *testing.T) {
	const (
		aesCSP = "Microsoft Enhanced RSA and AES Cryptographic Provider"
		aes256 = "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"
	)
	type want struct {
		format      Format
		certs, keys int
		match       bool
		leafCN      string
		// PFX only
		provider string
		usage    byte
		spec     KeySpec
		lmk      bool
		certEnc  string
		keyEnc   string
		mac      string
	}
	good := want{format: FormatPKCS12, certs: 3, keys: 1, match: true, leafCN: "agent01.contoso.test",
		provider: aesCSP, usage: 0x10, spec: KeySpecExchange, certEnc: aes256, keyEnc: aes256, mac: "HMAC-SHA256"}
	with := func(f func(w *want)) want { w := good; f(&w); return w }
	tests := map[string]want{
		"good_agent.pfx": good,
		"good_agent_legacy.pfx": with(func(w *want) {
			w.provider, w.certEnc, w.keyEnc, w.mac = "Microsoft Enhanced Cryptographic Provider v1.0", PBEWithSHAAnd40BitRC2CBC, PBEWithSHAAnd3KeyTripleDESCBC, "HMAC-SHA1"
		}),
		"good_agent_lmk.pfx":        with(func(w *want) { w.lmk = true }),
		"good_agent_nopassword.pfx": good,
		"good_agent_noattrs.pfx":    with(func(w *want) { w.provider, w.usage, w.spec = "", 0, KeySpecUnspecified }),
		"good_ms.pfx":               with(func(w *want) { w.leafCN = "ms01.contoso.test" }),
		"fail_keysig.pfx":           with(func(w *want) { w.usage, w.spec = 0x80, KeySpecSignature }),
		"fail_ksp.pfx":              with(func(w *want) { w.provider = "Microsoft Software Key Storage Provider" }),
		"fail_ecdsa.pfx":            good,
		"fail_no_private_key.pfx": with(func(w *want) {
			w.keys, w.match, w.provider, w.usage, w.spec, w.keyEnc = 0, false, "", 0, KeySpecUnspecified, ""
		}),
		"fail_key_mismatch.pfx": with(func(w *want) {
			w.match, w.provider, w.usage, w.spec = false, "", 0, KeySpecUnspecified // go-pkcs12 Encode writes no attributes
		}),
		"fail_missing_intermediate.pfx": with(func(w *want) { w.certs = 1 }),
		"fail_wrong_host.pfx":           with(func(w *want) { w.leafCN = "web01.contoso.test" }),
		"fail_empty_subject.pfx":        with(func(w *want) { w.leafCN = "" }),
		"warn_short_hostname.pfx":       with(func(w *want) { w.leafCN = "agent01" }),
		"good_agent.pem":                {format: FormatPEM, certs: 3, keys: 1, match: true, leafCN: "agent01.contoso.test"},
		"good_agent_pkcs1.pem":          {format: FormatPEM, certs: 1, keys: 1, match: true, leafCN: "agent01.contoso.test"},
		"good_agent_encrypted.pem":      {format: FormatPEM, certs: 1, keys: 1, match: true, leafCN: "agent01.contoso.test"},
		"good_agent.cer":                {format: FormatDER, certs: 1, leafCN: "agent01.contoso.test"},
		"good_agent_b64.cer":            {format: FormatPEM, certs: 1, leafCN: "agent01.contoso.test"},
		"chain.p7b":                     {format: FormatPKCS7, certs: 3, leafCN: "agent01.contoso.test"},
		"chain_pem.p7b":                 {format: FormatPKCS7, certs: 3, leafCN: "agent01.contoso.test"},
	}
	for name, w := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(ldTestdata, name)
			b, err := LoadFile(path, ldPassword(ldFixturePassword))
			if err != nil {
				t.Fatalf("LoadFile: %v", err)
			}
			if b.Format != w.format || len(b.Certificates()) != w.certs || b.KeyCount != w.keys || b.KeyMatchesLeaf != w.match {
				t.Errorf("format %s, %d certs, %d keys, match %v; want %s, %d, %d, %v",
					b.Format, len(b.Certificates()), b.KeyCount, b.KeyMatchesLeaf, w.format, w.certs, w.keys, w.match)
			}
			if b.Leaf == nil || b.Leaf.Parsed == nil || b.Leaf.Parsed.Subject.CommonName != w.leafCN || b.LeafAmbiguous {
				t.Fatalf("leaf %v (%s), want CN %q, not ambiguous", b.Leaf, b.LeafReason, w.leafCN)
			}
			if w.format != FormatPKCS12 {
				if b.PFX != nil {
					t.Error("PFX info on a non-PFX input")
				}
				return
			}
			if b.PFX.CertEncryption != w.certEnc || b.PFX.MACAlgorithm != w.mac {
				t.Errorf("cert encryption %q, MAC %q; want %q, %q", b.PFX.CertEncryption, b.PFX.MACAlgorithm, w.certEnc, w.mac)
			}
			if w.keys == 0 {
				return
			}
			k := b.PFX.Keys[0]
			if k.Provider != w.provider || k.KeyUsage != w.usage || k.KeySpec != w.spec || k.LocalMachine != w.lmk || k.Encryption != w.keyEnc {
				t.Errorf("key bag %+v; want provider %q usage %#x spec %v lmk %v encryption %q", k, w.provider, w.usage, w.spec, w.lmk, w.keyEnc)
			}
		})
	}

	t.Run("fail_key_unusable.pem", func(t *testing.T) {
		b, err := LoadFile(filepath.Join(ldTestdata, "fail_key_unusable.pem"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if b.KeyError == nil || b.Key != nil || b.KeyCount != 1 || b.Leaf == nil {
			t.Fatalf("KeyError %v, Key %v, KeyCount %d; want an unusable key reported, not a load error", b.KeyError, b.Key != nil, b.KeyCount)
		}
	})
}

// TestLoadPEM covers the PEM block types and their mixes.
func TestLoadPEM(t *testing.T) {
	p := ldPKI(t)
	leaf, inter, root := ldPEM("CERTIFICATE", p.leaf.Raw), ldPEM("CERTIFICATE", p.inter.Raw), ldPEM("CERTIFICATE", p.root.Raw)
	pkcs8 := ldPEM("PRIVATE KEY", ldPKCS8(t, p.leafKey))
	pkcs1 := ldPEM("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(p.leafKey))
	ecDER, err := x509.MarshalECPrivateKey(p.ecKey)
	if err != nil {
		t.Fatal(err)
	}
	sec1 := ldPEM("EC PRIVATE KEY", ecDER)
	//lint:ignore SA1019 a legacy encrypted key is what is being tested.
	legacyBlock, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(p.leafKey), []byte("pw"), x509.PEMCipherAES256) //nolint:staticcheck
	if err != nil {
		t.Fatal(err)
	}
	legacy := pem.EncodeToMemory(legacyBlock)
	alg, ct := ldPBES2(t, ldPKCS8(t, p.leafKey), "pw", 100, 100)
	encrypted := ldPEM("ENCRYPTED PRIVATE KEY", ldSeq(alg, ldOctetValue(ct)))
	text := []byte("Certificate:\n    Data: (openssl x509 -text output)\n")
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

	tests := []struct {
		name        string
		data        []byte
		pw          string
		want        error
		format      Format
		certs, keys int
		match       bool
		leafCN      string
	}{
		{"key first, then chain", cat(pkcs8, root, inter, leaf), "", nil, FormatPEM, 3, 1, true, "agent01.contoso.test"},
		{"PKCS#1 key", cat(leaf, pkcs1), "", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"SEC 1 EC key", cat(ldPEM("CERTIFICATE", p.ec.Raw), sec1), "", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"ENCRYPTED PRIVATE KEY (PBES2)", cat(leaf, encrypted), "pw", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"ENCRYPTED PRIVATE KEY, wrong password", cat(leaf, encrypted), "nope", ErrWrongPassword, "", 0, 0, false, ""},
		{"ENCRYPTED PRIVATE KEY, no password", cat(leaf, encrypted), "", ErrNoPassword, "", 0, 0, false, ""},
		{"legacy Proc-Type encrypted RSA key", cat(leaf, legacy), "pw", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"legacy Proc-Type encrypted RSA key, wrong password", cat(leaf, legacy), "nope", ErrWrongPassword, "", 0, 0, false, ""},
		{"text around the blocks, CRLF line ends", cat(text, bytes.ReplaceAll(cat(leaf, pkcs8), []byte("\n"), []byte("\r\n")), text), "", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"X509 CERTIFICATE and TRUSTED CERTIFICATE", cat(ldPEM("X509 CERTIFICATE", p.leaf.Raw), ldPEM("TRUSTED CERTIFICATE", append(bytes.Clone(p.root.Raw), 0x30, 0x00))), "", nil, FormatPEM, 2, 0, false, "agent01.contoso.test"},
		{"a key alone", pkcs8, "", nil, FormatPEM, 0, 1, false, ""},
		{"text starting with \"00\" (0x30 0x30) before the blocks", cat([]byte("00:11:22 serial\n"), leaf, pkcs8), "", nil, FormatPEM, 1, 1, true, "agent01.contoso.test"},
		{"CSR and public key only", cat(ldPEM("CERTIFICATE REQUEST", []byte{0x30, 0}), ldPEM("PUBLIC KEY", []byte{0x30, 0})), "", ErrNotCertificate, "", 0, 0, false, ""},
		{"no PEM block", text, "", ErrNotCertificate, "", 0, 0, false, ""},
		{"bad base64 in the leaf", cat([]byte("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"), inter), "", ErrMalformed, "", 0, 0, false, ""},
		{"missing END line", cat(leaf[:len(leaf)-26], inter), "", ErrMalformed, "", 0, 0, false, ""},
		{"certificate block of garbage", ldPEM("CERTIFICATE", []byte("not a certificate")), "", ErrMalformed, "", 0, 0, false, ""},
		{"DSA key", cat(leaf, ldPEM("DSA PRIVATE KEY", []byte{0x30, 0})), "", nil, FormatPEM, 1, 1, false, "agent01.contoso.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load("in.pem", tt.data, ldPassword(tt.pw))
			if tt.pw == "" {
				b, err = Load("in.pem", tt.data, nil)
			}
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			if b.Format != tt.format || len(b.Certificates()) != tt.certs || b.KeyCount != tt.keys || b.KeyMatchesLeaf != tt.match {
				t.Errorf("format %s, %d certs, %d keys, match %v; want %s, %d, %d, %v",
					b.Format, len(b.Certificates()), b.KeyCount, b.KeyMatchesLeaf, tt.format, tt.certs, tt.keys, tt.match)
			}
			if tt.certs > 0 && b.Leaf.Parsed.Subject.CommonName != tt.leafCN {
				t.Errorf("leaf %q, want %q", b.Leaf.Parsed.Subject.CommonName, tt.leafCN)
			}
		})
	}

	t.Run("the broken block is named by its line", func(t *testing.T) {
		in := cat(leaf, []byte("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"))
		_, err := Load("in.pem", in, nil)
		wantLine := bytes.Count(leaf, []byte("\n")) + 1
		if err == nil || !strings.Contains(err.Error(), "PEM block 2 (CERTIFICATE, line "+strconv.Itoa(wantLine)+")") {
			t.Fatalf("err = %v, want block 2 at line %d named", err, wantLine)
		}
	})

	t.Run("thousands of blocks", func(t *testing.T) {
		many := bytes.Repeat(leaf, MaxPEMBlocks+1)
		if _, err := Load("many.pem", many, nil); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%d blocks: err = %v, want ErrTooLarge", MaxPEMBlocks+1, err)
		}
		// At the limit, all are read.
		b, err := Load("many.pem", bytes.Repeat(inter, MaxCertificates), nil)
		if err != nil || len(b.Certificates()) != MaxCertificates {
			t.Fatalf("%d blocks: %v", MaxCertificates, err)
		}
	})
}

// ldSeq wraps DER elements in a SEQUENCE.
func ldSeq(els ...[]byte) []byte {
	body := bytes.Join(els, nil)
	return append(ldDERHeader(0x30, len(body)), body...)
}

func ldDERHeader(tag byte, n int) []byte {
	switch {
	case n < 0x80:
		return []byte{tag, byte(n)}
	case n < 0x100:
		return []byte{tag, 0x81, byte(n)}
	}
	return []byte{tag, 0x82, byte(n >> 8), byte(n)}
}

// TestLoadDER covers DER certificates, keys and PKCS#7, made with openssl
// where a real tool writes them.
func TestLoadDER(t *testing.T) {
	p := ldPKI(t)
	dir := t.TempDir()
	ldWrite(t, dir, "chain.pem", bytes.Join([][]byte{ldPEM("CERTIFICATE", p.leaf.Raw), ldPEM("CERTIFICATE", p.inter.Raw), ldPEM("CERTIFICATE", p.root.Raw)}, nil))
	ldOpenSSL(t, dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "chain.p7b")
	ldOpenSSL(t, dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-out", "chain_pem.p7b")
	p7, err := os.ReadFile(filepath.Join(dir, "chain.p7b"))
	if err != nil {
		t.Fatal(err)
	}
	p7pem, err := os.ReadFile(filepath.Join(dir, "chain_pem.p7b"))
	if err != nil {
		t.Fatal(err)
	}
	dataCI := ldContentInfo(oidData, func(b *cryptobyte.Builder) { b.AddASN1OctetString([]byte("x")) })

	tests := []struct {
		name        string
		data        []byte
		want        error
		format      Format
		certs, keys int
	}{
		{"DER certificate", p.leaf.Raw, nil, FormatDER, 1, 0},
		{"DER certificates, concatenated", bytes.Join([][]byte{p.root.Raw, p.leaf.Raw}, nil), nil, FormatDER, 2, 0},
		{"DER certificate with NUL padding", append(bytes.Clone(p.leaf.Raw), 0, 0, 0), nil, FormatDER, 1, 0},
		{"DER PKCS#8 key", ldPKCS8(t, p.leafKey), nil, FormatDER, 0, 1},
		{"DER PKCS#1 key", x509.MarshalPKCS1PrivateKey(p.leafKey), nil, FormatDER, 0, 1},
		{"DER PKCS#7 (openssl crl2pkcs7)", p7, nil, FormatPKCS7, 3, 0},
		{"PEM PKCS#7 (openssl crl2pkcs7)", p7pem, nil, FormatPKCS7, 3, 0},
		{"BER PKCS#7", ldToBER(t, p7), nil, FormatPKCS7, 3, 0},
		{"PKCS#7 Data", dataCI, ErrNotCertificate, "", 0, 0},
		{"truncated DER certificate", p.leaf.Raw[:100], ErrMalformed, "", 0, 0},
		{"truncated PKCS#7", p7[:len(p7)/2], ErrMalformed, "", 0, 0},
		{"DER certificate followed by garbage", append(bytes.Clone(p.leaf.Raw), "garbage"...), ErrMalformed, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load("in.der", tt.data, nil)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			if b.Format != tt.format || len(b.Certificates()) != tt.certs || b.KeyCount != tt.keys {
				t.Errorf("format %s, %d certs, %d keys; want %s, %d, %d", b.Format, len(b.Certificates()), b.KeyCount, tt.format, tt.certs, tt.keys)
			}
			if tt.certs == 3 && (!bytes.Equal(b.Leaf.Raw, p.leaf.Raw) || !bytes.Equal(b.Others[0].Raw, p.inter.Raw) || !bytes.Equal(b.Others[1].Raw, p.root.Raw)) {
				t.Errorf("leaf %s, others not [intermediate, root] in input order", b.Leaf.Parsed.Subject.CommonName)
			}
		})
	}
}

// TestLoadNotACertificate: inputs that are no certificate container at all.
func TestLoadNotACertificate(t *testing.T) {
	random := make([]byte, 4096)
	rand.Read(random)
	random[0] = 0x42 // not a SEQUENCE
	tests := map[string][]byte{
		"empty":              {},
		"white space":        []byte(" \n\t\r\n"),
		"random bytes":       random,
		"a text file":        []byte("password=hunter2\n"),
		"a lone NULL":        {0x05, 0x00},
		"a SEQUENCE of junk": {0x30, 0x03, 0x01, 0x01, 0xff},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := Load("x", data, nil)
			if !errors.Is(err, ErrNotCertificate) || b != nil {
				t.Fatalf("err = %v, want ErrNotCertificate", err)
			}
		})
	}
}

// TestLoadLeafChoice covers the rules of the leaf choice (see Load).
func TestLoadLeafChoice(t *testing.T) {
	p := ldPKI(t)
	c := func(x *x509.Certificate) []byte { return ldPEM("CERTIFICATE", x.Raw) }
	key := ldPEM("PRIVATE KEY", ldPKCS8(t, p.leafKey))
	otherKey := ldPEM("PRIVATE KEY", ldPKCS8(t, p.otherKey))
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name      string
		data      []byte
		leaf      *x509.Certificate
		others    []*x509.Certificate
		ambiguous bool
		match     bool
		reason    string
	}{
		{"the key decides", cat(c(p.root), c(p.other), c(p.leaf), key), p.leaf, []*x509.Certificate{p.root, p.other}, false, true, "its public key matches the private key"},
		{"no key: the only one that is not a CA", cat(c(p.root), c(p.inter), c(p.leaf)), p.leaf, []*x509.Certificate{p.root, p.inter}, false, false, "the only certificate that is not a CA"},
		{"no key: two that are not CAs", cat(c(p.inter), c(p.other), c(p.leaf)), p.other, []*x509.Certificate{p.inter, p.leaf}, true, false, "2 certificates are not CAs; the first was taken"},
		{"no key: only CAs", cat(c(p.root), c(p.inter)), p.inter, []*x509.Certificate{p.root}, false, false, "every certificate is a CA; this one issued none of the others"},
		{"a single CA certificate", c(p.root), p.root, nil, false, false, "the only certificate"},
		{"a key that matches nothing", cat(c(p.inter), c(p.leaf), otherKey), p.leaf, []*x509.Certificate{p.inter}, false, false, "no certificate matches the private key; the only certificate that is not a CA"},
		{"two keys: the matching one is Key", cat(otherKey, c(p.leaf), key), p.leaf, nil, false, true, "its public key matches the private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load("leaf.pem", tt.data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Leaf.Raw, tt.leaf.Raw) || b.LeafAmbiguous != tt.ambiguous || b.KeyMatchesLeaf != tt.match || b.LeafReason != tt.reason {
				t.Errorf("leaf %s ambiguous %v match %v reason %q; want %s %v %v %q", b.Leaf.Parsed.Subject.CommonName, b.LeafAmbiguous,
					b.KeyMatchesLeaf, b.LeafReason, tt.leaf.Subject.CommonName, tt.ambiguous, tt.match, tt.reason)
			}
			if len(b.Others) != len(tt.others) {
				t.Fatalf("%d others, want %d", len(b.Others), len(tt.others))
			}
			for i, o := range tt.others {
				if !bytes.Equal(b.Others[i].Raw, o.Raw) {
					t.Errorf("Others[%d] = %s, want %s (input order)", i, b.Others[i].Std.Subject.CommonName, o.Subject.CommonName)
				}
			}
		})
	}
	// With two keys, KeyCount counts both and Key is the leaf's.
	b, err := Load("two.pem", cat(otherKey, c(p.leaf), key), nil)
	if err != nil || b.KeyCount != 2 || !keyMatches(b.Key, b.Leaf) {
		t.Fatalf("KeyCount %d, Key matches leaf %v (%v); want 2 and the leaf's key", b.KeyCount, b != nil && keyMatches(b.Key, b.Leaf), err)
	}
}

// TestLoadFile covers what LoadFile refuses before reading, and that it
// never changes the file.
func TestLoadFile(t *testing.T) {
	p := ldPKI(t)
	dir := t.TempDir()
	good := ldWrite(t, dir, "good.pem", ldPEM("CERTIFICATE", p.leaf.Raw))

	t.Run("read-only: bytes and modification time kept", func(t *testing.T) {
		old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
		if err := os.Chtimes(good, old, old); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(good)
		if _, err := LoadFile(good, nil); err != nil {
			t.Fatal(err)
		}
		after, _ := os.ReadFile(good)
		fi, _ := os.Stat(good)
		if !bytes.Equal(before, after) || !fi.ModTime().Equal(old) {
			t.Fatalf("file changed: bytes equal %v, mtime %v (want %v)", bytes.Equal(before, after), fi.ModTime(), old)
		}
	})

	t.Run("a directory", func(t *testing.T) {
		if _, err := LoadFile(dir, nil); !errors.Is(err, ErrNotCertificate) || !strings.Contains(err.Error(), "a directory") {
			t.Fatalf("err = %v, want ErrNotCertificate naming a directory", err)
		}
	})

	t.Run("a missing file", func(t *testing.T) {
		_, err := LoadFile(filepath.Join(dir, "missing.pfx"), nil)
		if !errors.Is(err, ErrUnreadable) || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err = %v, want ErrUnreadable and fs.ErrNotExist", err)
		}
	})

	t.Run("a symbolic link loop", func(t *testing.T) {
		a, b := filepath.Join(dir, "loop-a"), filepath.Join(dir, "loop-b")
		if err := os.Symlink(b, a); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(a, b); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadFile(a, nil); !errors.Is(err, ErrUnreadable) {
			t.Fatalf("err = %v, want ErrUnreadable", err)
		}
	})

	t.Run("no read permission", func(t *testing.T) {
		f := ldWrite(t, dir, "secret.pem", ldPEM("CERTIFICATE", p.leaf.Raw))
		if err := os.Chmod(f, 0); err != nil {
			t.Fatal(err)
		}
		_, err := LoadFile(f, nil)
		if runtime.GOOS != "windows" && os.Geteuid() == 0 {
			// root reads anything: the file loads.
			if err != nil {
				t.Fatalf("as root: %v", err)
			}
			return
		}
		if !errors.Is(err, ErrUnreadable) || !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("err = %v, want ErrUnreadable and fs.ErrPermission", err)
		}
	})

	t.Run("a name that is not UTF-8", func(t *testing.T) {
		if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
			return // these file systems refuse such names
		}
		name := filepath.Join(dir, "bad-\xff\xfe.pem")
		ldWrite(t, dir, filepath.Base(name), ldPEM("CERTIFICATE", p.leaf.Raw))
		if _, err := LoadFile(name, nil); err != nil {
			t.Fatal(err)
		}
	})

	if runtime.GOOS != "windows" {
		t.Run("a FIFO (refused before it is opened, so nothing blocks)", func(t *testing.T) {
			fifo := filepath.Join(dir, "fifo")
			if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
				t.Fatalf("mkfifo: %v %s", err, out)
			}
			if _, err := LoadFile(fifo, nil); !errors.Is(err, ErrNotCertificate) || !strings.Contains(err.Error(), "FIFO") {
				t.Fatalf("err = %v, want ErrNotCertificate naming a FIFO", err)
			}
		})
		for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
			t.Run(dev, func(t *testing.T) {
				if _, err := LoadFile(dev, nil); !errors.Is(err, ErrNotCertificate) || !strings.Contains(err.Error(), "device") {
					t.Fatalf("err = %v, want ErrNotCertificate naming a device", err)
				}
			})
		}
	}
}

// TestLoadSizeLimit: MaxSize applies to Load, LoadFile (from the file's size,
// before reading) and LoadReader (after MaxSize+1 bytes).
func TestLoadSizeLimit(t *testing.T) {
	p := ldPKI(t)
	data := ldPEM("CERTIFICATE", p.leaf.Raw)
	f := ldWrite(t, t.TempDir(), "c.pem", data)
	at := &LoadOptions{MaxSize: int64(len(data))}
	below := &LoadOptions{MaxSize: int64(len(data) - 1)}
	if _, err := Load("c.pem", data, at); err != nil {
		t.Errorf("Load at the limit: %v", err)
	}
	if _, err := LoadFile(f, at); err != nil {
		t.Errorf("LoadFile at the limit: %v", err)
	}
	if _, err := LoadReader("-", bytes.NewReader(data), at); err != nil {
		t.Errorf("LoadReader at the limit: %v", err)
	}
	if _, err := Load("c.pem", data, below); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Load above the limit: %v, want ErrTooLarge", err)
	}
	if _, err := LoadFile(f, below); !errors.Is(err, ErrTooLarge) {
		t.Errorf("LoadFile above the limit: %v, want ErrTooLarge", err)
	}
	// An endless reader: LoadReader stops after MaxSize+1 bytes.
	r := &ldCountingReader{r: rand.Reader}
	if _, err := LoadReader("-", r, &LoadOptions{MaxSize: 1 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("LoadReader of an endless stream: %v, want ErrTooLarge", err)
	}
	if r.n > 1<<20+1 {
		t.Errorf("LoadReader read %d bytes, want at most MaxSize+1", r.n)
	}
}

type ldCountingReader struct {
	r io.Reader
	n int
}

func (c *ldCountingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += n
	return n, err
}

// TestLoadErrors: every error is a *LoadError with one sentinel, one line,
// "NAME: cause: detail", and no password or key material.
func TestLoadErrors(t *testing.T) {
	p := ldPKI(t)
	const pw = "S3cret-Passw0rd"
	keyDER := ldPKCS8(t, p.leafKey)
	alg, ct := ldPBES2(t, keyDER, pw, 10, 10)
	encKey := ldPEM("ENCRYPTED PRIVATE KEY", ldSeq(alg, ldOctetValue(ct)))
	pfx := ldBuildPFX(3, ldMAC{password: bmpString(pw), iter: 10, declared: 10},
		ldDataSafe(ldSafeContents(ldCertBag(p.leaf.Raw), ldShroudedBag(t, keyDER, pw, 10, 10))))
	sentinels := []error{ErrWrongPassword, ErrMalformed, ErrUnsupported, ErrTooLarge, ErrTooManyIterations, ErrNotCertificate, ErrNoPassword, ErrUnreadable}
	secrets := []string{pw, hex.EncodeToString(keyDER[len(keyDER)-32:]), base64.StdEncoding.EncodeToString(keyDER[len(keyDER)-33:])}
	inputs := map[string]struct {
		data []byte
		opts *LoadOptions
	}{
		"wrong password PFX":     {pfx, ldPassword(pw + "x")},
		"no password PFX":        {pfx, nil},
		"truncated PFX":          {pfx[:len(pfx)-40], ldPassword(pw)},
		"wrong password PEM key": {encKey, ldPassword(pw + "x")},
		"random":                 {[]byte("\x30\x82\xff\xff" + pw), nil},
		"hostile iterations":     {ldBuildPFX(3, ldMAC{password: bmpString(pw), declared: 1 << 30}, ldDataSafe(ldSafeContents(ldCertBag(p.leaf.Raw)))), ldPassword(pw)},
		"too large":              {pfx, &LoadOptions{MaxSize: 10}},
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			const file = "dir/in put.pfx"
			_, err := Load(file, in.data, in.opts)
			var le *LoadError
			if !errors.As(err, &le) || le.File != file {
				t.Fatalf("err = %#v, want a *LoadError for %q", err, file)
			}
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			msg := err.Error()
			if n != 1 || !strings.HasPrefix(msg, file+": "+le.Err.Error()+": ") || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("%q: %d sentinels; want one, one line, \"FILE: cause: detail\"", msg, n)
			}
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Errorf("%q contains a secret", msg)
				}
			}
		})
	}
}

// TestLoadHostileASN1: absurd lengths and deep nesting are refused with a
// typed error (and no panic, no hang).
func TestLoadHostileASN1(t *testing.T) {
	deepIndef := bytes.Repeat([]byte{0x30, 0x80}, 50000)
	deepDef := []byte{0x05, 0x00}
	for i := 0; i < 2000; i++ {
		deepDef = append(ldDERHeader(0x30, len(deepDef)), deepDef...)
	}
	pfxDeep := append([]byte{0x02, 0x01, 0x03}, bytes.Repeat([]byte{0x30, 0x80}, 5000)...)
	pfxDeep = append([]byte{0x30, 0x80}, pfxDeep...)
	tests := map[string][]byte{
		"length 2^31-1":                      {0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03},
		"length 2^32-1":                      {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00},
		"length of 8 octets":                 {0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00},
		"inner length beyond the outer":      {0x30, 0x06, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xff},
		"50000 indefinite SEQUENCEs":         deepIndef,
		"2000 nested definite SEQUENCEs":     deepDef,
		"PFX with 5000 nested BER SEQUENCEs": pfxDeep,
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := Load("hostile", data, nil)
			if b != nil || !(errors.Is(err, ErrMalformed) || errors.Is(err, ErrNotCertificate)) {
				t.Fatalf("err = %v, want ErrMalformed or ErrNotCertificate", err)
			}
		})
	}
}

// TestLoadFileHuge: a 100 MB (sparse) file is refused from its size, unread.
func TestLoadFileHuge(t *testing.T) {
	f := filepath.Join(t.TempDir(), "huge.pfx")
	if err := os.WriteFile(f, []byte{0x30}, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(f, 100<<20); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(f, nil); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// TestZcryptoOnlyWhereRead: Load runs zcrypto on the certificates the lints
// read (the leaf and every other end-entity certificate) and not on the CA
// certificates crypto/x509 parsed, which Zcrypto still parses on demand.
func TestZcryptoOnlyWhereRead(t *testing.T) {
	b, err := LoadFile("../testdata/good_agent.pfx", ldPassword("certlint-example"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Leaf.Parsed == nil || len(b.Others) != 2 {
		t.Fatalf("leaf parsed by zcrypto %v, %d other certificates; want true, 2", b.Leaf.Parsed != nil, len(b.Others))
	}
	for i, c := range b.Others {
		if c.Parsed != nil || c.ParseErr != nil || c.Std == nil {
			t.Errorf("CA certificate %d: zcrypto run %v, crypto/x509 parse %v; want false, true", i, c.Parsed != nil || c.ParseErr != nil, c.Std != nil)
		}
		z, err := c.Zcrypto()
		if err != nil || z.Subject.CommonName != c.Std.Subject.CommonName {
			t.Errorf("CA certificate %d: Zcrypto() = %v, %v", i, z, err)
		}
	}
	// Two end-entity certificates and no key: each is parsed, since each is
	// linted as the leaf of its part.
	other, err := LoadFile("../testdata/fail_wrong_host.pfx", ldPassword("certlint-example"))
	if err != nil {
		t.Fatal(err)
	}
	pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: b.Leaf.Raw})
	pemData = append(pemData, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: b.Others[0].Raw})...)
	pemData = append(pemData, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: other.Leaf.Raw})...)
	two, err := Load("two.pem", pemData, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(two.EndEntities()); n != 2 {
		t.Fatalf("%d end-entity certificates, want 2", n)
	}
	for i, c := range two.Certificates() {
		if ca := c.Std.IsCA; (c.Parsed != nil) == ca {
			t.Errorf("certificate %d (CA %v): parsed by zcrypto %v", i, ca, c.Parsed != nil)
		}
	}
}
