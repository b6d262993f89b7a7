//go:build unix

package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
)

// Inputs that cost the parsers minutes unless every operation is bounded by
// its cost: each made here, at a size the unbounded code took minutes on (or
// did not finish), and run through the real binary with the default flags
// and with --roots. The answer is a prompt refusal: exit 2 and one stderr
// line naming the file and the limit, or exit 1 and a finding naming it. The
// CPU each run took (user + system, from the child's rusage) is logged, not
// asserted: the hang guard and the test timeout are what fail a slow run.

// measured is one run of the binary and the CPU it used.
type measured struct {
	result
	cpu time.Duration
}

// exeMeasured runs the binary like exeGuarded and reads its CPU time.
func exeMeasured(t *testing.T, rs runSpec, args ...string) measured {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	bin, argv := binary, args
	if rs.bin != "" {
		bin = rs.bin
	}
	if rs.unprivileged && os.Geteuid() == 0 {
		if _, err := exec.LookPath("setpriv"); err != nil {
			t.Fatalf("the tests run as root and setpriv (util-linux) is not installed: the permission check needs an unprivileged user")
		}
		argv = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin}, args...)
		bin = "setpriv"
	}
	cmd := exec.CommandContext(ctx, bin, argv...)
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), rs.env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("certlint %s did not finish within %v (hang guard)", clip(strings.Join(args, " ")), hangGuard)
	}
	r := result{out.String(), errb.String(), exitCode(t, err)}
	checkNoSecrets(t, args, r)
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return measured{r, cpu}
}

// costCase is one costly input.
type costCase struct {
	name string
	// make creates the input in dir and returns the PATH to give certlint
	// and the path the refusal names.
	make func(t *testing.T, dir string) (arg, reported string)
	// unprivileged runs the binary as nobody (a permission case).
	unprivileged bool
	code         int    // 1: a finding names the bound; 2: a refusal does
	says         string // what the stderr line or a finding's message holds
}

func pemOf(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func costCases() []costCase {
	cert := func(t *testing.T) []byte { return readFixture(t, "good_agent.cer") }
	file := func(name string, data func(t *testing.T) []byte) func(*testing.T, string) (string, string) {
		return func(t *testing.T, dir string) (string, string) {
			p := writeFile(t, filepath.Join(dir, name), data(t))
			return p, p
		}
	}
	huge := testpki.RSAKeyHugePrime(65536) // a 12 KB PEM key: minutes for crypto/x509
	return []costCase{
		{name: "PEM RSA PRIVATE KEY, 64K-bit p, no CRT values", code: 1, says: "prime p longer than the modulus",
			make: file("hugep.pem", func(t *testing.T) []byte {
				return append(pemOf("CERTIFICATE", cert(t)), pemOf("RSA PRIVATE KEY", huge)...)
			})},
		{name: "PEM PRIVATE KEY (PKCS#8), 64K-bit p, no CRT values", code: 1, says: "prime p longer than the modulus",
			make: file("hugep8.pem", func(t *testing.T) []byte {
				return append(pemOf("CERTIFICATE", cert(t)), pemOf("PRIVATE KEY", testpki.PKCS8(huge))...)
			})},
		{name: "PFX key bag, 64K-bit p, no CRT values", code: 1, says: "prime p longer than the modulus",
			make: file("hugep.pfx", func(t *testing.T) []byte { return testpki.PFXWithKeys(cert(t), testpki.PKCS8(huge)) })},
		{name: "100 RSA keys of 16,384 bits without CRT values", code: 1, says: "invalid CRT exponent",
			make: file("keys.pem", func(t *testing.T) []byte {
				out := pemOf("CERTIFICATE", cert(t))
				for i := range certlint.MaxKeys {
					out = append(out, pemOf("RSA PRIVATE KEY", testpki.RSAKeyCostly(certlint.MaxRSAKeyBits, uint64(i)))...)
				}
				return out
			})},
		{name: "subject of 50,000 RDNs", code: 1, says: "private key",
			make: file("rdn50k.pem", func(t *testing.T) []byte { return pemOf("CERTIFICATE", rdnLeaf(t, 50_000)) })},
		{name: "subject of 200,000 RDNs", code: 2, says: "more than 250000 ASN.1 elements",
			make: file("rdn200k.cer", func(t *testing.T) []byte { return rdnLeaf(t, 200_000) })},
		{name: "self-signed DSA certificate, 65,536-bit parameters", code: 2, says: "DSA parameters of 65536 bits",
			make: file("dsa64k.cer", func(*testing.T) []byte { return testpki.SelfSignedHugeKey("dsa", 65536) })},
		{name: "self-signed RSA certificate, 2^23-bit modulus", code: 2, says: "RSA public key of 8388608 bits",
			make: file("rsa8m.cer", func(*testing.T) []byte { return testpki.SelfSignedHugeKey("rsa", 1<<23) })},
		{name: "100,000 empty directories and one bad file", code: 2, says: "not a certificate",
			make: func(t *testing.T, dir string) (string, string) {
				top := filepath.Join(dir, "tree")
				if err := os.Mkdir(top, 0o755); err != nil {
					t.Fatal(err)
				}
				for i := range 100 {
					d := filepath.Join(top, fmt.Sprintf("d%03d", i))
					if err := os.Mkdir(d, 0o755); err != nil {
						t.Fatal(err)
					}
					fd, err := unix.Open(d, unix.O_RDONLY|unix.O_DIRECTORY, 0)
					if err != nil {
						t.Fatal(err)
					}
					for j := range 1000 {
						if err := unix.Mkdirat(fd, fmt.Sprintf("e%03d", j), 0o755); err != nil {
							t.Fatal(err)
						}
					}
					unix.Close(fd)
				}
				return top, writeFile(t, filepath.Join(top, "zz.pem"), []byte("not a certificate"))
			}},
		{name: "directory that can be listed but not searched", unprivileged: true, code: 2, says: "cannot be examined in its directory: permission denied",
			make: func(t *testing.T, dir string) (string, string) {
				d := filepath.Join(dir, "listonly")
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
				f := writeFile(t, filepath.Join(d, "agent.pem"), readFixture(t, "good_agent.pem"))
				if err := os.Chmod(d, 0o644); err != nil { // read, no search
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(d, 0o755) })
				return d, f
			}},
		{name: "path longer than PATH_MAX", code: 2, says: "file name too long",
			make: func(t *testing.T, dir string) (string, string) {
				top := filepath.Join(dir, "deep")
				return top, deepPath(t, top)
			}},
		{name: "file symbolic link loop", code: 2, says: "symbolic link loop",
			make: func(t *testing.T, dir string) (string, string) {
				d := filepath.Join(dir, "links")
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
				l := filepath.Join(d, "self.pem")
				if err := os.Symlink("self.pem", l); err != nil {
					t.Fatal(err)
				}
				return d, l
			}},
	}
}

// rdnLeaf returns a leaf for agent01.contoso.test (no key in the file) whose
// subject has n RDNs before its CN.
func rdnLeaf(t *testing.T, n int) []byte {
	t.Helper()
	pki := testpki.PKI{Org: "certlint test", RSALeaves: true}
	ca := pki.CA(t, "certlint Test CA", nil)
	return pki.Leaf(t, "agent01.contoso.test", ca, testpki.RawSubject(testpki.NameOfRDNs(n, "agent01.contoso.test"))).DER
}

// deepPath makes nested directories under top until their path is longer
// than PATH_MAX (with mkdirat(2), relative to open directories) and returns
// the first path the system cannot name.
func deepPath(t *testing.T, top string) string {
	t.Helper()
	if err := os.Mkdir(top, 0o755); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(top, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	path, tooLong := top, ""
	for len(path) <= unix.PathMax+len(name) {
		if err := unix.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
		fd = next
		path += "/" + name
		if tooLong == "" && len(path) >= unix.PathMax {
			tooLong = path
		}
	}
	unix.Close(fd)
	t.Cleanup(func() { exec.Command("rm", "-rf", top).Run() }) // rm(1) walks relative to open directories
	return tooLong
}

// TestHostileCosts runs the table.
func TestHostileCosts(t *testing.T) {
	var summary []string
	for _, c := range costCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := worldDir(t)
			arg, reported := c.make(t, dir)
			rs := runSpec{unprivileged: c.unprivileged}
			if c.unprivileged {
				// A copy of the binary that the unprivileged user can run.
				rs.bin = filepath.Join(dir, "certlint")
				writeFile(t, rs.bin, readBinary(t))
				if err := os.Chmod(rs.bin, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, extra := range [][]string{nil, {"--roots", p("ca/root.pem")}} {
				args := append(append([]string{"lint", "--format", "json", "--at", at}, extra...), arg)
				if c.unprivileged && os.Geteuid() == 0 {
					// The fixture root must be readable by nobody too.
					args = append(append([]string{"lint", "--format", "json", "--at", at}, rootsFor(t, dir, extra)...), arg)
				}
				m := exeMeasured(t, rs, args...)
				summary = append(summary, fmt.Sprintf("%-55s %-8s %6.2f s CPU, exit %d", c.name, map[bool]string{true: "--roots", false: "default"}[extra != nil], m.cpu.Seconds(), m.code))
				checkCostAnswer(t, c, m.result, reported)
			}
		})
	}
	t.Logf("CPU per case:\n%s", strings.Join(summary, "\n"))
}

// rootsFor copies the fixture root where an unprivileged run can read it.
func rootsFor(t *testing.T, dir string, extra []string) []string {
	if extra == nil {
		return nil
	}
	return []string{"--roots", writeFile(t, filepath.Join(dir, "root.pem"), readFixture(t, "ca/root.pem"))}
}

// checkCostAnswer checks a prompt, clear answer: exit 2 with one stderr
// line naming the file and the limit, or exit 1 with a finding naming it.
func checkCostAnswer(t *testing.T, c costCase, r result, reported string) {
	t.Helper()
	wantCode(t, r, c.code)
	if c.code == 2 {
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		prefix := "certlint: " + report.CleanText(reported) + ": "
		if len(lines) != 1 || !strings.HasPrefix(lines[0], prefix) || !strings.Contains(lines[0], c.says) {
			t.Errorf("stderr %q: want one line starting %q and saying %q", clip(r.stderr), prefix, c.says)
		}
		return
	}
	reps := decodeLines(t, r.stdout)
	if r.stderr != "" || len(reps) != 1 || reps[0].Error != nil {
		t.Fatalf("stderr %q, %d reports: want one report, no error", r.stderr, len(reps))
	}
	found := false
	for _, f := range reps[0].Findings {
		found = found || strings.Contains(f.Message, c.says)
		if len(f.Message) > 4096 {
			t.Errorf("finding %s: a message of %d bytes", f.Lint, len(f.Message))
		}
	}
	if !found {
		t.Errorf("no finding says %q: %+v", c.says, reps[0].Findings)
	}
	if ci := reps[0].Certificate; ci == nil || len(ci.Subject) > cert.NameMaxText+4 || !strings.HasPrefix(ci.Subject, "CN=agent01.contoso.test") {
		t.Errorf("certificate %+v: want the subject, bounded", ci)
	}
}

// The largest inputs of the worst kind for each reader, at the size limit:
// answered (any exit status), the CPU logged.

// sanCerts returns n self-signed CA certificates with 120 DNS names each
// (about 4 KB), ECDSA-signed.
func sanCerts(t *testing.T, n int) []*x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var dns []string
	for i := range 120 {
		dns = append(dns, fmt.Sprintf("host%03d.department.contoso.test", i))
	}
	var out []*x509.Certificate
	for i := range n {
		tpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 2)), Subject: pkix.Name{CommonName: fmt.Sprintf("CA %d", i)},
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
			IsCA: true, BasicConstraintsValid: true, DNSNames: dns}
		der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// bigPFX is a password-protected PFX (AES, PBKDF2, PBMAC-free HMAC) of the
// fixture leaf and key and n SAN-heavy CA certificates.
func bigPFX(t *testing.T, cas []*x509.Certificate) []byte {
	t.Helper()
	b, err := certlint.LoadFile(p("good_agent.pfx"), &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }})
	if err != nil {
		t.Fatal(err)
	}
	pfx, err := pkcs12.Modern.Encode(b.Key, b.Leaf.Std, cas, fixturePassword)
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}

// TestLargestInputs: each reader's worst kind of input at the 4 MiB limit.
func TestLargestInputs(t *testing.T) {
	dir := t.TempDir()
	var summary []string
	for _, c := range []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"PFX, 870 certificates of 120 DNS names", func(t *testing.T) []byte { return bigPFX(t, sanCerts(t, 870)) }},
		{"PEM, 640 certificates of 120 DNS names", func(t *testing.T) []byte {
			var out []byte
			for _, c := range sanCerts(t, 640) {
				out = append(out, pemOf("CERTIFICATE", c.Raw)...)
			}
			return out
		}},
		{"DER certificate, 240,000 DNS names", func(t *testing.T) []byte {
			names := make([]string, 240_000)
			for i := range names {
				names[i] = fmt.Sprintf("h%07d.test", i)
			}
			key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "agent01.contoso.test"}, DNSNames: names,
				NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)}
			der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
			if err != nil {
				t.Fatal(err)
			}
			return der
		}},
		{"PEM, 60,000-RDN subject", func(t *testing.T) []byte { return pemOf("CERTIFICATE", rdnLeaf(t, 60_000)) }},
		{"PEM, 2,000 blocks the reader skips", func(t *testing.T) []byte {
			var out []byte
			for i := range 2000 {
				out = append(out, pemOf("X509 CRL", bytes.Repeat([]byte{byte(i)}, 1400))...)
			}
			return out
		}},
		{"PEM, 100 RSA keys of 16,384 bits without CRT values", func(t *testing.T) []byte {
			out := pemOf("CERTIFICATE", readFixture(t, "good_agent.cer"))
			for i := range certlint.MaxKeys {
				out = append(out, pemOf("RSA PRIVATE KEY", testpki.RSAKeyCostly(certlint.MaxRSAKeyBits, uint64(i)))...)
			}
			return out
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data(t)
			if len(data) > certlint.DefaultMaxSize {
				t.Fatalf("%d bytes: above the size limit", len(data))
			}
			f := writeFile(t, filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")), data)
			for _, extra := range [][]string{nil, {"--roots", p("ca/root.pem")}} {
				args := append(append([]string{"lint", "--format", "json", "--password-file", pwFile(), "--at", at}, extra...), f)
				m := exeMeasured(t, runSpec{}, args...)
				if m.code != 2 {
					if reps := decodeLines(t, m.stdout); len(reps) != 1 {
						t.Errorf("%d reports, want 1", len(reps))
					}
				} else if strings.Count(m.stderr, "\n") != 1 {
					t.Errorf("exit 2: stderr %q, want one line", clip(m.stderr))
				}
				summary = append(summary, fmt.Sprintf("%-55s %7d bytes %-8s %6.2f s CPU, exit %d", c.name, len(data),
					map[bool]string{true: "--roots", false: "default"}[extra != nil], m.cpu.Seconds(), m.code))
			}
		})
	}
	t.Logf("CPU per input:\n%s", strings.Join(summary, "\n"))
}

// TestPeakMemory: 64 inputs at the 4 MiB limit, on 8 workers, stay under
// 300 MB of peak RSS (the child's rusage). The inputs are the costliest kind
// measured: password-protected PFX files of 870 certificates of 120 DNS
// names each (each input holds about 25 MB once parsed). Without the
// in-flight budget the run held 32 of them at once: 330 MB.
func TestPeakMemory(t *testing.T) {
	pfx := bigPFX(t, sanCerts(t, 870))
	if len(pfx) > certlint.DefaultMaxSize || len(pfx) < certlint.DefaultMaxSize*9/10 {
		t.Fatalf("the PFX has %d bytes, want just under %d", len(pfx), certlint.DefaultMaxSize)
	}
	dir := t.TempDir()
	first := writeFile(t, filepath.Join(dir, "in00.pfx"), pfx)
	for i := 1; i < 64; i++ {
		if err := os.Link(first, filepath.Join(dir, fmt.Sprintf("in%02d.pfx", i))); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "lint", "--format", "json", "--password-file", pwFile(), "--at", at, dir)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=8") // 8 workers
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatal("the run did not finish (hang guard)")
	}
	if code := exitCode(t, err); code == 2 {
		t.Fatalf("exit 2: %v", err)
	}
	if n := strings.Count(string(out), "\n"); n != 64 {
		t.Fatalf("%d reports, want 64", n)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage")
	}
	peak := maxRSSBytes(ru)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	t.Logf("64 PFX files of %d bytes, 8 workers: peak RSS %.1f MB, %.1f s CPU", len(pfx), float64(peak)/1e6, cpu.Seconds())
	if limit := int64(300e6); peak > limit {
		t.Errorf("peak RSS %.1f MB, above %.0f MB", float64(peak)/1e6, float64(limit)/1e6)
	}
}

// maxRSSBytes is ru_maxrss in bytes: kilobytes on Linux and the BSDs, bytes
// on macOS (getrusage(2)).
func maxRSSBytes(ru *syscall.Rusage) int64 {
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
