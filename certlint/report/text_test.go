package report

import (
	"bytes"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

func TestTextWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{})
	if err := w.WriteReport(testReport(t, "certs/a.pfx")); err != nil {
		t.Fatal(err)
	}
	// Unreadable inputs are left to stderr unless InlineErrors is set.
	if err := w.WriteReport(&certlint.Report{File: "certs/bad.pfx", Err: &certlint.LoadError{File: "certs/bad.pfx", Err: certlint.ErrWrongPassword}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"certs/a.pfx (pkcs12)\n",
		"  subject          CN=agent01.contoso.test,O=certlint test\n",
		"  registry serial  02018000  (ChannelCertificateSerialNumber)\n",
		"  valid            2025-01-01T00:00:00Z .. 2035-01-01T00:00:00Z\n",
		// The event's title comes from the catalog.
		"  ERROR   e_test_eku  event 20050: ",
		"          EKU lists serverAuth only\n          fix: Request a certificate with both EKUs.\n",
		"  WARN    w_test_weak\n          Signature should not use SHA-1\n          fix: Reissue with SHA-256.\n",
		"  NOTICE  n_test_note\n",
		"\n2 files: 1 error, 1 warning, 1 notice, 1 unreadable\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if e, ok := events.Lookup(20050); ok && !strings.Contains(out, e.Title) {
		t.Errorf("output lacks the title of event 20050 %q", e.Title)
	}
	if strings.Contains(out, "bad.pfx") || strings.Contains(out, "\x1b[") {
		t.Errorf("output has the unreadable file or colour codes:\n%s", out)
	}
	// Worst first.
	if i, j, k := strings.Index(out, "e_test_eku"), strings.Index(out, "w_test_weak"), strings.Index(out, "n_test_note"); !(i < j && j < k) {
		t.Errorf("findings not worst first:\n%s", out)
	}
	if strings.Contains(out, "e_test_pass") || strings.Contains(out, "e_test_na") {
		t.Errorf("passing results shown without verbose:\n%s", out)
	}
}

func TestTextWriterOptions(t *testing.T) {
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{Verbose: true, Color: true, InlineErrors: true})
	if err := w.WriteReport(testReport(t, "a.pfx")); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteReport(&certlint.Report{File: "bad.pfx", Err: &certlint.LoadError{File: "bad.pfx", Err: certlint.ErrWrongPassword}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		ansiRed + "ERROR " + ansiReset,
		ansiGreen + "PASS  " + ansiReset + "  e_test_pass\n",
		"NA    " + ansiReset + "  e_test_na\n",
		"bad.pfx" + ansiReset + "\n  " + ansiRed + "UNREADABLE" + ansiReset + "  wrong password\n",
		ansiRed + "1 unreadable" + ansiReset,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%q", want, out)
		}
	}
}

func TestTextWriterNoFindingsAndNoCertificate(t *testing.T) {
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{})
	leaf := testReport(t, "x").Bundle.Leaf
	_ = w.WriteReport(&certlint.Report{File: "good.pfx", Bundle: &certlint.Bundle{Format: certlint.FormatPKCS12, Leaf: leaf}, Results: []certlint.Result{{Lint: testLintPass, Status: lint.Pass}}})
	_ = w.WriteReport(&certlint.Report{File: "key.pem", Bundle: &certlint.Bundle{Format: certlint.FormatPEM}})
	_ = w.Close()
	out := buf.String()
	for _, want := range []string{"good.pfx (pkcs12)\n", "  OK      no findings\n", "key.pem (pem)\n  no certificate found\n", "2 files: 0 errors, 0 warnings, 0 unreadable\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain CN=x, O=y":        "plain CN=x, O=y",
		"évian ünïcode":          "évian ünïcode",
		"two\nlines":             `two\nlines`,
		"esc\x1b[31mred":         `esc\x1b[31mred`,
		"bidi\u202eevil":         `bidi\u202eevil`,
		"bad\xffutf8":            `bad\xffutf8`,
		"tab\there\r":            `tab\there\r`,
		"c1 \u0085 next-line ok": `c1 \u0085 next-line ok`,
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextEscapesHostileNames(t *testing.T) {
	// A file name or subject with a newline or an escape sequence must not
	// forge output lines or drive the terminal.
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{})
	r := testReport(t, "evil\n2 files: 0 errors\x1b[2J.pfx")
	if err := w.WriteReport(r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\n2 files: 0 errors") {
		t.Errorf("hostile name printed raw:\n%q", out)
	}
}

// tThumb is a certificate's Windows thumbprint, computed here rather than
// with the code under test.
func tThumb(c *tcert) string {
	return strings.ToUpper(hex.EncodeToString(tsha1(c.c.Raw)))
}

// tRootsFile writes cs as a PEM file and loads it with LoadTrustStore, so
// that the chain knows which --roots file each root came from.
func tRootsFile(t *testing.T, cs ...*tcert) (*chain.Store, string) {
	t.Helper()
	var pemData []byte
	for _, c := range cs {
		pemData = append(pemData, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.c.Raw})...)
	}
	path := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(path, pemData, 0o600); err != nil {
		t.Fatal(err)
	}
	ts, err := certlint.LoadTrustStore([]string{path}, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ts, path
}

// chainBlock returns the lines of the text output from the "  chain" line up
// to the first finding line.
func chainBlock(out string) []string {
	var block []string
	in := false
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "  chain "):
			in = true
		case in && !strings.HasPrefix(l, "    "):
			return block
		}
		if in {
			block = append(block, l)
		}
	}
	return block
}

// With a trust store, the text lists the chain leaf first, one certificate a
// line (role, subject, thumbprint, NotAfter, where it was found), then the
// input's certificates the chain does not use.
func TestTextWriterChain(t *testing.T) {
	pki := newTPKI(t)
	evil := tmkCert(t, "evil\n2 files: 0 errors\x1b[2J", nil, true)
	ts, rootsFile := tRootsFile(t, pki.root)
	b := &certlint.Bundle{Name: "agent.pfx", Format: certlint.FormatPKCS12, Leaf: pki.leaf.c, Others: tcerts(pki.otherRoot, pki.inter, evil)}
	r := &certlint.Report{File: b.Name, Bundle: b, Chain: chain.Build(b.ChainInput(), ts, chainAt)}
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{})
	if err := w.WriteReport(r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	to := "valid to 2035-01-01T00:00:00Z"
	want := []string{
		"  chain            trusted, 3 certificates, leaf first",
		"    leaf           CN=agent01.contoso.test,O=certlint chain test            " + tThumb(pki.leaf) + "  " + to + "  this file",
		"    intermediate   CN=Test Issuing CA,O=certlint chain test                 " + tThumb(pki.inter) + "  " + to + "  this file",
		"    root           CN=Test Root,O=certlint chain test                       " + tThumb(pki.root) + "  " + to + "  roots " + rootsFile,
		"    unrelated      CN=Other Root,O=certlint chain test                      " + tThumb(pki.otherRoot) + "  " + to + "  this file",
		`    unrelated      CN=evil\n2 files: 0 errors\x1b[2J,O=certlint chain test  ` + tThumb(evil) + "  " + to + "  this file",
	}
	if got := chainBlock(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("chain block:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "not checked") {
		t.Errorf("raw escape or a 'not checked' line with a chain:\n%q", out)
	}

	// The issuer is nowhere: the chain stops at the leaf, and the missing
	// issuer is named with its key identifier.
	b = &certlint.Bundle{Name: "agent.pfx", Format: certlint.FormatPKCS12, Leaf: pki.leaf.c}
	r = &certlint.Report{File: b.Name, Bundle: b, Chain: chain.Build(b.ChainInput(), ts, chainAt)}
	buf.Reset()
	if err := NewText(&buf, TextOptions{}).WriteReport(r); err != nil {
		t.Fatal(err)
	}
	want = []string{
		"  chain            NOT trusted, 1 certificate, leaf first",
		"    leaf           CN=agent01.contoso.test,O=certlint chain test  " + tThumb(pki.leaf) + "  " + to + "  this file",
		"    missing        CN=Test Issuing CA,O=certlint chain test       not found (key identifier " + hex.EncodeToString(pki.inter.X.SubjectKeyId) + ")",
	}
	if got := chainBlock(buf.String()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("chain block:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Without a trust store the chain is not built: one line says so and how to
// check it, since the lint's NE result shows only with --verbose.
func TestTextWriterChainNotChecked(t *testing.T) {
	var buf bytes.Buffer
	w := NewText(&buf, TextOptions{})
	_ = w.WriteReport(testReport(t, "agent.pfx"))
	_ = w.WriteReport(&certlint.Report{File: "key.pem", Bundle: &certlint.Bundle{Format: certlint.FormatPEM}})
	out := buf.String()
	line := "  chain            not checked (event 20072 possible): add --roots FILE or --system-roots\n"
	if strings.Count(out, line) != 1 || !strings.Contains(out, "(ChannelCertificateSerialNumber)\n  valid            2025-01-01T00:00:00Z .. 2035-01-01T00:00:00Z\n"+line) {
		t.Errorf("want the 'not checked' line once, after the leaf's validity (none for the input without a certificate):\n%s", out)
	}
}
