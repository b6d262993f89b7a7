package main

import (
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

// Exit statuses of a lint run (the CLI contract).
const (
	// ExitOK: every input was linted and no finding reached the threshold.
	ExitOK = 0
	// ExitFindings: at least one finding at or above the threshold.
	ExitFindings = 1
	// ExitError: some input could not be linted, or the command line was
	// wrong. It wins over ExitFindings.
	ExitError = 2
)

// exitStatus is the process exit status for the run so far: ExitError when
// any input could not be linted, else ExitFindings when any result is at or
// above failOn (fatal counts as error), else ExitOK.
func exitStatus(s report.Summary, failOn lint.LintStatus) int {
	switch {
	case s.Unreadable > 0:
		return ExitError
	case s.Worst >= failOn && s.Worst >= lint.Notice:
		return ExitFindings
	}
	return ExitOK
}
