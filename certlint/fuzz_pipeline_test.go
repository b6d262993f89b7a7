package certlint_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zmap/zlint/v3/lint"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/internal/cputime"
	"github.com/certlint/certlint/certlint/internal/pbe"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints
)

// FuzzPipeline runs the whole of what `certlint lint` does with one input on
// arbitrary bytes: Load, Run with every registered lint
// (chain lints included, against the fixtures' test PKI), and the three
// output formats. Run it with
//
//	go test ./certlint -run '^$' -fuzz '^FuzzPipeline$' -fuzztime 60s
//
// The promises checked: nothing panics (a lint that panics shows as a Fatal
// result, which fails too); Load gives a bundle or a *LoadError matching
// exactly one sentinel, on one line, without the password; Run gives one
// result per lint; each output is what its format says (one JSON line, one
// SARIF JSON document, text ending in a newline) and holds no password; and
// the whole of it takes at most pipeCPUBudget of CPU (a slow input fails as
// a crash does).
//
// With wrap set, data is taken as a SafeContents and wrapped in a PFX whose
// MAC verifies with the fixture password (HMAC-SHA1, one iteration), so that
// the fuzzer reaches the bag attributes and keys behind the MAC and the lints
// that read them (key provider, key spec). remote selects the remote role.
func FuzzPipeline(f *testing.F) {
	for _, glob := range []string{
		filepath.Join("..", "testdata", "*.*"),
		filepath.Join("..", "testdata", "ca", "*.pem"),
		filepath.Join("..", "..", "shared", "corpora", "pkcs12", "*", "*"),
		filepath.Join("..", "..", "shared", "corpora", "malformed", "*", "*"),
	} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			if data, err := os.ReadFile(path); err == nil && len(data) < 1<<16 {
				f.Add(data, false, strings.Contains(path, "good_ms"))
			}
		}
	}
	sc := pipeSeedSafeContents(f)
	f.Add(sc, true, false)
	f.Add(sc, true, true)
	f.Add([]byte{}, false, false)
	f.Add([]byte{}, true, false)
	// Inputs that cost minutes before their work was bounded.
	f.Add(testpki.SelfSignedHugeKey("dsa", 65536), false, false)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: testpki.RSAKeyHugePrime(65536)}), false, false)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: pipeRDNLeaf(f)}), false, false)

	trust, err := certlint.LoadTrustStore([]string{filepath.Join("..", "testdata", "ca", "root.pem")},
		[]string{filepath.Join("..", "testdata", "ca", "intermediate.pem")}, false, nil)
	if err != nil {
		f.Fatal(err)
	}
	lints := certlint.Lints()
	if len(lints) < 20 {
		f.Fatalf("%d lints registered", len(lints))
	}
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	opts := &certlint.LoadOptions{
		Password: func() (string, error) { return pipePassword, nil },
		// A lower cap keeps executions fast; the fixtures use 2,048.
		MaxIterations: 4096,
	}

	f.Fuzz(func(t *testing.T, data []byte, wrap, remote bool) {
		if wrap {
			if data = pipeWrapSafeContents(data); data == nil {
				return
			}
		}
		used, ok := cputime.Measure(func() { pipeOne(t, data, remote, opts, trust, lints, at) })
		if ok && used > pipeCPUBudget {
			t.Fatalf("a %d-byte input took %v of CPU to load, lint and report, above the budget of %v: some work is not bounded by its cost", len(data), used, pipeCPUBudget)
		}
	})
}

// pipeCPUBudget is the CPU time the whole pipeline may take on one fuzz
// input (see ldFuzzCPUBudget).
const pipeCPUBudget = 2 * time.Second

// pipeOne runs Load, Run and the outputs on one input and checks them.
func pipeOne(t *testing.T, data []byte, remote bool, opts *certlint.LoadOptions, trust *chain.Store, lints []*certlint.Lint, at time.Time) {
	b, err := certlint.Load("fuzz.pfx", data, opts)
	rep := &certlint.Report{File: "fuzz.pfx", Err: err}
	if (b == nil) == (err == nil) {
		t.Fatalf("bundle %v and error %v: want exactly one", b != nil, err)
	}
	if err != nil {
		pipeCheckError(t, err)
	} else {
		cfg := certlint.Config{At: at, Host: "agent01.contoso.test", Role: certlint.RoleLocal, Trust: trust}
		if remote {
			cfg.Role = certlint.RoleRemote
		}
		rep, err = certlint.Run(b, &certlint.RunOptions{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != len(lints) {
			t.Fatalf("%d results for %d lints", len(rep.Results), len(lints))
		}
		for _, res := range rep.Results {
			if res.Status == lint.Fatal || res.Status == lint.Reserved {
				t.Fatalf("%s: status %v: %s", res.Lint.Name, res.Status, res.Details)
			}
		}
	}
	pipeCheckOutputs(t, rep, lints)
}

const pipePassword = "certlint-example"

// pipeRDNLeaf is a leaf whose subject has 2,000 RDNs (the size limit of a
// seed keeps it small; the fuzzer grows it).
func pipeRDNLeaf(f *testing.F) []byte {
	pki := testpki.PKI{Org: "certlint test"}
	return pki.Leaf(f, "agent01.contoso.test", pki.CA(f, "certlint Test CA", nil), testpki.RawSubject(testpki.NameOfRDNs(2000, "agent01.contoso.test"))).DER
}

func pipeCheckError(t *testing.T, err error) {
	t.Helper()
	var le *certlint.LoadError
	if !errors.As(err, &le) || le.File != "fuzz.pfx" {
		t.Fatalf("error %T %v: want a *certlint.LoadError naming the input", err, err)
	}
	n := 0
	for _, s := range []error{certlint.ErrWrongPassword, certlint.ErrMalformed, certlint.ErrUnsupported, certlint.ErrTooLarge,
		certlint.ErrTooManyIterations, certlint.ErrNotCertificate, certlint.ErrNoPassword, certlint.ErrUnreadable} {
		if errors.Is(err, s) {
			n++
		}
	}
	msg := err.Error()
	if n != 1 || strings.ContainsAny(msg, "\n\r") || strings.Contains(msg, pipePassword) || strings.Contains(msg, "internal error") {
		t.Fatalf("error %q: %d sentinels (want one), on one line, without the password, no internal error", msg, n)
	}
}

// pipeCheckOutputs writes rep in the three formats, verbose and not.
func pipeCheckOutputs(t *testing.T, rep *certlint.Report, lints []*certlint.Lint) {
	t.Helper()
	for _, verbose := range []bool{false, true} {
		var js, sarif, text bytes.Buffer
		jw := report.NewJSON(&js, verbose)
		sw := report.NewSARIF(&sarif, lints, report.SARIFOptions{Version: "fuzz", Verbose: verbose})
		tw := report.NewText(&text, report.TextOptions{Verbose: verbose})
		for _, w := range []report.Writer{jw, sw, tw} {
			if err := w.WriteReport(rep); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
		var jr report.JSONLine
		if strings.Count(js.String(), "\n") != 1 || json.Unmarshal(js.Bytes(), &jr) != nil || jr.File != rep.File {
			t.Fatalf("JSON output is not one JSON line about the input:\n%s", js.String())
		}
		if (jr.Error != nil) != (rep.Err != nil) {
			t.Fatalf("JSON error %v for report error %v", jr.Error, rep.Err)
		}
		// A SARIF log: one JSON document (checked once per input: the
		// rules it starts with make it the costliest check).
		if !bytes.HasPrefix(sarif.Bytes(), []byte(`{"$schema":`)) || !bytes.HasSuffix(sarif.Bytes(), []byte("]}]}]}\n")) ||
			verbose && !json.Valid(sarif.Bytes()) {
			t.Fatalf("SARIF output is not a SARIF log:\n%s", sarif.String())
		}
		if !strings.HasSuffix(text.String(), "\n") {
			t.Fatalf("text output does not end in a newline:\n%s", text.String())
		}
		for _, out := range []*bytes.Buffer{&js, &sarif, &text} {
			if bytes.Contains(out.Bytes(), []byte(pipePassword)) {
				t.Fatalf("the password is in the output:\n%s", out.String())
			}
		}
	}
}

// pipeWrapSafeContents wraps a SafeContents in a PFX (RFC 7292 §4) whose
// MAC (HMAC-SHA1, RFC 7292 App. B KDF, one iteration) verifies with
// pipePassword.
func pipeWrapSafeContents(sc []byte) []byte {
	data := func(content []byte) func(*cryptobyte.Builder) {
		return func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidPKCS7Data)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(content) })
		}
	}
	var as cryptobyte.Builder
	as.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1(cbasn1.SEQUENCE, data(sc)) })
	authSafe, err := as.Bytes()
	if err != nil {
		return nil
	}
	salt := []byte("pipesalt")
	var pw []byte
	for _, c := range pipePassword + "\x00" {
		pw = append(pw, 0, byte(c)) // BMPString with its NUL (RFC 7292 App. B.1)
	}
	h := hmac.New(sha1.New, pbe.PKCS12KDF(sha1.New, pw, salt, 3, 1, 20))
	h.Write(authSafe)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddASN1(cbasn1.SEQUENCE, data(authSafe))
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidSHA1)
					b.AddASN1NULL()
				})
				b.AddASN1OctetString(h.Sum(nil))
			})
			b.AddASN1OctetString(salt)
			b.AddASN1Int64(1)
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil
	}
	return out
}

var (
	oidPKCS7Data  = []int{1, 2, 840, 113549, 1, 7, 1}
	oidSHA1       = []int{1, 3, 14, 3, 2, 26}
	oidKeyBag     = []int{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidCertBag    = []int{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert   = []int{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendly   = []int{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID = []int{1, 2, 840, 113549, 1, 9, 21}
	oidMSCSP      = []int{1, 3, 6, 1, 4, 1, 311, 17, 1}
	oidKeyUsage   = []int{2, 5, 29, 15}
)

// pipeSeedSafeContents builds, from testdata/good_agent.pem, the SafeContents
// Windows would write in the clear: the leaf and its CA certificates in cert
// bags, and the key in a key bag with the Microsoft CSP name, a friendly name,
// a local key id and the KEY_EX key usage attribute (0x10) in its PKCS#8
// attributes (RFC 7292 §4.2).
func pipeSeedSafeContents(tb testing.TB) []byte {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "good_agent.pem"))
	if err != nil {
		tb.Fatal(err)
	}
	var certs [][]byte
	var key []byte
	for rest := data; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			certs = append(certs, block.Bytes)
		case "PRIVATE KEY":
			key = block.Bytes
		}
	}
	if len(certs) == 0 || key == nil {
		tb.Fatal("good_agent.pem: no certificate or key")
	}
	// The PKCS#8 PrivateKeyInfo with attributes [0] { keyUsage BIT STRING 0x10 }.
	in := cryptobyte.String(key)
	var pki cryptobyte.String
	if !in.ReadASN1(&pki, cbasn1.SEQUENCE) {
		tb.Fatal("good_agent.pem: the key is not PKCS#8")
	}
	var kb cryptobyte.Builder
	kb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(pki)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidKeyUsage)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1BitString([]byte{0x10})
				})
			})
		})
	})
	keyWithAttrs := kb.BytesOrPanic()
	bmp := func(s string) []byte {
		var out []byte
		for _, c := range s {
			out = append(out, byte(c>>8), byte(c))
		}
		return out
	}
	attr := func(b *cryptobyte.Builder, oid []int, value func(*cryptobyte.Builder)) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
	}
	localKeyID := func(b *cryptobyte.Builder) { b.AddASN1OctetString([]byte{1, 0, 0, 0}) }
	var sc cryptobyte.Builder
	sc.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i, c := range certs {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidCertBag)
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidX509Cert)
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(c) })
					})
				})
				if i == 0 {
					b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { attr(b, oidLocalKeyID, localKeyID) })
				}
			})
		}
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidKeyBag)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(keyWithAttrs) })
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				attr(b, oidLocalKeyID, localKeyID)
				attr(b, oidFriendly, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.Tag(30), func(b *cryptobyte.Builder) { b.AddBytes(bmp("agent01")) })
				})
				attr(b, oidMSCSP, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.Tag(30), func(b *cryptobyte.Builder) {
						b.AddBytes(bmp("Microsoft Enhanced RSA and AES Cryptographic Provider"))
					})
				})
			})
		})
	})
	return sc.BytesOrPanic()
}

// TestPipelineWrapSeed: the wrapped seed is a PFX the loader opens, with the
// attributes the key lints read, and the good agent's profile: no finding.
// Without it the wrap mode of FuzzPipeline could be dead code.
func TestPipelineWrapSeed(t *testing.T) {
	sc := pipeSeedSafeContents(t)
	b, err := certlint.Load("seed.pfx", pipeWrapSafeContents(sc), &certlint.LoadOptions{Password: func() (string, error) { return pipePassword, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != certlint.FormatPKCS12 || b.PFX == nil || len(b.PFX.Keys) != 1 || !b.KeyMatchesLeaf {
		t.Fatalf("bundle %+v", b)
	}
	if k := b.PFX.Keys[0]; k.Provider != "Microsoft Enhanced RSA and AES Cryptographic Provider" || k.KeySpec != certlint.KeySpecExchange || k.FriendlyName != "agent01" {
		t.Fatalf("key attributes %+v", k)
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{At: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Host: "agent01.contoso.test"}})
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Worst(); w >= lint.Notice {
		t.Errorf("worst status %v: %+v", w, rep.Findings(false))
	}
}
