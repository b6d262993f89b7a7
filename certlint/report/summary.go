package report

import (
	"fmt"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// Summary counts the reports of a run: what a text report's last line says
// and what the exit status is computed from.
type Summary struct {
	// Files is the number of inputs reported, Unreadable those with Err set.
	Files, Unreadable int
	// Findings by status (results of the selected lints, every input).
	Fatal, Errors, Warnings, Notices int
	// Worst is the most severe status of any result (Reserved when none).
	Worst lint.LintStatus
}

// Add counts one report. The reports of one input's end-entity
// certificates (Bundle.Split) count as one file.
func (s *Summary) Add(r *certlint.Report) {
	if r.Bundle == nil || r.Bundle.Part <= 1 {
		s.Files++
	}
	if r.Err != nil {
		s.Unreadable++
		return
	}
	for _, res := range r.Results {
		switch res.Status {
		case lint.Fatal:
			s.Fatal++
		case lint.Error:
			s.Errors++
		case lint.Warn:
			s.Warnings++
		case lint.Notice:
			s.Notices++
		}
		if res.Status > s.Worst {
			s.Worst = res.Status
		}
	}
}

// ParseFailOn maps a --fail-on value (notice, warn, error) to the lowest
// status that fails a run.
func ParseFailOn(s string) (lint.LintStatus, error) {
	switch s {
	case "notice":
		return lint.Notice, nil
	case "warn":
		return lint.Warn, nil
	case "error":
		return lint.Error, nil
	}
	return lint.Reserved, fmt.Errorf("unknown status %q (want notice, warn or error)", s)
}
