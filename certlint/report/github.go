package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// GitHubWriter writes GitHub Actions workflow commands that annotate the
// files of a pull request or a run ("Workflow commands for GitHub Actions",
// docs.github.com/actions/reference/workflow-commands-for-github-actions):
// one ::error, ::warning or ::notice line per finding, naming the file and
// the lint, and one ::error line per input that could not be linted. Every
// finding is written whatever the fail-on status; the exit status says
// whether the run fails.
type GitHub struct {
	w   *bufio.Writer
	err error
}

// NewGitHubWriter returns a GitHubWriter on w.
func NewGitHub(w io.Writer) *GitHub { return &GitHub{w: bufio.NewWriter(w)} }

// githubLevel maps a status to a workflow command.
func githubLevel(s lint.LintStatus) string {
	switch {
	case s >= lint.Error:
		return "error"
	case s == lint.Warn:
		return "warning"
	}
	return "notice"
}

// githubData escapes a command's message as the Actions runner reads it
// back (%, CR, LF); githubProperty also escapes the property separators.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// githubPath is the file property: the path as given, with forward slashes
// and without a leading "./", which is how the runner matches a file of the
// repository.
func githubPath(p string) string {
	return strings.TrimPrefix(filepath.ToSlash(p), "./")
}

func (g *GitHub) command(level, file, title, msg string) {
	if g.err != nil {
		return
	}
	_, g.err = fmt.Fprintf(g.w, "::%s file=%s,title=%s::%s\n", level, githubProperty(CleanText(githubPath(file))), githubProperty(title), githubData(msg))
}

// WriteReport writes r's annotations.
func (g *GitHub) WriteReport(r *certlint.Report) error {
	if r.Err != nil {
		g.command("error", r.File, "certlint: cannot lint this file", CleanText(ErrorCause(r.Err)))
	} else {
		for _, res := range r.Findings(false) {
			title := "certlint " + res.Lint.Name
			if res.Lint.Event != 0 {
				title += fmt.Sprintf(" (OpsMgr event %d)", res.Lint.Event)
			}
			msg := CleanText(res.Message())
			if r.Basis != "" {
				msg += "\nlinted as " + CleanText(LintedAs(r))
			}
			if res.Lint.Fix != "" {
				msg += "\nfix: " + res.Lint.Fix
			}
			g.command(githubLevel(res.Status), r.File, title, msg)
		}
	}
	if g.err == nil {
		g.err = g.w.Flush()
	}
	return g.err
}

// Close flushes; the commands need no trailer.
func (g *GitHub) Close() error {
	if g.err == nil {
		g.err = g.w.Flush()
	}
	return g.err
}
