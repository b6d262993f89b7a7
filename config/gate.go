package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

// TrustPath is a file or directory of trust material (roots or
// intermediates), and where it was given ("--roots", ".certlint.toml:3").
type TrustPath struct {
	Path   string // absolute
	Source string
}

// Gate applies a configuration to one lint run: it decides each input's
// role, host and expiry window (Configure, for certlint.Linter) and takes
// the accepted findings out of each report (Filter), then says which
// suppressions and baseline entries expired or no longer match (Notes).
//
// The role of an input is, first that applies:
//  1. the role of the first rule matching its path, unless --role was given;
//  2. ca for trust material (a file given as roots or intermediates, or a
//     file under such a directory): it is in the trust store, so it is a CA;
//  3. --role when given;
//  4. ca for a CA certificate (basicConstraints cA=TRUE) in an input
//     without a private key: a certificate file of a CA is trust material; a
//     CA certificate with its key is linted as a computer's, which reports
//     it;
//  5. local.
//
// The host is --host when given, else the matching rule's host.
type Gate struct {
	// File is the configuration (nil: none).
	File *File
	// Baseline is the baseline (nil: none).
	Baseline *Baseline
	// Trust is the trust material.
	Trust []TrustPath
	// Role and Host are --role and --host when given on the command line.
	Role certlint.Role
	Host string
	// ExpiryWarningSet: --expiry-warning was given, and wins over a rule's.
	ExpiryWarningSet bool
	// At is when suppressions expire (the run's evaluation time).
	At time.Time
	// Dir is the directory the file names of entries are relative to (the
	// configuration file's, or the working directory without one).
	Dir string
	// Inputs are the paths the run lints (absolute): an entry whose file is
	// under one of them but was not linted is about a file that is gone.
	Inputs []string

	// wd is the working directory, read once (os.Getwd stats two paths
	// each time, and abs runs once per input).
	wdOnce sync.Once
	wd     string
	wdErr  error

	mu        sync.Mutex
	used      map[*Entry]bool
	expired   map[*Entry]bool
	seenFiles map[string]bool
	seenCerts map[string]bool
}

// abs is filepath.Abs with the working directory read once per Gate.
func (g *Gate) abs(path string) (string, error) {
	if filepath.IsAbs(path) {
		return filepath.Clean(path), nil
	}
	g.wdOnce.Do(func() { g.wd, g.wdErr = os.Getwd() })
	if g.wdErr != nil {
		return "", g.wdErr
	}
	return filepath.Join(g.wd, path), nil
}

// trustSource returns where path was given as trust material, or "".
func (g *Gate) trustSource(path string) string {
	if path == certlint.StdinName {
		return ""
	}
	abs, err := g.abs(path)
	if err != nil {
		return ""
	}
	for _, t := range g.Trust {
		if abs == t.Path {
			return t.Source
		}
		if rel, err := filepath.Rel(t.Path, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != "." {
			return t.Source
		}
	}
	return ""
}

// isCA: the certificate's basicConstraints say cA=TRUE.
func isCA(c *cert.Certificate) bool {
	switch {
	case c == nil:
		return false
	case c.Std != nil:
		return c.Std.BasicConstraintsValid && c.Std.IsCA
	case c.Parsed != nil:
		return c.Parsed.BasicConstraintsValid && c.Parsed.IsCA
	}
	return false
}

// Configure sets cfg's role, host and expiry window for the loaded input b,
// and says why. It is safe for concurrent use.
func (g *Gate) Configure(b *certlint.Bundle, cfg *certlint.Config) string {
	var rule *Rule
	if g.File != nil {
		rule, _ = g.File.Match(b.Name)
	}
	var why []string
	ruleAt := ""
	if rule != nil {
		ruleAt = fmt.Sprintf("rule at %s:%d", g.File.Display, rule.Line)
	}
	hasKey := b.Key != nil || b.KeyCount > 0 || b.KeyError != nil
	switch src := g.trustSource(b.Name); {
	case rule != nil && rule.Role != "" && g.Role == "":
		cfg.Role = rule.Role
		why = append(why, ruleAt)
	case src != "":
		cfg.Role = certlint.RoleCA
		why = append(why, "trust material given with "+src)
	case g.Role != "":
		cfg.Role = g.Role
	case isCA(b.Leaf) && !hasKey:
		cfg.Role = certlint.RoleCA
		why = append(why, "a CA certificate without a private key; a rule with role = \"local\" or \"remote\" lints it as a computer's")
	default:
		cfg.Role = certlint.RoleLocal
	}
	switch {
	case g.Host != "":
		cfg.Host = g.Host
	case rule != nil && rule.Host != "" && cfg.Role != certlint.RoleCA:
		cfg.Host = rule.ExpandHost(b.Name)
		if len(why) == 0 || why[0] != ruleAt {
			why = append(why, "host from the "+ruleAt)
		}
	}
	if rule != nil && rule.ExpiryWarning != nil && !g.ExpiryWarningSet {
		cfg.ExpiryWarning = *rule.ExpiryWarning
	}
	return strings.Join(why, "; ")
}

// thumbprint is the Windows thumbprint of a certificate (SHA-1 of its DER,
// uppercase hex).
func thumbprint(c *cert.Certificate) string {
	if c == nil {
		return ""
	}
	return c.Thumbprint()
}

// lookup finds the entry of entries for (thumb, lintName).
func lookup(entries []*Entry, thumb, lintName string) *Entry {
	for _, e := range entries {
		if e.Thumbprint == thumb && e.Lint == lintName {
			return e
		}
	}
	return nil
}

// Filter drops the results of lints the matching rule excludes and moves
// the findings a suppression or a baseline entry accepts to r.Suppressed.
// An expired entry accepts nothing: its finding stays and Notes says so.
// Call it once per report, in any order.
func (g *Gate) Filter(r *certlint.Report) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.used == nil {
		g.used, g.expired, g.seenFiles, g.seenCerts = map[*Entry]bool{}, map[*Entry]bool{}, map[string]bool{}, map[string]bool{}
	}
	var rule *Rule
	if g.File != nil {
		rule, _ = g.File.Match(r.File)
	}
	var suppress, baseline []*Entry
	if g.File != nil {
		suppress = g.File.Suppressions
	}
	if g.Baseline != nil {
		baseline = g.Baseline.Entries
	}
	// What was seen is only read to name the entries that no longer match:
	// with no entry, nothing is recorded (a run over 100,000 files would
	// otherwise keep two maps of 100,000 keys).
	track := len(suppress)+len(baseline) > 0
	if track {
		g.seenFiles[g.rel(r.File)] = true
	}
	if r.Err != nil || r.Bundle == nil || r.Bundle.Leaf == nil {
		return
	}
	if !track && rule == nil {
		return
	}
	var thumb string
	if track {
		thumb = thumbprint(r.Bundle.Leaf)
		g.seenCerts[thumb] = true
	}
	kept := r.Results[:0]
	for _, res := range r.Results {
		if rule != nil && contains(rule.Exclude, res.Lint.Name) {
			continue
		}
		if res.Status < lint.Notice {
			kept = append(kept, res)
			continue
		}
		e := lookup(suppress, thumb, res.Lint.Name)
		if e == nil {
			e = lookup(baseline, thumb, res.Lint.Name)
		}
		if e == nil {
			kept = append(kept, res)
			continue
		}
		g.used[e] = true
		if !e.Expires.IsZero() && !g.At.Before(e.Expires) {
			g.expired[e] = true
			kept = append(kept, res)
			continue
		}
		r.Suppressed = append(r.Suppressed, certlint.Suppressed{Result: res, Reason: e.Reason, Source: e.Source})
	}
	r.Results = kept
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Notes says, once the run is over, which suppressions and baseline entries
// expired while their finding is still there, and which no longer match a
// finding although their certificate or file was linted in this run (the
// certificate was fixed or replaced: the entry can go). Entries about
// certificates this run did not see are not judged.
func (g *Gate) Notes() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var all []*Entry
	if g.File != nil {
		all = append(all, g.File.Suppressions...)
	}
	if g.Baseline != nil {
		all = append(all, g.Baseline.Entries...)
	}
	var out []string
	for _, e := range all {
		what := fmt.Sprintf("%s on %s", e.Lint, e.Thumbprint)
		if e.File != "" {
			what += " (" + e.File + ")"
		}
		switch {
		case g.expired[e]:
			out = append(out, fmt.Sprintf("%s: the acceptance of %s expired on %s: its finding is reported again; fix the certificate, or renew the entry with a new reason and date",
				e.Source, what, e.Expires.AddDate(0, 0, -1).Format("2006-01-02")))
		case !g.used[e] && (g.seenCerts[e.Thumbprint] || (e.File != "" && g.seenFiles[e.File])):
			out = append(out, fmt.Sprintf("%s: no finding matches this entry any more (%s): the certificate was fixed or replaced; remove the entry", e.Source, what))
		case !g.used[e] && e.File != "" && g.gone(e.File):
			out = append(out, fmt.Sprintf("%s: no finding matches this entry any more (%s): the file is gone; remove the entry", e.Source, what))
		}
	}
	sort.Strings(out)
	return out
}

// BaselineEntries turns the findings of reports into baseline entries,
// keeping the reason and expiry of an entry of old (a previous baseline,
// may be nil) that accepts the same finding. file paths are made relative
// to dir, with forward slashes.
func BaselineEntries(reports []*certlint.Report, old *Baseline, dir string, at time.Time) []*Entry {
	var out []*Entry
	seen := map[string]bool{}
	for _, r := range reports {
		if r.Err != nil || r.Bundle == nil || r.Bundle.Leaf == nil {
			continue
		}
		thumb := thumbprint(r.Bundle.Leaf)
		file := filepath.ToSlash(r.File)
		if abs, err := filepath.Abs(r.File); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.ToSlash(rel)
			}
		}
		subject := ""
		if info := cert.Describe(r.Bundle.Leaf); info != nil {
			subject = info.Subject
		}
		for _, res := range r.Results {
			if res.Status < lint.Notice || seen[thumb+" "+res.Lint.Name] {
				continue
			}
			seen[thumb+" "+res.Lint.Name] = true
			e := &Entry{File: file, Subject: subject, Thumbprint: thumb, Lint: res.Lint.Name, Status: report.StatusName(res.Status),
				Reason: "accepted as it was on " + at.UTC().Format("2006-01-02") + " (certlint baseline)"}
			if old != nil {
				if o := lookup(old.Entries, thumb, res.Lint.Name); o != nil {
					e.Reason, e.Expires = o.Reason, o.Expires
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// rel is path relative to Dir, slash-separated (as given when outside it).
func (g *Gate) rel(path string) string {
	if abs, err := g.abs(path); err == nil && g.Dir != "" {
		if rel, err := filepath.Rel(g.Dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// gone reports whether the entry file rel (relative to Dir) lies under a
// directory the run lints, was not linted, and does not exist.
func (g *Gate) gone(rel string) bool {
	if g.Dir == "" || g.seenFiles[rel] {
		return false
	}
	abs := filepath.Join(g.Dir, filepath.FromSlash(rel))
	for _, in := range g.Inputs {
		if r, err := filepath.Rel(in, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			_, err := os.Lstat(abs)
			return os.IsNotExist(err)
		}
	}
	return false
}
