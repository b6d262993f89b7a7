package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// JUnit XML, the test report format CI servers read (GitLab's
// artifacts:reports:junit, Jenkins' junit step; the schema is Jenkins'
// junit-4.xsd, which allows several failure elements in one test case): one
// test suite "certlint", one test case per input, one failure per finding at
// or above the fail-on status, an error for an input that could not be
// linted. Findings below the fail-on status and accepted findings are listed
// in the test case's system-out, so nothing is hidden.

// JUnitOptions configures a JUnitWriter.
type JUnitOptions struct {
	// FailOn is the lowest status that is a failure, as --fail-on (Reserved
	// means error).
	FailOn lint.LintStatus
}

// JUnitWriter writes one JUnit XML document. The counts of the testsuite
// element come first, so the test cases are held until Close.
type JUnit struct {
	w      io.Writer
	opts   JUnitOptions
	cases  []junitCase
	failed int
	errors int
	closed bool
}

// NewJUnitWriter returns a JUnitWriter on w.
func NewJUnit(w io.Writer, opts JUnitOptions) *JUnit {
	if opts.FailOn < lint.Notice {
		opts.FailOn = lint.Error
	}
	return &JUnit{w: w, opts: opts}
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	File      string         `xml:"file,attr"`
	Failures  []junitProblem `xml:"failure"`
	Error     *junitProblem  `xml:"error"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// findingTitle is a finding's one-line headline: the lint, its event, and
// what it found.
func findingTitle(res certlint.Result) string {
	head := res.Lint.Name
	if res.Lint.Event != 0 {
		head += fmt.Sprintf(" (OpsMgr event %d)", res.Lint.Event)
	}
	return head + ": " + CleanText(res.Message())
}

// WriteReport adds r's test case.
func (j *JUnit) WriteReport(r *certlint.Report) error {
	if j.closed {
		return fmt.Errorf("certlint: JUnit report already closed")
	}
	c := junitCase{Name: CleanText(r.File), Classname: "certlint", File: CleanText(r.File)}
	if r.Err != nil {
		cause := CleanText(ErrorCause(r.Err))
		c.Error = &junitProblem{Message: cause, Type: "unreadable", Text: CleanText(r.File) + ": " + cause}
		j.errors++
		j.cases = append(j.cases, c)
		return nil
	}
	var out []string
	if r.Basis != "" {
		out = append(out, "linted as "+CleanText(LintedAs(r)))
	}
	for _, res := range r.Findings(false) {
		if res.Status >= j.opts.FailOn {
			text := findingTitle(res)
			if res.Lint.Fix != "" {
				text += "\nfix: " + res.Lint.Fix
			}
			c.Failures = append(c.Failures, junitProblem{Message: findingTitle(res), Type: StatusName(res.Status), Text: text})
			continue
		}
		out = append(out, StatusName(res.Status)+": "+findingTitle(res))
	}
	for _, s := range r.Suppressed {
		out = append(out, fmt.Sprintf("accepted: %s: %s (%s)", findingTitle(s.Result), CleanText(s.Reason), CleanText(s.Source)))
	}
	if len(c.Failures) > 0 {
		j.failed++
	}
	c.SystemOut = strings.Join(out, "\n")
	j.cases = append(j.cases, c)
	return nil
}

// Close writes the document.
func (j *JUnit) Close() error {
	if j.closed {
		return nil
	}
	j.closed = true
	n := len(j.cases)
	doc := junitSuites{Name: "certlint", Tests: n, Failures: j.failed, Errors: j.errors,
		Suites: []junitSuite{{Name: "certlint", Tests: n, Failures: j.failed, Errors: j.errors, Cases: j.cases}}}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(j.w, xml.Header+string(b)+"\n")
	return err
}
