package main

// Quick unit tests of the parsing and statistics helpers only: the benchmark
// itself runs with `go run ./cmd/certlint-bench`, never under `go test`.

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseMaxRSS(t *testing.T) {
	out := "\tCommand being timed: \"certlint lint x\"\n" +
		"\tUser time (seconds): 0.01\n" +
		"\tMaximum resident set size (kbytes): 23456\n" +
		"\tAverage resident set size (kbytes): 0\n"
	got, err := parseMaxRSS(out)
	if err != nil || got != 23456 {
		t.Fatalf("parseMaxRSS = %d, %v; want 23456", got, err)
	}
	if _, err := parseMaxRSS("real 0.01\nuser 0.00\n"); err == nil {
		t.Fatal("parseMaxRSS accepted POSIX time output without the RSS line")
	}
}

func TestParseInitTrace(t *testing.T) {
	s := "init internal/bytealg @0.006 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
		"{\"file\":\"x\"}\n" +
		"init github.com/weppos/publicsuffix-go/publicsuffix @1.2 ms, 1.83 ms clock, 1234567 bytes, 9876 allocs\n"
	got := parseInitTrace(s)
	if len(got) != 2 {
		t.Fatalf("parseInitTrace: %d entries, want 2: %+v", len(got), got)
	}
	want := initStat{Pkg: "github.com/weppos/publicsuffix-go/publicsuffix", ClockMS: 1.83, Bytes: 1234567, Allocs: 9876}
	if got[1] != want {
		t.Fatalf("parseInitTrace[1] = %+v, want %+v", got[1], want)
	}
}

func TestParseHyperfine(t *testing.T) {
	js := `{"results":[{"command":"a","mean":0.004,"stddev":0.0002,"median":0.0039,"min":0.0035,"max":0.005,"times":[0.0039,0.004],"exit_codes":[1,1]}]}`
	got, err := parseHyperfine([]byte(js))
	if err != nil || len(got) != 1 || got[0].Median != 0.0039 || got[0].ExitCodes[0] != 1 || len(got[0].Times) != 2 {
		t.Fatalf("parseHyperfine = %+v, %v", got, err)
	}
	if _, err := parseHyperfine([]byte(`{"results":[]}`)); err == nil {
		t.Fatal("parseHyperfine accepted an export without results")
	}
	if err := checkExits("certlint", got[0].ExitCodes, 0); err == nil {
		t.Fatal("checkExits accepted exit status 1 with maxExit 0")
	}
}

func TestMedian(t *testing.T) {
	ms := time.Millisecond
	if got := median([]time.Duration{5 * ms, 1 * ms, 3 * ms}); got != 3*ms {
		t.Errorf("median odd = %v", got)
	}
	if got := median([]time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}); got != 2500*time.Microsecond {
		t.Errorf("median even = %v", got)
	}
	if got := medianF([]float64{2, 9, 1}); got != 2 {
		t.Errorf("medianF = %v", got)
	}
}

func TestShellJoin(t *testing.T) {
	got := shellJoin([]string{"/usr/bin/openssl", "pkcs12", "-CSP", "Microsoft Enhanced RSA", "it's", "file:/tmp/p.txt"})
	want := `/usr/bin/openssl pkcs12 -CSP 'Microsoft Enhanced RSA' 'it'\''s' file:/tmp/p.txt`
	if got != want {
		t.Fatalf("shellJoin = %s\nwant       %s", got, want)
	}
}

func TestGroupAndUnits(t *testing.T) {
	for n, want := range map[int64]string{7: "7", 1234: "1,234", 100000: "100,000", 1234567: "1,234,567"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %s, want %s", n, got, want)
		}
	}
	if got := fmtRSS(58593); got != "60.0 MB" { // 58593 KiB = 59.999 MB
		t.Errorf("fmtRSS = %s", got)
	}
}

// TestCheckRun: a certlint run that exits 2 (an input could not be linted)
// or writes fewer lines than inputs is a failed measurement.
func TestCheckRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(out, []byte("{}\n{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkRun("x", procRun{Stdout: out, Exit: 1}, nil, 1, 2); err != nil {
		t.Errorf("checkRun rejected a good run: %v", err)
	}
	if err := checkRun("x", procRun{Stdout: out, Exit: 2}, nil, 1, 2); err == nil {
		t.Error("checkRun accepted exit status 2")
	}
	if err := checkRun("x", procRun{Stdout: out}, nil, 1, 3); err == nil {
		t.Error("checkRun accepted 2 lines for 3 inputs")
	}
}

// TestLeafProfile: the generated agent certificates carry the profile the
// benchmark claims (and differ in subject and serial).
func TestLeafProfile(t *testing.T) {
	dir := t.TempDir()
	p, err := newPKI(filepath.Join(dir, "pki"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.genPEMs(filepath.Join(dir, "pem"), 3); err != nil {
		t.Fatal(err)
	}
	var serials = map[string]bool{}
	for i := 0; i < 3; i++ {
		b, err := os.ReadFile(filepath.Join(dir, "pem", pemName(i)))
		if err != nil {
			t.Fatal(err)
		}
		blk, rest := pem.Decode(b)
		if blk == nil || blk.Type != "CERTIFICATE" || len(rest) != 0 {
			t.Fatalf("%s: want exactly one PEM CERTIFICATE", pemName(i))
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.DNSNames) != 1 || c.DNSNames[0] != c.Subject.CommonName ||
			len(c.ExtKeyUsage) != 2 || c.KeyUsage&x509.KeyUsageKeyEncipherment == 0 ||
			c.SignatureAlgorithm != x509.SHA256WithRSA {
			t.Errorf("%s: not the agent profile: %v %v %v %v", pemName(i), c.DNSNames, c.ExtKeyUsage, c.KeyUsage, c.SignatureAlgorithm)
		}
		if err := c.CheckSignatureFrom(p.ca); err != nil {
			t.Errorf("%s: not issued by the issuing CA: %v", pemName(i), err)
		}
		serials[c.SerialNumber.String()] = true
	}
	if len(serials) != 3 {
		t.Errorf("serials repeat: %v", serials)
	}
}

// TestPKIID: a corpus is stamped with the PKI that issued it, so the ID
// must be absent without a PKI and change when the PKI is made again (the
// keys are new: certificates issued by the old one no longer chain).
func TestPKIID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	if id := pkiID(dir); id != "" {
		t.Fatalf("pkiID of no PKI = %q, want empty", id)
	}
	if _, err := newPKI(dir, 1); err != nil {
		t.Fatal(err)
	}
	first := pkiID(dir)
	if _, err := newPKI(dir, 1); err != nil {
		t.Fatal(err)
	}
	if second := pkiID(dir); first == "" || second == "" || first == second {
		t.Errorf("pkiID %q then %q: want two different non-empty IDs", first, second)
	}
}

// TestSameOutput: the byte-for-byte comparison of certlint's output with the
// baseline's says identical only for identical bytes, and where they differ.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	os.WriteFile(a, []byte("{}\n{\"x\":1}\n"), 0o644)
	os.WriteFile(b, []byte("{}\n{\"x\":1}\n"), 0o644)
	os.WriteFile(c, []byte("{}\n{\"x\":2}\n"), 0o644)
	if got := sameOutput(a, b); got != "identical (11 bytes)" {
		t.Errorf("same bytes: %q", got)
	}
	if got := sameOutput(a, c); !strings.HasPrefix(got, "DIFFERENT from byte 8 (line 2)") {
		t.Errorf("different bytes: %q", got)
	}
}
