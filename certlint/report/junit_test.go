package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// TestJUnitWriter: one test case per input, one failure per finding at or
// above fail-on, the findings below it and the accepted ones in system-out,
// an error for an unreadable input, and counts that add up.
func TestJUnitWriter(t *testing.T) {
	for _, c := range []struct {
		failOn       lint.LintStatus
		wantFailures []string
		wantOut      []string
	}{
		{lint.Error, []string{"error"}, []string{"warn: w_test_weak", "notice: n_test_note", "accepted: e_test_eku (OpsMgr event 20050): EKU lists serverAuth only: known (.certlint.toml:7)"}},
		{lint.Notice, []string{"error", "warn", "notice"}, []string{"accepted: "}},
	} {
		var buf bytes.Buffer
		w := NewJUnit(&buf, JUnitOptions{FailOn: c.failOn})
		good := testReport(t, "certs/a.pfx")
		good.Suppressed = []certlint.Suppressed{{Result: good.Results[0], Reason: "known", Source: ".certlint.toml:7"}}
		clean := &certlint.Report{File: "certs/clean.cer", Bundle: good.Bundle, Results: []certlint.Result{{Lint: testLintPass, Status: lint.Pass}}}
		bad := &certlint.Report{File: "certs/bad\x1b.pfx", Err: &certlint.LoadError{File: "certs/bad.pfx", Err: certlint.ErrMalformed, Detail: "truncated"}}
		for _, r := range []*certlint.Report{good, clean, bad} {
			if err := w.WriteReport(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Suites   []struct {
				Name     string `xml:"name,attr"`
				Tests    int    `xml:"tests,attr"`
				Failures int    `xml:"failures,attr"`
				Cases    []struct {
					Name     string `xml:"name,attr"`
					File     string `xml:"file,attr"`
					Failures []struct {
						Message string `xml:"message,attr"`
						Type    string `xml:"type,attr"`
						Text    string `xml:",chardata"`
					} `xml:"failure"`
					Error *struct {
						Message string `xml:"message,attr"`
					} `xml:"error"`
					SystemOut string `xml:"system-out"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("not XML: %v\n%s", err, buf.String())
		}
		if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
			t.Errorf("no XML declaration:\n%s", buf.String())
		}
		if doc.Tests != 3 || doc.Failures != 1 || doc.Errors != 1 || len(doc.Suites) != 1 || doc.Suites[0].Tests != 3 || len(doc.Suites[0].Cases) != 3 {
			t.Fatalf("counts tests=%d failures=%d errors=%d suites=%d:\n%s", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites), buf.String())
		}
		a, cl, b := doc.Suites[0].Cases[0], doc.Suites[0].Cases[1], doc.Suites[0].Cases[2]
		var types []string
		for _, f := range a.Failures {
			types = append(types, f.Type)
		}
		if a.Name != "certs/a.pfx" || a.File != "certs/a.pfx" || strings.Join(types, " ") != strings.Join(c.wantFailures, " ") {
			t.Errorf("fail-on %v: case %q failures %v, want %v", c.failOn, a.Name, types, c.wantFailures)
		}
		if !strings.Contains(a.Failures[0].Message, "e_test_eku (OpsMgr event 20050)") || !strings.Contains(a.Failures[0].Text, "fix: Request a certificate with both EKUs.") {
			t.Errorf("first failure %+v", a.Failures[0])
		}
		for _, want := range c.wantOut {
			if !strings.Contains(a.SystemOut, want) {
				t.Errorf("fail-on %v: system-out lacks %q:\n%s", c.failOn, want, a.SystemOut)
			}
		}
		if len(cl.Failures) != 0 || cl.Error != nil {
			t.Errorf("clean case %+v", cl)
		}
		if b.Error == nil || b.Error.Message != "malformed or truncated: truncated" || b.Name != `certs/bad\x1b.pfx` {
			t.Errorf("unreadable case %+v", b)
		}
	}
}
