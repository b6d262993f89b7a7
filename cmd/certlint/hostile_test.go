package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
)

// Hostile and broken input: every bad input is refused
// with exit status 2 and one stderr line naming the file and the cause; the
// good input given in the same run is still linted and reported; the run
// finishes; the library returns a *certlint.LoadError matching the sentinel.
// These tests run the real binary built once in TestMain.

// hangGuard bounds every run of the binary. It is a guard against a hang, not
// a timing assertion: a refused input is answered in milliseconds.
const hangGuard = 60 * time.Second

// maxCount is the iteration count a hostile PFX declares: 2^31-1, the
// largest a signed 32-bit INTEGER holds (what Windows and OpenSSL read it
// into). Deriving a key with it would take hours.
const maxCount = 1<<31 - 1

// runSpec says how exeGuarded runs the binary.
type runSpec struct {
	env   []string
	stdin []byte
	dir   string // working directory ("" = the test's)
	// unprivileged runs the binary as uid/gid 65534 (nobody), through
	// setpriv(1), when the tests run as root: root reads any file, so a
	// permission check would otherwise prove nothing. bin is then the
	// world-executable copy of the binary to run.
	unprivileged bool
	bin          string
}

// exeGuarded runs the built binary like exe, under hangGuard,
// and checks, like every run, that no password is printed.
func exeGuarded(t *testing.T, rs runSpec, args ...string) result {
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
	cmd.Dir = rs.dir
	cmd.Stdin = bytes.NewReader(rs.stdin)
	cmd.Env = append(os.Environ(), rs.env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("certlint %s did not finish within %v (hang guard)", strings.Join(args, " "), hangGuard)
	}
	r := result{out.String(), errb.String(), exitCode(t, err)}
	checkNoSecrets(t, args, r)
	return r
}

// hostileCase is one bad input.
type hostileCase struct {
	name string
	// make creates the input in dir and returns the path to give certlint.
	make func(t *testing.T, dir string) string
	// reported is the path the error names when it is not the argument
	// (a directory loop is reported at the link).
	reported func(arg string) string
	// cause: words the stderr line and the JSON error must contain.
	cause string
	// sentinel is the error LoadFile (or WalkPaths) returns, matched with errors.Is.
	sentinel error
	// password is the --password-file to use ("" = the fixture password).
	password func(t *testing.T, dir string) string
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(p(name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hostileCases returns the table. Cases that need Unix special files are
// left out on other systems.
func hostileCases() []hostileCase {
	fileWith := func(name string, data func(t *testing.T) []byte) func(*testing.T, string) string {
		return func(t *testing.T, dir string) string {
			return writeFile(t, filepath.Join(dir, name), data(t))
		}
	}
	cases := []hostileCase{
		{name: "random bytes", cause: "not a certificate", sentinel: certlint.ErrNotCertificate,
			make: fileWith("random.pfx", func(*testing.T) []byte { return randomBytes(1, 64<<10) })},
		{name: "random bytes after a SEQUENCE tag", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("random.der", func(*testing.T) []byte { b := randomBytes(2, 64<<10); b[0] = 0x30; return b })},
		{name: "empty file", cause: "not a certificate", sentinel: certlint.ErrNotCertificate,
			make: fileWith("empty.pfx", func(*testing.T) []byte { return nil })},
		{name: "wrong password", cause: "wrong password", sentinel: certlint.ErrWrongPassword,
			make: fileWith("agent.pfx", func(t *testing.T) []byte { return readFixture(t, "good_agent.pfx") }),
			password: func(t *testing.T, dir string) string {
				return writeFile(t, filepath.Join(dir, "wrong.txt"), []byte(wrongPassword+"\n"))
			}},
		{name: "PFX MAC with 2^31-1 iterations", cause: "too many", sentinel: certlint.ErrTooManyIterations,
			make: fileWith("mac_iter.pfx", func(t *testing.T) []byte { return patchIterations(t, readFixture(t, "good_agent.pfx"), true, maxCount) })},
		{name: "PFX PBKDF2 with 2^31-1 iterations", cause: "too many", sentinel: certlint.ErrTooManyIterations,
			make: fileWith("pbkdf2_iter.pfx", func(t *testing.T) []byte {
				return patchIterations(t, readFixture(t, "good_agent.pfx"), false, maxCount)
			})},
		{name: "legacy PFX (PKCS#12 KDF) with 2^31-1 iterations", cause: "too many", sentinel: certlint.ErrTooManyIterations,
			make: fileWith("legacy_iter.pfx", func(t *testing.T) []byte {
				return patchIterations(t, readFixture(t, "good_agent_legacy.pfx"), false, maxCount)
			})},
		{name: "encrypted PEM key with 2^31-1 PBKDF2 iterations", cause: "too many", sentinel: certlint.ErrTooManyIterations,
			make: fileWith("pbkdf2_iter.pem", func(t *testing.T) []byte {
				return patchPEMKeyIterations(t, readFixture(t, "good_agent_encrypted.pem"), maxCount)
			})},
		{name: "absurd ASN.1 length", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("length.der", func(*testing.T) []byte { return []byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03} })},
		{name: "PFX with an absurd outer length", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("length.pfx", func(t *testing.T) []byte { return withLength(readFixture(t, "good_agent.pfx"), 0xffffffff) })},
		{name: "100,000 nested SEQUENCEs (DER)", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("deep.der", func(*testing.T) []byte { return nestedDER(100_000) })},
		{name: "100,000 nested SEQUENCEs (BER, indefinite lengths)", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("deep_ber.der", func(*testing.T) []byte {
				return append(bytes.Repeat([]byte{0x30, 0x80}, 100_000), make([]byte, 2*100_000)...)
			})},
		{name: "PFX whose authSafe nests 100,000 deep", cause: "malformed", sentinel: certlint.ErrMalformed,
			make: fileWith("deep.pfx", func(*testing.T) []byte {
				b := []byte{0x30, 0x80, 0x02, 0x01, 0x03}
				b = append(b, bytes.Repeat([]byte{0x30, 0x80}, 100_000)...)
				return append(b, make([]byte, 2*100_001)...)
			})},
		{name: "100 MB file", cause: "too large", sentinel: certlint.ErrTooLarge,
			make: func(t *testing.T, dir string) string {
				// A sparse file: 100 MB long, a few KB on disk.
				path := writeFile(t, filepath.Join(dir, "huge.pfx"), readFixture(t, "good_agent.pfx"))
				if err := os.Truncate(path, 100<<20); err != nil {
					t.Fatal(err)
				}
				return path
			}},
		{name: "PEM with 5,000 blocks", cause: "too large", sentinel: certlint.ErrTooLarge,
			make: fileWith("blocks.pem", func(t *testing.T) []byte {
				cert := readFixture(t, "good_agent.cer")
				// Small blocks, so that the file stays under the size limit
				// and the block limit is what refuses it.
				small := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert[:48]})
				return bytes.Repeat(small, 5000)
			})},
		{name: "PEM with 1,500 certificates", cause: "too large", sentinel: certlint.ErrTooLarge,
			make: fileWith("certs.pem", func(t *testing.T) []byte {
				return bytes.Repeat(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: readFixture(t, "good_agent.cer")}), 1500)
			})},
	}
	if runtime.GOOS == "windows" {
		return cases
	}
	return append(cases,
		hostileCase{name: "directory loop through a symbolic link", cause: "directory loop", sentinel: certlint.ErrNotCertificate,
			make: func(t *testing.T, dir string) string {
				// loopdir/a/to_b -> ../b and loopdir/b/to_a -> ../a.
				d := filepath.Join(dir, "loopdir")
				for _, sub := range []string{"a", "b"} {
					if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Symlink(filepath.Join("..", "b"), filepath.Join(d, "a", "to_b")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join("..", "a"), filepath.Join(d, "b", "to_a")); err != nil {
					t.Fatal(err)
				}
				return d
			},
			reported: func(arg string) string { return filepath.Join(arg, "a", "to_b", "to_a") }},
		hostileCase{name: "FIFO named explicitly", cause: "not a regular file", sentinel: certlint.ErrNotCertificate,
			make: func(t *testing.T, dir string) string { return mkfifo(t, filepath.Join(dir, "pipe.pfx")) }},
		hostileCase{name: "/dev/zero", cause: "not a regular file", sentinel: certlint.ErrNotCertificate,
			make: func(*testing.T, string) string { return "/dev/zero" }},
		hostileCase{name: "/dev/urandom", cause: "not a regular file", sentinel: certlint.ErrNotCertificate,
			make: func(*testing.T, string) string { return "/dev/urandom" }},
		hostileCase{name: "file name that is not UTF-8", cause: "not a certificate", sentinel: certlint.ErrNotCertificate,
			make: fileWith("bad\xff\xfe\x1b[31mname.pfx", func(*testing.T) []byte { return randomBytes(3, 512) })},
	)
}

func randomBytes(seed uint64, n int) []byte {
	var s [32]byte
	s[0] = byte(seed)
	b := make([]byte, n)
	rand.NewChaCha8(s).Read(b)
	return b
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if out, err := exec.Command("mkfifo", path).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v %s", err, out)
	}
	return path
}

// withLength returns der (one element with a definite length) with its outer
// length field replaced by a 4-byte length n.
func withLength(der []byte, n uint32) []byte {
	hdr := 2
	if der[1] >= 0x80 {
		hdr += int(der[1] & 0x7f)
	}
	out := []byte{der[0], 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	return append(out, der[hdr:]...)
}

// nestedDER returns n SEQUENCEs, each holding the next, with definite
// lengths.
func nestedDER(n int) []byte {
	lengths := make([]int, n) // lengths[i]: content length of level i (0 = outermost)
	hdr := func(l int) int {
		switch {
		case l < 0x80:
			return 2
		case l < 1<<8:
			return 3
		case l < 1<<16:
			return 4
		case l < 1<<24:
			return 5
		}
		return 6
	}
	for i := n - 2; i >= 0; i-- {
		lengths[i] = hdr(lengths[i+1]) + lengths[i+1]
	}
	var b cryptobyte.Builder
	for _, l := range lengths {
		switch h := hdr(l); h {
		case 2:
			b.AddBytes([]byte{0x30, byte(l)})
		default:
			b.AddUint8(0x30)
			b.AddUint8(0x80 | byte(h-2))
			for i := h - 3; i >= 0; i-- {
				b.AddUint8(byte(l >> (8 * i)))
			}
		}
	}
	return b.BytesOrPanic()
}

// asnNode is a DER element parsed into a tree, so that one INTEGER can be
// changed and the whole re-encoded with the right lengths. An OCTET STRING
// whose content is itself one DER SEQUENCE (the PFX authSafe, a clear
// SafeContents) is entered too.
type asnNode struct {
	tag   cbasn1.Tag
	prim  []byte
	kids  []*asnNode
	encap bool // an OCTET STRING holding kids[0]
}

func parseNode(b []byte) (*asnNode, bool) {
	s := cryptobyte.String(b)
	var body cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadAnyASN1(&body, &tag) || !s.Empty() {
		return nil, false
	}
	n := &asnNode{tag: tag}
	if tag.Constructed() == tag {
		for !body.Empty() {
			var el cryptobyte.String
			if !body.ReadAnyASN1Element(&el, nil) {
				return nil, false
			}
			k, ok := parseNode(el)
			if !ok {
				return nil, false
			}
			n.kids = append(n.kids, k)
		}
		return n, true
	}
	if tag == cbasn1.OCTET_STRING && len(body) > 0 && body[0] == 0x30 {
		if k, ok := parseNode(body); ok {
			n.kids, n.encap = []*asnNode{k}, true
			return n, true
		}
	}
	n.prim = body
	return n, true
}

func (n *asnNode) encode(b *cryptobyte.Builder) {
	b.AddASN1(n.tag, func(b *cryptobyte.Builder) {
		if n.kids == nil {
			b.AddBytes(n.prim)
			return
		}
		for _, k := range n.kids {
			k.encode(b)
		}
	})
}

// setCounts sets every iteration count under n to count and returns how many
// it set. An iteration count is an INTEGER right after an OCTET STRING salt
// in a SEQUENCE: MacData {mac, macSalt, iterations} (RFC 7292 §4),
// pkcs-12PbeParams {salt, iterations} (RFC 7292 App. C), PBKDF2-params
// {salt, iterationCount, ...} (RFC 8018 A.2). mac selects the PFX's MacData
// (macData is the PFX's third element); otherwise every other count.
func setCounts(n *asnNode, count int64, inMac, mac bool) int {
	set := 0
	for i, k := range n.kids {
		if n.tag == cbasn1.SEQUENCE && i > 0 && inMac == mac && k.tag == cbasn1.INTEGER && n.kids[i-1].tag == cbasn1.OCTET_STRING && n.kids[i-1].kids == nil {
			var b cryptobyte.Builder
			b.AddASN1Int64(count)
			k.prim = b.BytesOrPanic()[2:] // the content of a short-form INTEGER
			set++
			continue
		}
		set += setCounts(k, count, inMac, mac)
	}
	return set
}

// patchIterations re-encodes a DER PFX with its MAC iteration count (mac) or
// every KDF iteration count (!mac) set to count, leaving everything else as
// it was: the result is the PFX a producer would have written with that
// count, except that its MAC and ciphertexts no longer verify (certlint must
// refuse the count before it derives anything, so that does not matter).
func patchIterations(t *testing.T, pfx []byte, mac bool, count int64) []byte {
	t.Helper()
	root, ok := parseNode(pfx)
	if !ok || len(root.kids) != 3 {
		t.Fatal("not a DER PFX with MacData")
	}
	if got := reencode(root); !bytes.Equal(got, pfx) {
		t.Fatal("the ASN.1 rewriter does not reproduce the PFX: it would change more than the count")
	}
	set := 0
	if mac {
		set = setCounts(&asnNode{tag: cbasn1.SEQUENCE, kids: root.kids[2:]}, count, true, true)
	} else {
		set = setCounts(&asnNode{tag: root.tag, kids: root.kids[:2]}, count, false, false)
	}
	if set == 0 {
		t.Fatal("no iteration count found to patch")
	}
	return reencode(root)
}

func reencode(n *asnNode) []byte {
	var b cryptobyte.Builder
	n.encode(&b)
	return b.BytesOrPanic()
}

// patchPEMKeyIterations sets the PBKDF2 count of the ENCRYPTED PRIVATE KEY
// block of a PEM file.
func patchPEMKeyIterations(t *testing.T, data []byte, count int64) []byte {
	t.Helper()
	var out []byte
	found := false
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "ENCRYPTED PRIVATE KEY" {
			n, ok := parseNode(block.Bytes)
			if !ok || setCounts(n, count, false, false) != 1 {
				t.Fatal("no PBKDF2 count in the ENCRYPTED PRIVATE KEY block")
			}
			block.Bytes, found = reencode(n), true
		}
		out = append(out, pem.EncodeToMemory(block)...)
	}
	if !found {
		t.Fatal("no ENCRYPTED PRIVATE KEY block")
	}
	return out
}

// worldDir returns a new temporary directory that every user can enter and
// list (with its parent, the test's own temporary root), for the inputs an
// unprivileged run must reach.
func worldDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkRefused checks one run with a bad input (reported as bad in the
// error) and the good one after it, in JSON: exit 2, one stderr line naming
// bad with the cause, the good input linted with no finding.
func checkRefused(t *testing.T, r result, bad, cause, good string) {
	t.Helper()
	wantCode(t, r, 2)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr: %d lines, want one:\n%q", len(lines), r.stderr)
	}
	prefix := "certlint: " + report.CleanText(bad) + ": "
	if !strings.HasPrefix(lines[0], prefix) || !strings.Contains(lines[0], cause) {
		t.Errorf("stderr %q: want it to start with %q and say %q", lines[0], prefix, cause)
	}
	if strings.ContainsAny(r.stderr, "\x1b\r") {
		t.Errorf("raw control characters on stderr: %q", r.stderr)
	}
	reps := decodeLines(t, r.stdout)
	if len(reps) != 2 {
		t.Fatalf("%d reports, want 2 (the bad input, then the good one):\n%s", len(reps), clip(r.stdout))
	}
	if reps[0].Error == nil || !strings.Contains(*reps[0].Error, cause) || len(reps[0].Findings) != 0 {
		t.Errorf("bad input's report: %+v", reps[0])
	}
	g := reps[1]
	if g.File != good || g.Error != nil || g.Certificate == nil || g.Certificate.Subject != "CN=agent01.contoso.test" || len(g.Findings) != 0 {
		t.Errorf("the good input was not linted: %+v", g)
	}
}

// TestHostileInputs: each bad input next to a good one, through the binary
// (exit status, stderr, JSON) and through the library (LoadFile or
// WalkPaths: a *LoadError naming the file, matching the sentinel).
func TestHostileInputs(t *testing.T) {
	good := p("good_agent.pem") // certificate, key and chain: no finding on its own
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := c.make(t, dir)
			reported := bad
			if c.reported != nil {
				reported = c.reported(bad)
			}
			pw := pwFile()
			if c.password != nil {
				pw = c.password(t, dir)
			}
			r := exeGuarded(t, runSpec{}, "lint", "--format", "json", "--password-file", pw, "--at", at, bad, good)
			checkRefused(t, r, reported, c.cause, good)

			// The library: what the CLI printed comes from a typed error.
			password, err := readPasswordFile(pw)
			if err != nil {
				t.Fatal(err)
			}
			opts := &certlint.LoadOptions{Password: func() (string, error) { return password, nil }}
			var lerr error
			for path, werr := range certlint.WalkPaths([]string{bad}) {
				if werr == nil {
					_, werr = certlint.LoadFile(path, opts)
				}
				if werr != nil {
					lerr = werr
					break
				}
			}
			checkLoadError(t, lerr, reported, c.sentinel)
		})
	}
}

// checkLoadError checks that err is a *certlint.LoadError for file matching
// sentinel (and no other sentinel), on one line, without a password.
func checkLoadError(t *testing.T, err error, file string, sentinel error) {
	t.Helper()
	var le *certlint.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %T %v, want a *certlint.LoadError", err, err)
	}
	if le.File != file {
		t.Errorf("LoadError.File = %q, want %q", le.File, file)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not match %q", err, sentinel)
	}
	for _, s := range allSentinels {
		if s != sentinel && errors.Is(err, s) {
			t.Errorf("error %q also matches %q", err, s)
		}
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || strings.Contains(msg, fixturePassword) || strings.Contains(msg, wrongPassword) {
		t.Errorf("error %q: not one line, or holds a password", msg)
	}
}

var allSentinels = []error{
	certlint.ErrWrongPassword, certlint.ErrMalformed, certlint.ErrUnsupported, certlint.ErrTooLarge,
	certlint.ErrTooManyIterations, certlint.ErrNotCertificate, certlint.ErrNoPassword, certlint.ErrUnreadable,
}

// TestTruncatedPFX: the good PFX cut at every 7th offset, all in one run:
// one stderr line per piece, in order, each naming its file; the good input
// still linted. Each piece is loaded by the library too.
func TestTruncatedPFX(t *testing.T) {
	pfx := readFixture(t, "good_agent.pfx")
	dir := t.TempDir()
	opts := &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }}
	var args []string
	for off := 0; off < len(pfx); off += 7 {
		path := writeFile(t, filepath.Join(dir, fmt.Sprintf("cut_%05d.pfx", off)), pfx[:off])
		args = append(args, path)
		_, err := certlint.LoadFile(path, opts)
		want := certlint.ErrMalformed
		if off < 2 {
			want = certlint.ErrNotCertificate // empty, or a lone byte: no structure at all
		}
		checkLoadError(t, err, path, want)
	}
	good := p("good_agent.pfx")
	r := exeGuarded(t, runSpec{}, append([]string{"lint", "--format", "json", "--password-file", pwFile(), "--at", at}, append(args, good)...)...)
	wantCode(t, r, 2)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != len(args) {
		t.Fatalf("%d stderr lines for %d truncated files", len(lines), len(args))
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, "certlint: "+args[i]+": ") || !(strings.Contains(l, "malformed") || strings.Contains(l, "not a certificate")) {
			t.Errorf("stderr line %d: %q", i, l)
		}
	}
	reps := decodeLines(t, r.stdout)
	if len(reps) != len(args)+1 {
		t.Fatalf("%d reports, want %d", len(reps), len(args)+1)
	}
	if g := reps[len(args)]; g.File != good || g.Error != nil || g.Certificate == nil || len(g.Findings) != 0 {
		t.Errorf("the good PFX after %d truncated ones: %+v", len(args), g)
	}
}

// TestUnreadableFile: a file without read permission. The binary runs as an
// unprivileged user when the tests run as root (root reads anything), so the
// refusal is real; the other input is still linted.
func TestUnreadableFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Log("file modes do not deny reading on Windows: nothing to test")
		return
	}
	dir := worldDir(t)
	bin := filepath.Join(dir, "certlint")
	writeFile(t, bin, readBinary(t))
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	good := writeFile(t, filepath.Join(dir, "good.pem"), readFixture(t, "good_agent.pem"))
	pw := writeFile(t, filepath.Join(dir, "password.txt"), readFixture(t, "password.txt"))
	secret := writeFile(t, filepath.Join(dir, "secret.pfx"), readFixture(t, "good_agent.pfx"))
	if err := os.Chmod(secret, 0o200); err != nil { // write-only for its owner, nothing for others
		t.Fatal(err)
	}
	rs := runSpec{unprivileged: true, bin: bin, dir: dir}
	r := exeGuarded(t, rs, "lint", "--format", "json", "--password-file", pw, "--at", at, secret, good)
	checkRefused(t, r, secret, "permission denied", good)
	if os.Geteuid() != 0 {
		// The library, in this process, is refused too.
		_, err := certlint.LoadFile(secret, nil)
		checkLoadError(t, err, secret, certlint.ErrUnreadable)
		if !errors.Is(err, fs.ErrPermission) {
			t.Errorf("%v does not match fs.ErrPermission", err)
		}
	}
	// A directory the user cannot list: unreadable like a file (not "not a
	// certificate"), and the rest still linted.
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(locked, "agent.pfx"), readFixture(t, "good_agent.pfx"))
	r = exeGuarded(t, rs, "lint", "--format", "json", "--password-file", pw, "--at", at, locked, good)
	checkRefused(t, r, locked, "cannot read: directory: permission denied", good)
	if os.Geteuid() != 0 {
		for path, err := range certlint.WalkPaths([]string{locked}) {
			checkLoadError(t, err, path, certlint.ErrUnreadable)
			if !errors.Is(err, fs.ErrPermission) {
				t.Errorf("%v does not match fs.ErrPermission", err)
			}
		}
	}
}

func readBinary(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFIFOInDirectory: a FIFO inside a directory is skipped by the walk
// (certlint.WalkPaths: only a special file named explicitly is read and
// refused), so the run neither blocks on it nor reports it; the certificate
// beside it is linted.
func TestFIFOInDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Log("no FIFOs on Windows: nothing to test")
		return
	}
	dir := t.TempDir()
	mkfifo(t, filepath.Join(dir, "a_pipe.pfx"))
	mkfifo(t, filepath.Join(dir, "z_pipe.pem"))
	good := writeFile(t, filepath.Join(dir, "m_good.pem"), readFixture(t, "good_agent.pem"))
	r := exeGuarded(t, runSpec{}, "lint", "--format", "json", "--at", at, dir)
	wantCode(t, r, 0)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].File != good || reps[0].Error != nil || r.stderr != "" {
		t.Errorf("reports %+v, stderr %q: want only %s", reps, r.stderr, good)
	}
}

// TestHostileTrustInputs: --roots and --intermediates refuse hostile files
// the same way (one line naming the file and the cause, exit 2) instead of
// hanging on them.
func TestHostileTrustInputs(t *testing.T) {
	dir := t.TempDir()
	huge := writeFile(t, filepath.Join(dir, "huge.pem"), nil)
	if err := os.Truncate(huge, 100<<20); err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{huge: "too large", writeFile(t, filepath.Join(dir, "deep.pem"), nestedDER(100_000)): "malformed"}
	if runtime.GOOS != "windows" {
		bad[mkfifo(t, filepath.Join(dir, "pipe.pem"))] = "not a regular file"
		bad["/dev/zero"] = "not a regular file"
	}
	for path, cause := range bad {
		for _, flag := range []string{"--roots", "--intermediates"} {
			r := exeGuarded(t, runSpec{}, "lint", flag, path, "--at", at, p("good_agent.pem"))
			wantCode(t, r, 2)
			if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, path+": ") || !strings.Contains(r.stderr, cause) {
				t.Errorf("%s %s: stderr %q, want one line naming it and %q", flag, path, r.stderr, cause)
			}
		}
	}
}

// secretScanner finds private-key material and password encodings in text.
// Key material is every 16-byte window of each fixture key's DER (PKCS#8,
// and the key blocks as the files hold them) that is not public (not found
// in a certificate or public key of the fixtures: the modulus is public), as
// raw bytes, as hex in any case, and as standard or URL-safe base64 at any
// alignment; and the decimal digits of the private exponent, the primes and
// the CRT values.
type secretScanner struct {
	raw, hex, b64 map[string]bool
	words         []string
}

const secretWindow = 16

func newSecretScanner(t *testing.T) *secretScanner {
	t.Helper()
	s := &secretScanner{raw: map[string]bool{}, hex: map[string]bool{}, b64: map[string]bool{}}
	var keys [][]byte // private DER
	public := map[string]bool{}
	addPublic := func(der []byte) {
		for i := 0; i+secretWindow <= len(der); i++ {
			public[string(der[i:i+secretWindow])] = true
		}
	}
	opts := &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }}
	files, _ := filepath.Glob(filepath.Join(td, "*.p*"))
	nKeys := 0
	for _, f := range files {
		b, err := certlint.LoadFile(f, opts)
		if err != nil {
			continue // password.txt, .p7b files without keys are fine; others are checked elsewhere
		}
		for _, c := range b.Certificates() {
			addPublic(c.Raw)
		}
		if b.Key != nil {
			der, err := x509.MarshalPKCS8PrivateKey(b.Key)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			keys = append(keys, der)
			nKeys++
			if signer, ok := b.Key.(crypto.Signer); ok {
				if pub, err := x509.MarshalPKIXPublicKey(signer.Public()); err == nil {
					addPublic(pub)
				}
			}
			switch k := b.Key.(type) {
			case *rsa.PrivateKey:
				addPublic(k.N.Bytes())
				for _, v := range append([]*big.Int{k.D, k.Precomputed.Dp, k.Precomputed.Dq, k.Precomputed.Qinv}, k.Primes...) {
					if v != nil {
						s.words = append(s.words, v.String())
					}
				}
			case *ecdsa.PrivateKey:
				if d, err := k.Bytes(); err == nil {
					s.words = append(s.words, new(big.Int).SetBytes(d).String())
				}
			}
		}
		// The key blocks of PEM files as they are (PKCS#1, and a key the
		// loader cannot use, fail_key_unusable.pem).
		if data, err := os.ReadFile(f); err == nil {
			for rest := data; ; {
				var block *pem.Block
				if block, rest = pem.Decode(rest); block == nil {
					break
				}
				if strings.HasSuffix(block.Type, "PRIVATE KEY") && block.Type != "ENCRYPTED PRIVATE KEY" {
					keys = append(keys, block.Bytes)
				}
			}
		}
	}
	if nKeys < 20 {
		t.Fatalf("only %d fixture keys found", nKeys)
	}
	private := func(der []byte, start, n int) bool { // does der[start:start+n] hold a private window?
		for i := start; i+secretWindow <= start+n; i++ {
			if !public[string(der[i:i+secretWindow])] {
				return true
			}
		}
		return false
	}
	for _, der := range keys {
		for i := 0; i+secretWindow <= len(der); i++ {
			if private(der, i, secretWindow) {
				w := der[i : i+secretWindow]
				s.raw[string(w)] = true
				s.hex[hex.EncodeToString(w)] = true
			}
		}
		// base64: 24 characters encode 18 bytes; every alignment.
		for off := 0; off < 3; off++ {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				e := enc.EncodeToString(der[off:])
				for j := 0; j+24 <= len(e) && off+j/4*3+18 <= len(der); j += 4 {
					if private(der, off+j/4*3, 18) {
						s.b64[e[j:j+24]] = true
					}
				}
			}
		}
	}
	for _, pw := range []string{fixturePassword, wrongPassword} {
		var be, le []byte
		for _, c := range pw {
			be, le = append(be, 0, byte(c)), append(le, byte(c), 0)
		}
		s.words = append(s.words, pw, hex.EncodeToString([]byte(pw)), strings.ToUpper(hex.EncodeToString([]byte(pw))),
			base64.StdEncoding.EncodeToString([]byte(pw))[:20], string(be), string(le), hex.EncodeToString(be))
	}
	if len(s.raw) < 1000 || len(s.words) < 40 {
		t.Fatalf("scanner too small: %d windows, %d words", len(s.raw), len(s.words))
	}
	return s
}

// find returns what secret text holds, or "".
func (s *secretScanner) find(text string) string {
	lower := strings.ToLower(text)
	for i := range len(text) {
		if i+secretWindow <= len(text) && s.raw[text[i:i+secretWindow]] {
			return fmt.Sprintf("raw private-key bytes at offset %d", i)
		}
		if i+2*secretWindow <= len(lower) && s.hex[lower[i:i+2*secretWindow]] {
			return fmt.Sprintf("private-key bytes in hex at offset %d", i)
		}
		if i+24 <= len(text) && s.b64[text[i:i+24]] {
			return fmt.Sprintf("private-key bytes in base64 at offset %d", i)
		}
	}
	for _, w := range s.words {
		if strings.Contains(lower, strings.ToLower(w)) {
			return fmt.Sprintf("a secret (%d characters: a password encoding or a private-key number)", len(w))
		}
	}
	return ""
}

// TestScannerFindsSecrets: the scanner itself finds what it is meant to find,
// so that TestNoKeyMaterialInOutput cannot pass by being blind.
func TestScannerFindsSecrets(t *testing.T) {
	s := newSecretScanner(t)
	b, err := certlint.LoadFile(p("fail_key_mismatch.pfx"), &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }})
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(b.Key)
	if err != nil {
		t.Fatal(err)
	}
	k := b.Key.(*rsa.PrivateKey)
	cert := string(readFixture(t, "good_agent.cer"))
	for name, text := range map[string]string{
		"raw":          "x" + string(der[500:517]),
		"hex":          "key " + hex.EncodeToString(der[301:318]),
		"HEX":          strings.ToUpper(hex.EncodeToString(der[777:800])),
		"base64":       base64.StdEncoding.EncodeToString(der[401:430]),
		"base64url":    base64.URLEncoding.EncodeToString(der[602:640]),
		"PEM":          string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"D":            "d=" + k.D.String(),
		"prime":        k.Primes[1].String(),
		"password hex": hex.EncodeToString([]byte(fixturePassword)),
	} {
		if s.find(text) == "" {
			t.Errorf("%s: not found", name)
		}
	}
	// Public material is not a secret: the certificate, and the modulus in hex.
	for name, text := range map[string]string{
		"certificate DER": cert,
		"modulus hex":     hex.EncodeToString(k.N.Bytes()),
		"certificate PEM": string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte(cert)})),
	} {
		if got := s.find(text); got != "" {
			t.Errorf("%s: found %s", name, got)
		}
	}
}

// TestNoKeyMaterialInOutput runs every command and format of the binary,
// --verbose included, with the password given each way (and a wrong one, and
// none), over every fixture, and checks that no password and no private-key
// material (see secretScanner) appears on stdout or stderr; and that no error
// the library returns for the fixtures, whole or cut short, holds any.
// (TestNoSecretsAnywhere sweeps the in-process app for the
// passwords; this extends it to key bytes in every encoding and to the
// binary, pair, stdin and the library's errors.)
func TestNoKeyMaterialInOutput(t *testing.T) {
	s := newSecretScanner(t)
	dir := t.TempDir()
	wrong := writeFile(t, filepath.Join(dir, "wrong.txt"), []byte(wrongPassword+"\n"))
	pfx := readFixture(t, "good_agent.pfx")
	trust := []string{"--roots", p("ca/root.pem"), "--intermediates", p("ca/intermediate.pem"), "--host", "agent01.contoso.test"}
	check := func(what string, text string) {
		t.Helper()
		if found := s.find(text); found != "" {
			t.Errorf("%s: %s:\n%s", what, found, clip(text))
		}
	}
	type run struct {
		env  []string
		args []string
	}
	var runs []run
	for _, format := range []string{"text", "json", "sarif"} {
		lint := []string{"lint", "--format", format, "--at", at}
		all := []string{td, "-"} // every fixture, and good_agent.pfx on stdin
		runs = append(runs,
			run{nil, concat(lint, []string{"--password-file", pwFile()}, all)},
			run{nil, concat(lint, []string{"--verbose", "--password-file", pwFile()}, trust, all)},
			run{nil, concat(lint, []string{"--verbose", "--password-file", wrong}, all)},
			run{[]string{"PFX_PW=" + fixturePassword}, concat(lint, []string{"--verbose", "--password-env", "PFX_PW"}, all)},
			run{[]string{"CERTLINT_PASSWORD=" + wrongPassword}, concat(lint, []string{"--verbose"}, all)},
			run{nil, concat(lint, []string{"--verbose"}, all)},
		)
	}
	for _, format := range []string{"text", "json"} {
		pair := []string{"pair", "--format", format, "--roots", p("ca/root.pem"), "--at", at}
		runs = append(runs,
			run{nil, concat(pair, []string{"--password-file", pwFile(), p("good_agent.pfx"), p("fail_key_mismatch.pfx")})},
			run{nil, concat(pair, []string{"--password-file", wrong, p("good_agent.pfx"), p("good_ms.pfx")})},
			run{[]string{"CERTLINT_PASSWORD=" + fixturePassword}, concat(pair, []string{p("fail_ecdsa.pfx"), p("good_agent.pem")})},
		)
	}
	runs = append(runs,
		run{nil, []string{"lints"}}, run{nil, []string{"lints", "--format", "json"}},
		run{nil, []string{"explain"}}, run{nil, []string{"explain", "20068", "20069", "21036"}},
		run{nil, []string{"version"}}, run{nil, []string{"lint", "--help"}},
		// A password typed where a flag value goes. (One typed as a PATH is
		// named in the error, as every PATH is: that cannot be helped.)
		run{nil, []string{"lint", "--fail-on", fixturePassword, p("good_agent.pfx")}},
		run{nil, []string{"lint", "--host", fixturePassword, "--role", fixturePassword, p("good_agent.pfx")}},
		run{nil, []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--format", fixturePassword}},
	)
	for _, r := range runs {
		res := exeGuarded(t, runSpec{env: r.env, stdin: pfx}, r.args...)
		check("certlint "+strings.Join(r.args, " ")+" stdout", res.stdout)
		check("certlint "+strings.Join(r.args, " ")+" stderr", res.stderr)
		if res.code != 2 && strings.Contains(strings.Join(r.args, " "), wrong) {
			t.Errorf("certlint %s: exit %d with a wrong password", strings.Join(r.args, " "), res.code)
		}
	}

	// The library: errors for every fixture with each password, and for
	// each fixture cut short every 61 bytes; and the unusable key's error.
	files, _ := filepath.Glob(filepath.Join(td, "*.p*"))
	nErr := 0
	for _, f := range files {
		data := readFixture(t, filepath.Base(f))
		for _, pw := range []string{fixturePassword, wrongPassword, ""} {
			opts := &certlint.LoadOptions{Password: func() (string, error) { return pw, nil }}
			for cut := len(data); cut > 0; cut -= 61 {
				b, err := certlint.Load(f, data[:cut], opts)
				if err != nil {
					nErr++
					check("Load error", err.Error())
					continue
				}
				if b.KeyError != nil {
					nErr++
					check("Bundle.KeyError", b.KeyError.Error())
				}
				for _, c := range b.Certificates() {
					if c.StdErr != nil {
						check("Certificate.StdErr", c.StdErr.Error())
					}
				}
			}
		}
	}
	if nErr < 100 {
		t.Errorf("only %d library errors checked", nErr)
	}
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestHostileStdin: standard input is read through the same size limit as a
// file (it is read at most to the limit and one byte more, then refused).
func TestHostileStdin(t *testing.T) {
	good := p("good_agent.pem")
	for _, c := range []struct {
		name  string
		stdin []byte
		cause string
	}{
		{"6 MB", bytes.Repeat([]byte("A"), 6<<20), "too large"},
		{"random bytes", randomBytes(4, 1<<20), "not a certificate"},
		{"nothing", nil, "not a certificate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := exeGuarded(t, runSpec{stdin: c.stdin}, "lint", "--format", "json", "--at", at, "-", good)
			checkRefused(t, r, "-", c.cause, good)
		})
	}
}

// TestHostilePasswordFile: a --password-file that is a device, a huge file
// without a line ending, or a directory is a usage error naming the flag,
// not a hang or a password of 100 MB.
func TestHostilePasswordFile(t *testing.T) {
	dir := t.TempDir()
	huge := writeFile(t, filepath.Join(dir, "huge.txt"), nil)
	if err := os.Truncate(huge, 100<<20); err != nil {
		t.Fatal(err)
	}
	bad := []string{huge, dir}
	if runtime.GOOS != "windows" {
		bad = append(bad, "/dev/zero")
	}
	for _, pw := range bad {
		r := exeGuarded(t, runSpec{}, "lint", "--password-file", pw, "--at", at, p("good_agent.pfx"))
		// The flag is named, its value (which may be a password typed
		// into the wrong flag) never repeated.
		wantUsageError(t, r, "--password-file: ")
		if strings.Contains(r.stderr, pw) {
			t.Errorf("the --password-file value is repeated: %q", r.stderr)
		}
	}
}
