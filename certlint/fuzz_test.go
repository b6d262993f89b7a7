package certlint

import (
	"crypto/hmac"
	"crypto/sha1"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/cputime"
	"github.com/certlint/certlint/certlint/internal/pbe"
	"github.com/certlint/certlint/certlint/testpki"
)

// Fuzz targets for the loaders. Run each locally with e.g.
//
//	go test ./certlint -run '^$' -fuzz '^FuzzPKCS12$' -fuzztime 45s
//
// Crashers land in testdata/fuzz/<Target>/ and are replayed by `go test`.
// Every target checks the same promises: no panic (also none recovered by
// Load's last line of defence), a *LoadError with exactly one sentinel on one
// line and without the password, or a consistent Bundle; and bounded work:
// an input that takes more than ldFuzzCPUBudget of CPU fails, as a crash
// does (the fuzzer looks for crashes, not slow inputs, unless slowness is
// one).

const ldFuzzPassword = "certlint-example"

func ldFuzzOptions() *LoadOptions {
	// A lower iteration cap keeps the executions fast; the fixtures use 2048.
	return &LoadOptions{Password: func() (string, error) { return ldFuzzPassword, nil }, MaxIterations: 4096}
}

// ldFuzzCPUBudget is the CPU time one fuzz input may take: what the hostile
// inputs of the size limit are answered in, with room for a slow machine.
// Fuzz inputs are small (the seeds are under 64 KB), and the fixtures load in
// milliseconds.
const ldFuzzCPUBudget = 2 * time.Second

// ldFuzzLoad loads data with ldFuzzOptions and fails the input when the load
// takes more than ldFuzzCPUBudget of CPU.
func ldFuzzLoad(t *testing.T, name string, data []byte) (b *Bundle, err error) {
	t.Helper()
	used, ok := cputime.Measure(func() { b, err = Load(name, data, ldFuzzOptions()) })
	if ok && used > ldFuzzCPUBudget {
		t.Fatalf("a %d-byte input took %v of CPU to load, above the budget of %v: some work is not bounded by its cost", len(data), used, ldFuzzCPUBudget)
	}
	return b, err
}

// ldCheckLoad checks the promises of Load on any input.
func ldCheckLoad(t *testing.T, b *Bundle, err error) {
	t.Helper()
	if (b == nil) == (err == nil) {
		t.Fatalf("bundle %v and error %v: want exactly one", b != nil, err)
	}
	if err != nil {
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("error %T %v, want *LoadError", err, err)
		}
		n := 0
		for _, s := range []error{ErrWrongPassword, ErrMalformed, ErrUnsupported, ErrTooLarge, ErrTooManyIterations, ErrNotCertificate, ErrNoPassword, ErrUnreadable} {
			if errors.Is(err, s) {
				n++
			}
		}
		msg := err.Error()
		if n != 1 || strings.ContainsAny(msg, "\n\r") || strings.Contains(msg, ldFuzzPassword) {
			t.Fatalf("error %q: %d sentinels, want one, on one line, without the password", msg, n)
		}
		if strings.Contains(msg, "internal error while parsing") {
			t.Fatalf("a parser panicked: %v", err)
		}
		return
	}
	for _, c := range b.Certificates() {
		if c == nil || len(c.Raw) == 0 || (c.Parsed == nil && c.ParseErr == nil && c.Std == nil) {
			t.Fatalf("certificate without DER, or without the outcome of either parser")
		}
	}
	// The lints read zcrypto's parse of every certificate that may be linted
	// as the leaf: it must have been made (or refused).
	for _, c := range append(b.EndEntities(), b.Leaf) {
		if c != nil && c.Parsed == nil && c.ParseErr == nil {
			t.Fatalf("an end-entity certificate without zcrypto's parse")
		}
	}
	if b.KeyMatchesLeaf && (b.Key == nil || b.Leaf == nil) {
		t.Fatal("KeyMatchesLeaf without a key and a leaf")
	}
	if b.KeyCount == 0 && (b.Key != nil || b.KeyError != nil) {
		t.Fatal("a key (or key error) but KeyCount 0")
	}
	if b.Leaf == nil && len(b.Others) > 0 {
		t.Fatal("others without a leaf")
	}
	for _, o := range b.Others {
		if o == b.Leaf {
			t.Fatal("the leaf is also among the others")
		}
	}
	if (b.Format == FormatPKCS12) != (b.PFX != nil) {
		t.Fatalf("format %s with PFX info %v", b.Format, b.PFX != nil)
	}
}

// ldSeedFiles adds every regular file matching the globs as a seed.
func ldSeedFiles(f *testing.F, add func([]byte), globs ...string) {
	for _, g := range globs {
		files, _ := filepath.Glob(g)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<16 {
				add(data)
			}
		}
	}
}

// FuzzLoad: the whole of Load over any bytes.
func FuzzLoad(f *testing.F) {
	add := func(b []byte) { f.Add(b) }
	ldSeedFiles(f, add, filepath.Join(ldTestdata, "*.*"),
		filepath.Join(ldCorpora, "pkcs12", "*", "*"), filepath.Join(ldCorpora, "malformed", "*", "*"))
	f.Add([]byte{})
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00})
	// Inputs that cost minutes before their sizes were bounded.
	f.Add(testpki.SelfSignedHugeKey("dsa", 65536))
	f.Add(testpki.RSAKeyHugePrime(65536))
	f.Add(testpki.PKCS8(testpki.RSAKeyHugePrime(65536)))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ldFuzzLoad(t, "fuzz", data)
		ldCheckLoad(t, b, err)
	})
}

// ldWrapSafeContents wraps a SafeContents in a PFX whose MAC verifies with
// ldFuzzPassword (HMAC-SHA1, 1 iteration), so that the fuzzer reaches the bag,
// attribute and key code behind the MAC.
func ldWrapSafeContents(sc []byte) []byte {
	var as cryptobyte.Builder
	as.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddBytes(ldDataSafe(sc)) })
	authSafe, err := as.Bytes()
	if err != nil {
		return nil
	}
	salt := []byte("fuzzsalt")
	key := pbe.PKCS12KDF(sha1.New, bmpString(ldFuzzPassword), salt, 3, 1, 20)
	h := hmac.New(sha1.New, key)
	h.Write(authSafe)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddBytes(ldDataSafe(authSafe))
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(pbeOIDSHA1); b.AddASN1NULL() })
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

var pbeOIDSHA1 = []int{1, 3, 14, 3, 2, 26}

// FuzzPKCS12: whole PFX files (wrap false), or a SafeContents wrapped in a
// PFX with a valid MAC (wrap true).
func FuzzPKCS12(f *testing.F) {
	ldSeedFiles(f, func(b []byte) { f.Add(b, false) }, filepath.Join(ldTestdata, "*.pfx"), filepath.Join(ldCorpora, "pkcs12", "*", "*.p*"))
	p := ldPKI(f)
	key := ldPKCS8WithAttrs(f, p.leafKey, ldKeyUsageAttr(0x90))
	attrs := []ldAttr{{oidMSCSPName, [][]byte{ldBMPValue("Microsoft Enhanced Cryptographic Provider v1.0")}}, {oidMSLocalMachine, nil},
		{oidFriendlyName, [][]byte{ldBMPValue("le-fuzz")}}, {oidLocalKeyID, [][]byte{ldOctetValue([]byte{1, 0, 0, 0})}}}
	f.Add(ldSafeContents(ldCertBag(p.leaf.Raw, attrs[3]), ldKeyBag(key, attrs...)), true)
	f.Add(ldSafeContents(ldCertBag(p.leaf.Raw), ldShroudedBag(f, key, ldFuzzPassword, 1, 1, attrs...)), true)
	f.Add(ldSafeContents(ldBag(oidSafeContentsBag, ldSafeContents(ldCertBag(p.inter.Raw)), nil)), true)
	f.Add(ldSafeContents(ldCertBag(p.leaf.Raw), ldKeyBag(testpki.PKCS8(testpki.RSAKeyHugePrime(65536)))), true)
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			if data = ldWrapSafeContents(data); data == nil {
				return
			}
		}
		b, err := ldFuzzLoad(t, "fuzz.pfx", data)
		ldCheckLoad(t, b, err)
		if err == nil && wrap && b.Format != FormatPKCS12 {
			t.Fatalf("a wrapped SafeContents loaded as %s", b.Format)
		}
	})
}

// FuzzPEM: PEM text.
func FuzzPEM(f *testing.F) {
	add := func(b []byte) { f.Add(b) }
	ldSeedFiles(f, add, filepath.Join(ldTestdata, "*.pem"), filepath.Join(ldTestdata, "*_b64.cer"), filepath.Join(ldTestdata, "chain_pem.p7b"),
		filepath.Join(ldTestdata, "ca", "*.pem"), filepath.Join(ldCorpora, "malformed", "*", "*.pem"))
	p := ldPKI(f)
	f.Add(append(ldPEM("CERTIFICATE", p.leaf.Raw), ldPEM("RSA PRIVATE KEY", []byte{0x30, 0x03, 0x02, 0x01, 0x00})...))
	f.Add([]byte("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
	// Keys that cost minutes before their sizes were bounded.
	f.Add(append(ldPEM("CERTIFICATE", p.leaf.Raw), ldPEM("RSA PRIVATE KEY", testpki.RSAKeyHugePrime(65536))...))
	f.Add(append(ldPEM("CERTIFICATE", p.leaf.Raw), ldPEM("RSA PRIVATE KEY", testpki.RSAKeyCostly(MaxRSAKeyBits, 0))...))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ldFuzzLoad(t, "fuzz.pem", data)
		ldCheckLoad(t, b, err)
	})
}

// FuzzPKCS7: DER/BER PKCS#7 certificate bundles.
func FuzzPKCS7(f *testing.F) {
	add := func(b []byte) { f.Add(b) }
	ldSeedFiles(f, add, filepath.Join(ldTestdata, "chain.p7b"))
	p := ldPKI(f)
	var sd cryptobyte.Builder
	sd.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(asn1.SET, func(*cryptobyte.Builder) {})
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddBytes(p.leaf.Raw)
			b.AddBytes(p.inter.Raw)
		})
		b.AddASN1(asn1.SET, func(*cryptobyte.Builder) {})
	})
	p7 := ldContentInfo(oidSignedData, func(b *cryptobyte.Builder) { b.AddBytes(sd.BytesOrPanic()) })
	f.Add(p7)
	f.Add(ldToBER(f, p7))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ldFuzzLoad(t, "fuzz.p7b", data)
		ldCheckLoad(t, b, err)
	})
}
