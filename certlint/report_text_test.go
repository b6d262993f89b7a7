package certlint

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestTextWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewTextWriter(&buf, TextOptions{})
	if err := w.WriteReport(testReport(t, "certs/a.pfx")); err != nil {
		t.Fatal(err)
	}
	// Unreadable inputs are left to stderr unless InlineErrors is set.
	if err := w.WriteReport(&Report{File: "certs/bad.pfx", Err: &LoadError{File: "certs/bad.pfx", Err: ErrWrongPassword}}); err != nil {
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
	if e, ok := LookupEvent(20050); ok && !strings.Contains(out, e.Title) {
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
	w := NewTextWriter(&buf, TextOptions{Verbose: true, Color: true, InlineErrors: true})
	if err := w.WriteReport(testReport(t, "a.pfx")); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteReport(&Report{File: "bad.pfx", Err: &LoadError{File: "bad.pfx", Err: ErrWrongPassword}}); err != nil {
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
	w := NewTextWriter(&buf, TextOptions{})
	leaf := testReport(t, "x").Bundle.Leaf
	_ = w.WriteReport(&Report{File: "good.pfx", Bundle: &Bundle{Format: FormatPKCS12, Leaf: leaf}, Results: []Result{{Lint: testLintPass, Status: lint.Pass}}})
	_ = w.WriteReport(&Report{File: "key.pem", Bundle: &Bundle{Format: FormatPEM}})
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
	w := NewTextWriter(&buf, TextOptions{})
	r := testReport(t, "evil\n2 files: 0 errors\x1b[2J.pfx")
	if err := w.WriteReport(r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\n2 files: 0 errors") {
		t.Errorf("hostile name printed raw:\n%q", out)
	}
}

func TestSummaryExitStatus(t *testing.T) {
	mk := func(st lint.LintStatus) *Report {
		return &Report{Results: []Result{{Lint: testLintEKU, Status: st}}}
	}
	cases := []struct {
		reports []*Report
		failOn  lint.LintStatus
		want    int
	}{
		{[]*Report{mk(lint.Pass)}, lint.Error, ExitOK},
		{[]*Report{mk(lint.Warn)}, lint.Error, ExitOK},
		{[]*Report{mk(lint.Warn)}, lint.Warn, ExitFindings},
		{[]*Report{mk(lint.Notice)}, lint.Warn, ExitOK},
		{[]*Report{mk(lint.Notice)}, lint.Notice, ExitFindings},
		{[]*Report{mk(lint.Error)}, lint.Error, ExitFindings},
		{[]*Report{mk(lint.Fatal)}, lint.Error, ExitFindings},
		{[]*Report{mk(lint.NA), mk(lint.Pass)}, lint.Notice, ExitOK},
		// Unreadable wins over findings.
		{[]*Report{mk(lint.Error), {Err: ErrMalformed}}, lint.Error, ExitError},
		{[]*Report{{Err: ErrMalformed}, mk(lint.Pass)}, lint.Error, ExitError},
	}
	for i, c := range cases {
		var s Summary
		for _, r := range c.reports {
			s.Add(r)
		}
		if got := s.ExitStatus(c.failOn); got != c.want {
			t.Errorf("case %d: ExitStatus = %d, want %d (summary %+v)", i, got, c.want, s)
		}
	}
}
