package certlint

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ldCorpora is ../shared/corpora seen from the project root.
var ldCorpora = filepath.Join("..", "..", "shared", "corpora")

func ldNeedCorpora(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(ldCorpora); err != nil {
		t.Skipf("%s is absent (%v): the shared corpora are not on this machine", ldCorpora, err)
	}
}

type ldCorpusRow struct {
	file, password string
	hasPassword    bool
	mac, decryptOK bool
	certs, keys    int
	keyMatchesCert bool
}

func ldReadPasswords(t *testing.T) []ldCorpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(ldCorpora, "pkcs12", "passwords.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []ldCorpusRow
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 {
			t.Fatalf("passwords.tsv: bad line %q", sc.Text())
		}
		r := ldCorpusRow{file: c[0], password: c[1], hasPassword: c[1] != "<none>", mac: c[3] == "mac=yes", decryptOK: c[4] == "decrypt=OK",
			keyMatchesCert: c[7] == "key_matches_a_cert=yes"}
		if !r.hasPassword {
			r.password = ""
		}
		r.certs, _ = strconv.Atoi(c[5])
		r.keys, _ = strconv.Atoi(c[6])
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// The Windows key facts of the corpus files, read with `openssl pkcs12
// -info` (Microsoft CSP Name bag attribute, X509v3 Key Usage key attribute,
// Microsoft Local Key set). Note that the issue's summary ("dotnet: Enhanced
// v1.0 with KEY_EX") holds for half of them: the System.Net ones are in the
// Strong provider, with KEY_EX.
var ldCorpusKeyFacts = map[string]struct {
	provider string
	usage    byte // 0 = no key usage attribute
	lmk      bool
}{
	"dotnet/System.Net.TestData__contoso.com.pfx":                                             {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testclient1_at_contoso.com.pfx":                              {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testclienteku.contoso.com.noRC2.pfx":                         {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testclienteku.contoso.com.pfx":                               {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testnoeku.contoso.com.noRC2.pfx":                             {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testnoeku.contoso.com.pfx":                                   {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testselfsignedclienteku.contoso.com.pfx":                     {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	"dotnet/System.Net.TestData__testselfsignedservereku.contoso.com.pfx":                     {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	"dotnet/System.Net.TestData__testservereku.contoso.com.noRC2.pfx":                         {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Net.TestData__testservereku.contoso.com.pfx":                               {"Microsoft Strong Cryptographic Provider", 0x10, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__DummyTcpServer.noRC2.pfx": {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__DummyTcpServer.pfx":       {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__My.noRC2.pfx":             {"Microsoft Strong Cryptographic Provider", 0x80, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__My.pfx":                   {"Microsoft Strong Cryptographic Provider", 0x80, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__test.noRC2.pfx":           {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	"dotnet/System.Security.Cryptography.X509Certificates.TestData__test.pfx":                 {"Microsoft Enhanced Cryptographic Provider v1.0", 0x10, false},
	// The Windows certmgr export from the CNG KSP (PBES2 AES-256, Windows Server 2019+).
	"go-pkcs12/TestPBES2_AES256CBC.p12": {"Microsoft Software Key Storage Provider", 0x90, true},
	// An older KSP export: the provider name, no key usage attribute.
	"go-pkcs12/testdata-Windows_Azure_Tools.p12": {"Microsoft Software Key Storage Provider", 0, false},
}

// What certlint does with the files OpenSSL 3.0 could not decrypt: load
// (certs, keys, KeyError) or refuse (a sentinel).
var ldCorpusBeyondOpenSSL = map[string]struct {
	err         error
	certs, keys int
	keyErr      bool
}{
	// PBMAC1 (RFC 9579) is implemented: the valid vectors of App. A load...
	"go-pkcs12/rfc9579-a1.p12": {nil, 1, 1, false},
	"go-pkcs12/rfc9579-a2.p12": {nil, 1, 1, false},
	"go-pkcs12/rfc9579-a3.p12": {nil, 1, 1, false},
	// ...A.4 (bad iteration count) and A.5 (incorrect salt) do not verify...
	"go-pkcs12/rfc9579-a4.p12": {ErrWrongPassword, 0, 0, false},
	"go-pkcs12/rfc9579-a5.p12": {ErrWrongPassword, 0, 0, false},
	// ...A.6 lacks the keyLength RFC 9579 requires, and a 1-octet key is refused.
	"go-pkcs12/rfc9579-a6.p12":              {ErrMalformed, 0, 0, false},
	"go-pkcs12/pbmac1-short-key-bypass.p12": {ErrMalformed, 0, 0, false},
	// GOST: safes under GOST 28147-89 cannot be read; a GOST key in a 3DES
	// bag loads as an unusable key.
	"bouncycastle/PKCS12StoreTest-gostPfx.p12":                {ErrUnsupported, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-gostOpenSSLIntegerDPfx.p12": {nil, 1, 1, true},
	// Bouncy Castle's PBMAC1 files here have a corrupt MacData.
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a1.p12": {ErrMalformed, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a2.p12": {ErrMalformed, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a3.p12": {ErrMalformed, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a4.p12": {ErrMalformed, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a5.p12": {ErrMalformed, 0, 0, false},
	"bouncycastle/PKCS12StoreTest-pkcs12WithPBMac1PBKdf2_a6.p12": {ErrMalformed, 0, 0, false},
	// "Mötley Crüe": BMP for the MAC, ISO 8859-1 for PBES2 (Java's 8-bit
	// PBKDF2). empty.p12 is an empty keystore.
	"bouncycastle/empty.p12":          {ErrNotCertificate, 0, 0, false},
	"bouncycastle/with-key-entry.p12": {nil, 1, 1, false},
}

// TestCorpusPKCS12 loads every file of ../shared/corpora/pkcs12 with the
// password of passwords.tsv.
func TestCorpusPKCS12(t *testing.T) {
	ldNeedCorpora(t)
	rows := ldReadPasswords(t)
	if len(rows) < 70 {
		t.Fatalf("passwords.tsv lists %d files, want the 78 of the corpus README", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.file] = true
		t.Run(r.file, func(t *testing.T) {
			path := filepath.Join(ldCorpora, "pkcs12", r.file)
			opts := &LoadOptions{}
			if r.hasPassword {
				opts = ldPassword(r.password)
			}
			b, err := LoadFile(path, opts)
			want, beyond := ldCorpusBeyondOpenSSL[r.file]
			switch {
			case r.decryptOK:
				if err != nil {
					t.Fatalf("OpenSSL decrypts it; certlint: %v", err)
				}
				if n := len(b.Certificates()); n != r.certs || b.KeyCount != r.keys {
					t.Fatalf("%d certificates, %d keys; OpenSSL found %d, %d", n, b.KeyCount, r.certs, r.keys)
				}
				// mac=yes means OpenSSL's check did not fail: it says so for the
				// two Bouncy Castle files without a MAC too ("MAC is absent").
				if b.PFX.HasMAC && !r.mac {
					t.Errorf("certlint verified a MAC OpenSSL did not")
				}
				if r.keyMatchesCert && (!b.KeyMatchesLeaf || b.KeyError != nil) {
					t.Errorf("key matches leaf %v (%v); OpenSSL found the key matches a certificate", b.KeyMatchesLeaf, b.KeyError)
				}
				if r.keys > 0 && len(b.PFX.Keys) != r.keys {
					t.Errorf("%d key bags described, want %d", len(b.PFX.Keys), r.keys)
				}
				if facts, ok := ldCorpusKeyFacts[r.file]; ok {
					k := b.PFX.Keys[0]
					if k.Provider != facts.provider || k.KeyUsage != facts.usage || k.HasKeyUsage != (facts.usage != 0) ||
						k.LocalMachine != facts.lmk || (facts.usage != 0 && k.KeySpec != keySpecOf(facts.usage)) {
						t.Errorf("key bag: provider %q usage %#x/%v spec %v lmk %v; want %q %#x %v",
							k.Provider, k.KeyUsage, k.HasKeyUsage, k.KeySpec, k.LocalMachine, facts.provider, facts.usage, facts.lmk)
					}
				}
				ldAgreeWithGoPKCS12(t, mustRead(t, path), r.password, b)
			case beyond && want.err != nil:
				if !errors.Is(err, want.err) {
					t.Fatalf("err = %v, want %v", err, want.err)
				}
				if !strings.HasPrefix(err.Error(), path+": ") || strings.ContainsAny(err.Error(), "\n") {
					t.Errorf("error %q is not one line naming the file", err)
				}
			case beyond:
				if err != nil {
					t.Fatalf("err = %v, want it loaded", err)
				}
				if len(b.Certificates()) != want.certs || b.KeyCount != want.keys || (b.KeyError != nil) != want.keyErr {
					t.Errorf("%d certs %d keys KeyError %v; want %d %d keyErr=%v", len(b.Certificates()), b.KeyCount, b.KeyError, want.certs, want.keys, want.keyErr)
				}
			default:
				t.Fatalf("OpenSSL could not decrypt it and the test has no expectation for it (got %v)", err)
			}
		})
	}
	for f := range ldCorpusBeyondOpenSSL {
		if !seen[f] {
			t.Errorf("%s is expected but not in passwords.tsv", f)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCorpusMalformed loads every certificate of ../shared/corpora/malformed:
// each loads (none is a load error), and what zcrypto and crypto/x509 make
// of it is as listed.
func TestCorpusMalformed(t *testing.T) {
	ldNeedCorpora(t)
	// zcrypto refuses: these load with Parsed nil (the lints that read the
	// DER themselves report them). crypto/x509 refuses these and those.
	zcryptoRefuses := map[string]bool{"badasn1time.pem": true, "ec_no_named_curve.pem": true, "invalid_utf8_common_name.pem": true}
	goRefuses := map[string]bool{"invalid_version.pem": true, "nc_invalid_ip_netmask.pem": true, "negative_serial.pem": true,
		"two_basic_constraints.pem": true, "v1_cert.pem": true}
	files, err := filepath.Glob(filepath.Join(ldCorpora, "malformed", "*", "*"))
	if err != nil || len(files) < 16 {
		t.Fatalf("%d files (%v), want the 16 of the corpus README", len(files), err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			b, err := LoadFile(f, nil)
			if err != nil {
				t.Fatalf("load error: %v", err)
			}
			if len(b.Certificates()) != 1 || b.KeyCount != 0 || len(b.Leaf.Raw) == 0 {
				t.Fatalf("%d certificates, %d keys; want the one certificate", len(b.Certificates()), b.KeyCount)
			}
			if (b.Leaf.Parsed == nil) != zcryptoRefuses[name] {
				t.Errorf("Parsed = %v, want nil only where zcrypto refuses", b.Leaf.Parsed != nil)
			}
			if goFails := zcryptoRefuses[name] || goRefuses[name]; (b.Leaf.Std == nil) != goFails || (b.Leaf.StdErr != nil) != goFails {
				t.Errorf("Std %v, StdErr %v; want crypto/x509 to refuse it: %v", b.Leaf.Std != nil, b.Leaf.StdErr, goFails)
			}
		})
	}
}
