package main

import (
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

func TestSummaryExitStatus(t *testing.T) {
	mk := func(st lint.LintStatus) *certlint.Report {
		return &certlint.Report{Results: []certlint.Result{{Lint: exitTestLint, Status: st}}}
	}
	cases := []struct {
		reports []*certlint.Report
		failOn  lint.LintStatus
		want    int
	}{
		{[]*certlint.Report{mk(lint.Pass)}, lint.Error, ExitOK},
		{[]*certlint.Report{mk(lint.Warn)}, lint.Error, ExitOK},
		{[]*certlint.Report{mk(lint.Warn)}, lint.Warn, ExitFindings},
		{[]*certlint.Report{mk(lint.Notice)}, lint.Warn, ExitOK},
		{[]*certlint.Report{mk(lint.Notice)}, lint.Notice, ExitFindings},
		{[]*certlint.Report{mk(lint.Error)}, lint.Error, ExitFindings},
		{[]*certlint.Report{mk(lint.Fatal)}, lint.Error, ExitFindings},
		{[]*certlint.Report{mk(lint.NA), mk(lint.Pass)}, lint.Notice, ExitOK},
		// Unreadable wins over findings.
		{[]*certlint.Report{mk(lint.Error), {Err: certlint.ErrMalformed}}, lint.Error, ExitError},
		{[]*certlint.Report{{Err: certlint.ErrMalformed}, mk(lint.Pass)}, lint.Error, ExitError},
	}
	for i, c := range cases {
		var s report.Summary
		for _, r := range c.reports {
			s.Add(r)
		}
		if got := exitStatus(s, c.failOn); got != c.want {
			t.Errorf("case %d: ExitStatus = %d, want %d (summary %+v)", i, got, c.want, s)
		}
	}
}

// exitTestLint is the lint of the results the exit-status test counts.
var exitTestLint = &certlint.Lint{LintMetadata: lint.LintMetadata{Name: "e_test_eku"}}
