package certlint

import (
	"cmp"
	"slices"
	"strings"

	"github.com/zmap/zlint/v3/lint"
)

// Severity is the status a lint raises when it finds its defect, from
// its name's prefix as zlint names lints: e_ error, w_ warn, n_ notice.
func (l *Lint) Severity() lint.LintStatus {
	switch {
	case strings.HasPrefix(l.Name, "e_"):
		return lint.Error
	case strings.HasPrefix(l.Name, "w_"):
		return lint.Warn
	case strings.HasPrefix(l.Name, "n_"):
		return lint.Notice
	}
	return lint.Error
}

// Findings returns the results to show: those at notice and above, or every
// result when verbose is set; worst first, then by lint name, so the order
// is the same on every run.
func (r *Report) Findings(verbose bool) []Result {
	n := 0
	for _, res := range r.Results {
		if verbose || res.Status >= lint.Notice {
			n++
		}
	}
	out := make([]Result, 0, n) // most reports have no finding: no copy of every result
	for _, res := range r.Results {
		if verbose || res.Status >= lint.Notice {
			out = append(out, res)
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int {
		if a.Status != b.Status {
			return cmp.Compare(b.Status, a.Status)
		}
		return strings.Compare(a.Lint.Name, b.Lint.Name)
	})
	return out
}

// Message is what a result says: the lint's details, or its description when
// the lint gave none.
func (res *Result) Message() string {
	if res.Details != "" {
		return res.Details
	}
	return res.Lint.Description
}
