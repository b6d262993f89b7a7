package report

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// testLintMapped is a lint with the full event metadata: related events, a
// field-reported mapping with its source, and a fix for each role.
var testLintMapped = &certlint.Lint{
	LintMetadata: lint.LintMetadata{Name: "e_test_name", Description: "the certificate must carry the computer's name"},
	OpsMgr: certlint.OpsMgr{
		Event:           20052,
		RelatedEvents:   []int{21021, 21007, 21016},
		EventSource:     events.URLWorkgroup,
		EventConfidence: events.ConfidenceField,
		Fix:             "On this computer: request a certificate for its FQDN.",
		FixRemote:       "On the management server: request a certificate for its FQDN.",
	},
}

func mappedReport(t *testing.T, role certlint.Role) *certlint.Report {
	leaf := testCertificate(t, big.NewInt(0x0102), pkix.Name{CommonName: "web01.contoso.test"})
	return &certlint.Report{
		File:    "certs/a.pfx",
		Bundle:  &certlint.Bundle{Name: "certs/a.pfx", Format: certlint.FormatPKCS12, Leaf: leaf},
		Role:    role,
		Results: []certlint.Result{{Lint: testLintMapped, Status: lint.Error, Details: "the name is web01.contoso.test"}},
	}
}

// The fix shown is the one worded for the role the input was linted in, in
// text and JSON; the text names the related events and, for a mapping
// Microsoft does not document, its confidence.
func TestReportFixForRoleAndRelatedEvents(t *testing.T) {
	for _, tc := range []struct {
		role       certlint.Role
		fix, other string
	}{
		{certlint.RoleLocal, testLintMapped.Fix, testLintMapped.FixRemote},
		{"", testLintMapped.Fix, testLintMapped.FixRemote},
		{certlint.RoleRemote, testLintMapped.FixRemote, testLintMapped.Fix},
	} {
		var buf bytes.Buffer
		w := NewText(&buf, TextOptions{})
		if err := w.WriteReport(mappedReport(t, tc.role)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{
			"fix: " + tc.fix + "\n",
			"          related events: 21021, 21007, 21016; event mapping: " + events.ConfidenceField.Describe() + "\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("role %q: text lacks %q:\n%s", tc.role, want, out)
			}
		}
		if strings.Contains(out, tc.other) {
			t.Errorf("role %q: text shows the other role's fix:\n%s", tc.role, out)
		}
		j := NewJSONLine(mappedReport(t, tc.role), false)
		if len(j.Findings) != 1 || j.Findings[0].Fix != tc.fix {
			t.Errorf("role %q: JSON findings %+v, want fix %q", tc.role, j.Findings, tc.fix)
		}
	}
	// A documented mapping shows no confidence note; no related events, no line.
	doc := *testLintMapped
	doc.EventConfidence = events.ConfidenceDocumented
	if got := relatedLine(&doc); got != "related events: 21021, 21007, 21016" {
		t.Errorf("relatedLine(documented) = %q", got)
	}
	if got := relatedLine(&certlint.Lint{}); got != "" {
		t.Errorf("relatedLine(no events) = %q", got)
	}
}

// lints --format json, lints text and SARIF rules carry the mapping's source
// and confidence.
func TestLintListsShowMapping(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLintsJSON(&buf, []*certlint.Lint{testLintMapped}); err != nil {
		t.Fatal(err)
	}
	var j JSONLint
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		t.Fatal(err)
	}
	if j.EventSource != events.URLWorkgroup || j.EventConfidence != "field" || j.FixRemote != testLintMapped.FixRemote ||
		len(j.RelatedEvents) != 3 {
		t.Errorf("JSON lint %+v", j)
	}
	buf.Reset()
	if err := WriteLintsText(&buf, []*certlint.Lint{testLintMapped}); err != nil {
		t.Fatal(err)
	}
	if want := "  mapping  " + events.ConfidenceField.Describe() + ": " + events.URLWorkgroup + "\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("lints text lacks %q:\n%s", want, buf.String())
	}
	buf.Reset()
	s := NewSARIF(&buf, []*certlint.Lint{testLintMapped}, SARIFOptions{Version: "test"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"event_source":"`+events.URLWorkgroup+`"`) || !strings.Contains(buf.String(), `"event_confidence":"field"`) {
		t.Errorf("SARIF rule lacks the mapping:\n%s", buf.String())
	}
}

// explain's text shows the confidence and source, the order of the events in
// the log with this one marked, and how each lint detects the event.
func TestWriteEventTextSequence(t *testing.T) {
	e, ok := events.Lookup(20052)
	if !ok {
		t.Fatal("20052 missing")
	}
	var buf bytes.Buffer
	if err := WriteEventText(&buf, e, []*certlint.Lint{testLintMapped}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	i20052 := strings.Index(out, "  1. 20052  ")
	i21021 := strings.Index(out, "  2. 21021  ")
	i21007 := strings.Index(out, "  3. 21007  ")
	i21016 := strings.Index(out, "  4. 21016  ")
	if i20052 < 0 || !(i20052 < i21021 && i21021 < i21007 && i21007 < i21016) {
		t.Errorf("sequence missing or out of order:\n%s", out)
	}
	for _, want := range []string{
		"Confidence: " + events.ConfidenceField.Describe() + "\nSource: " + events.URLWorkgroup + "\n",
		"<- this event",
		"  - e_test_name  (first event; " + events.ConfidenceField.Describe() + ")\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain text lacks %q:\n%s", want, out)
		}
	}
	e, _ = events.Lookup(21007)
	buf.Reset()
	if err := WriteEventText(&buf, e, []*certlint.Lint{testLintMapped}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "  1. load event  ") || !strings.Contains(out, "  - e_test_name  (related event; ") {
		t.Errorf("explain 21007:\n%s", out)
	}
}
