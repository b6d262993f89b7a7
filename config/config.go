// Package config reads certlint's configuration file, .certlint.toml, which
// a PKI repository checks in so that every commit and every CI run lints its
// certificates the same way: the trust material, the password source, the
// fail-on status, the lints, the expiry window, per-path rules (which files
// are a computer's own certificate, a peer's, or a CA; which host each is
// for), and the findings a reviewer accepted (suppressions, each with a
// reason, per certificate thumbprint and lint), plus a baseline file of
// findings accepted as they were on one day.
//
// The format is TOML (toml.io, v1.0.0), the format of zlint's own lint
// configuration: the parser, github.com/pelletier/go-toml, is already in
// every certlint build through zlint, so the file costs no new dependency.
// Unknown keys, wrong types and bad globs are errors naming the file and the
// line.
//
// It owns the configuration and the verdict of a run against it (Gate); it
// must not know how inputs are read or how reports are written.
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	toml "github.com/pelletier/go-toml"
)

// FileName is the name certlint looks for, from the working directory up.
const FileName = ".certlint.toml"

// BaselineName is the baseline file's name when the configuration names
// none: next to the configuration file (or in the working directory when
// there is none).
const BaselineName = ".certlint-baseline.toml"

// MaxSize bounds the configuration and baseline files certlint reads.
const MaxSize = 4 << 20

// File is a parsed configuration file. Paths in it are absolute, resolved
// against Dir.
type File struct {
	// Path is the file's absolute path, Dir its directory, Display the
	// path as messages show it (relative to the working directory when
	// inside it).
	Path, Dir, Display string

	Roots, Intermediates []Setting
	SystemRoots          *bool
	PasswordEnv          *Setting
	PasswordFile         *Setting
	FailOn               *Setting
	// ExpiryWarning: nil when unset; a negative duration turns the
	// warning off.
	ExpiryWarning *time.Duration
	Include       []string
	Exclude       []string
	// Paths are what `certlint lint` lints when given no PATH.
	Paths []string
	// Baseline is the baseline file's absolute path ("" = the default).
	Baseline string

	Rules        []*Rule
	Suppressions []*Entry
}

// Setting is a string value and the line that set it.
type Setting struct {
	Value string
	Line  int
}

// Rule is a [[rule]] table: the files its globs match get its role, host,
// expiry window and exclusions. The first rule that matches a file wins.
type Rule struct {
	Line  int
	Match []string
	globs []*glob
	// Role is "" when the rule does not set it.
	Role certlint.Role
	// Host is a template: "{stem}" stands for the file name without its
	// last extension (agent01.contoso.com.pfx gives agent01.contoso.com).
	Host          string
	Exclude       []string
	ExpiryWarning *time.Duration
}

// Entry is an accepted finding: a [[suppress]] table of the configuration
// or a [[finding]] table of the baseline. It matches the finding of lint
// Lint on the certificate whose SHA-1 thumbprint is Thumbprint, wherever the
// certificate is, until Expires (the end of that day, UTC); a re-issued
// certificate has another thumbprint and is checked again.
type Entry struct {
	// Source is "FILE:LINE", for messages.
	Source     string
	Line       int
	Thumbprint string
	Lint       string
	Reason     string
	// Expires is the first instant the entry no longer holds (zero = never).
	Expires time.Time
	// File and Subject say which certificate it was (for the reader and for
	// telling that an entry no longer matches); they are not matched.
	File    string
	Subject string
	// Status is the finding's status when the baseline was written.
	Status string
}

// Error is a problem in a configuration or baseline file, at a line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Options tunes parsing.
type Options struct {
	// KnownLint reports whether a lint of that name exists (nil: any name
	// that looks like one, e_ w_ or n_ then lowercase, digits, underscores).
	KnownLint func(string) bool
	// WorkDir is the directory Display is relative to ("" = os.Getwd).
	WorkDir string
}

// Find returns the path of the configuration file that applies in dir: the
// first FileName found in dir or one of its parents, or "" when there is
// none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		fi, err := os.Stat(p)
		switch {
		case err == nil && !fi.IsDir():
			return p, nil
		case err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, os.ErrPermission):
			return "", fmt.Errorf("%s: %v", p, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// readLimited reads a file of at most MaxSize bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("larger than %d MiB", MaxSize>>20)
	}
	return data, nil
}

// Load reads and parses the configuration file at path.
func Load(path string, opts Options) (*File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	display := displayPath(abs, opts.WorkDir)
	data, err := readLimited(abs)
	if err != nil {
		return nil, &Error{File: display, Msg: "cannot read the configuration file: " + errCause(err)}
	}
	return Parse(abs, data, opts)
}

// errCause words a file error without the path the message already names.
func errCause(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// displayPath is p relative to the working directory when inside it or a
// few levels up (../.certlint.toml from a subdirectory), else absolute.
func displayPath(p, wd string) string {
	if wd == "" {
		wd, _ = os.Getwd()
	}
	if wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && strings.Count(rel+string(filepath.Separator), ".."+string(filepath.Separator)) <= 3 {
			return rel
		}
	}
	return p
}

var tomlPos = regexp.MustCompile(`^\((\d+), (\d+)\): `)

// bareDate finds a key set to a local date (expires = 2026-09-30) that a
// line ending or a tab follows: go-toml v1.9.5's lexer refuses that
// ("incorrect date/time separation character") although TOML v1.0.0 allows
// it, and accepts the date followed by a space. parseTOML adds the space;
// line numbers do not change.
var bareDate = regexp.MustCompile(`(=[ \t]*\d{4}-\d{2}-\d{2})(\r?\n|\t)`)
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'`)

// parseTOML parses data into a tree; a syntax error names its line, without
// the text of the line (it could be a password typed into the wrong key).
func parseTOML(display string, data []byte) (tree *toml.Tree, err error) {
	defer func() {
		if r := recover(); r != nil {
			tree, err = nil, &Error{File: display, Msg: "not valid TOML"}
		}
	}()
	tree, err = toml.LoadBytes(bareDate.ReplaceAll(data, []byte("$1 $2")))
	if err != nil {
		msg := err.Error()
		line := 0
		if m := tomlPos.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		msg = quoted.ReplaceAllString(msg, "(value)")
		return nil, &Error{File: display, Line: line, Msg: "not valid TOML: " + msg}
	}
	return tree, nil
}

// table reads the keys of one TOML table, checking each against the known
// ones; the first error sticks.
type table struct {
	tree    *toml.Tree
	display string
	what    string // "the file", "[[rule]] table at line 12"
	err     error
}

func (t *table) fail(line int, format string, args ...any) {
	if t.err == nil {
		t.err = &Error{File: t.display, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
}

func (t *table) line(key string) int {
	if p := t.tree.GetPositionPath([]string{key}); !p.Invalid() {
		return p.Line
	}
	return t.tree.Position().Line
}

// check refuses keys not in known, in file order.
func (t *table) check(known ...string) {
	keys := t.tree.Keys()
	sort.Slice(keys, func(i, j int) bool { return t.line(keys[i]) < t.line(keys[j]) })
	for _, k := range keys {
		ok := false
		for _, n := range known {
			ok = ok || n == k
		}
		if ok {
			continue
		}
		name := strconv.Quote(k)
		if len(k) > 64 {
			name = "(a long key)"
		}
		if strings.Contains(strings.ToLower(k), "password") && k != "password_env" && k != "password_file" {
			t.fail(t.line(k), "unknown key %s in %s: certlint never reads a password from its configuration file; use password_env (the name of an environment variable) or password_file (a file outside the repository)", name, t.what)
			continue
		}
		t.fail(t.line(k), "unknown key %s in %s (known keys: %s)", name, t.what, strings.Join(known, ", "))
	}
}

func (t *table) has(key string) bool { return t.tree.GetPath([]string{key}) != nil }

func (t *table) str(key string) (Setting, bool) {
	v := t.tree.GetPath([]string{key})
	if v == nil {
		return Setting{}, false
	}
	s, ok := v.(string)
	if !ok {
		t.fail(t.line(key), "%s in %s must be a string", key, t.what)
		return Setting{}, false
	}
	return Setting{Value: s, Line: t.line(key)}, true
}

func (t *table) boolean(key string) (*bool, bool) {
	v := t.tree.GetPath([]string{key})
	if v == nil {
		return nil, false
	}
	b, ok := v.(bool)
	if !ok {
		t.fail(t.line(key), "%s in %s must be true or false", key, t.what)
		return nil, false
	}
	return &b, true
}

// strings reads a string or an array of strings.
func (t *table) strings(key string) []string {
	v := t.tree.GetPath([]string{key})
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				t.fail(t.line(key), "%s in %s must be a string or an array of strings", key, t.what)
				return nil
			}
			out = append(out, s)
		}
		return out
	case []string:
		return v
	}
	t.fail(t.line(key), "%s in %s must be a string or an array of strings", key, t.what)
	return nil
}

// tables reads an array of tables ([[name]] or name = [{...}]).
func (t *table) tables(key string) []*toml.Tree {
	switch v := t.tree.GetPath([]string{key}).(type) {
	case nil:
		return nil
	case []*toml.Tree:
		return v
	case []any:
		out := make([]*toml.Tree, 0, len(v))
		for _, e := range v {
			tr, ok := e.(*toml.Tree)
			if !ok {
				t.fail(t.line(key), "%s must be tables ([[%s]])", key, key)
				return nil
			}
			out = append(out, tr)
		}
		return out
	}
	t.fail(t.line(key), "%s must be an array of tables ([[%s]])", key, key)
	return nil
}

// date reads a TOML local date (2026-12-31) or a string holding one; the
// result is the first instant after that day, UTC.
func (t *table) date(key string) time.Time {
	v := t.tree.GetPath([]string{key})
	var d toml.LocalDate
	switch v := v.(type) {
	case nil:
		return time.Time{}
	case toml.LocalDate:
		d = v
	case string:
		pd, err := time.Parse("2006-01-02", v)
		if err != nil {
			t.fail(t.line(key), "%s in %s must be a date, YYYY-MM-DD", key, t.what)
			return time.Time{}
		}
		return pd.AddDate(0, 0, 1)
	case time.Time:
		return v
	default:
		t.fail(t.line(key), "%s in %s must be a date, YYYY-MM-DD", key, t.what)
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// ParseDuration reads an expiry window: a Go duration (720h) or a number of
// days (30d) or weeks (4w); "0" or "off" turns the warning off, which the
// result says with a negative duration.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "0", "off", "0d":
		return -1, nil
	case "":
		return 0, errors.New("empty duration")
	}
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseUint(n, 10, 16)
			if err != nil || v == 0 {
				return 0, errors.New("want a duration such as 30d, 6w or 720h")
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("want a duration such as 30d, 6w or 720h")
	}
	return d, nil
}

// lintNames checks lint names.
func (t *table) lintNames(key string, known func(string) bool) []string {
	names := t.strings(key)
	for _, n := range names {
		if !known(n) {
			if looksLikeLintName(n) {
				t.fail(t.line(key), "unknown lint %s in %s (certlint lints lists them)", n, key)
			} else {
				t.fail(t.line(key), "%s in %s is not a lint name (certlint lints lists them)", key, t.what)
			}
		}
	}
	return names
}

// looksLikeLintName: e_, w_ or n_ then lowercase letters, digits and
// underscores. Only such a name is repeated in a message.
func looksLikeLintName(s string) bool {
	if len(s) < 3 || len(s) > 80 || (s[0] != 'e' && s[0] != 'w' && s[0] != 'n') || s[1] != '_' {
		return false
	}
	for _, c := range s[2:] {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// Parse parses a configuration file's contents; path is its absolute path.
func Parse(path string, data []byte, opts Options) (*File, error) {
	display := displayPath(path, opts.WorkDir)
	known := opts.KnownLint
	if known == nil {
		known = looksLikeLintName
	}
	tree, err := parseTOML(display, data)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Dir: filepath.Dir(path), Display: display}
	t := &table{tree: tree, display: display, what: "the configuration"}
	t.check("roots", "intermediates", "system_roots", "password_env", "password_file", "fail_on", "expiry_warning",
		"include", "exclude", "paths", "baseline", "rule", "suppress")

	abs := func(key string, p string) string {
		if p == "" {
			t.fail(t.line(key), "%s in %s holds an empty path", key, t.what)
		}
		p = filepath.FromSlash(p)
		if !filepath.IsAbs(p) {
			p = filepath.Join(f.Dir, p)
		}
		return filepath.Clean(p)
	}
	for _, key := range []string{"roots", "intermediates"} {
		for _, p := range t.strings(key) {
			s := Setting{Value: abs(key, p), Line: t.line(key)}
			if key == "roots" {
				f.Roots = append(f.Roots, s)
			} else {
				f.Intermediates = append(f.Intermediates, s)
			}
		}
	}
	f.SystemRoots, _ = t.boolean("system_roots")
	if s, ok := t.str("password_env"); ok {
		if s.Value == "" || strings.ContainsAny(s.Value, "= \t\x00") {
			t.fail(s.Line, "password_env must name an environment variable")
		}
		f.PasswordEnv = &s
	}
	if s, ok := t.str("password_file"); ok {
		s.Value = abs("password_file", s.Value)
		f.PasswordFile = &s
	}
	if s, ok := t.str("fail_on"); ok {
		if _, err := report.ParseFailOn(s.Value); err != nil {
			t.fail(s.Line, "fail_on must be notice, warn or error")
		}
		f.FailOn = &s
	}
	if s, ok := t.str("expiry_warning"); ok {
		d, err := ParseDuration(s.Value)
		if err != nil {
			t.fail(s.Line, "expiry_warning: %v", err)
		}
		f.ExpiryWarning = &d
	}
	f.Include = t.lintNames("include", known)
	f.Exclude = t.lintNames("exclude", known)
	for _, p := range t.strings("paths") {
		f.Paths = append(f.Paths, abs("paths", p))
	}
	if s, ok := t.str("baseline"); ok {
		f.Baseline = abs("baseline", s.Value)
	}
	for _, rt := range t.tables("rule") {
		f.Rules = append(f.Rules, parseRule(rt, display, known, t))
	}
	for _, st := range t.tables("suppress") {
		e := parseEntry(st, display, "suppress", known, t)
		f.Suppressions = append(f.Suppressions, e)
	}
	if t.err != nil {
		return nil, t.err
	}
	return f, nil
}

func parseRule(rt *toml.Tree, display string, known func(string) bool, parent *table) *Rule {
	line := rt.Position().Line
	t := &table{tree: rt, display: display, what: fmt.Sprintf("the [[rule]] at line %d", line)}
	t.check("match", "role", "host", "exclude", "expiry_warning")
	r := &Rule{Line: line}
	r.Match = t.strings("match")
	if !t.has("match") {
		t.fail(line, "%s has no match (a glob such as \"certs/agents/*.pfx\")", t.what)
	}
	for _, m := range r.Match {
		g, err := compileGlob(m)
		if err != nil {
			t.fail(t.line("match"), "bad glob in match: %v", err)
			continue
		}
		r.globs = append(r.globs, g)
	}
	if s, ok := t.str("role"); ok {
		switch certlint.Role(s.Value) {
		case certlint.RoleLocal, certlint.RoleRemote, certlint.RoleCA:
			r.Role = certlint.Role(s.Value)
		default:
			t.fail(s.Line, "role must be local (this computer's own certificate, with its key), remote (a peer's certificate) or ca (a root or intermediate)")
		}
	}
	if s, ok := t.str("host"); ok {
		rest := strings.ReplaceAll(s.Value, "{stem}", "x")
		if strings.TrimSpace(s.Value) == "" || strings.ContainsAny(rest, "{} /\\") {
			t.fail(s.Line, "host must be a host name, where {stem} stands for the file name without its extension (e.g. \"{stem}\" or \"{stem}.contoso.com\")")
		}
		r.Host = s.Value
	}
	r.Exclude = t.lintNames("exclude", known)
	if s, ok := t.str("expiry_warning"); ok {
		d, err := ParseDuration(s.Value)
		if err != nil {
			t.fail(s.Line, "expiry_warning: %v", err)
		}
		r.ExpiryWarning = &d
	}
	if t.err != nil && parent.err == nil {
		parent.err = t.err
	}
	return r
}

var hexThumb = regexp.MustCompile(`^[0-9A-F]{40}$`)

// normThumbprint accepts a thumbprint as certmgr, PowerShell or openssl
// show it (upper or lower case, spaces or colons between bytes).
func normThumbprint(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", ":", "", "\u200e", "").Replace(strings.TrimSpace(s)))
}

func parseEntry(et *toml.Tree, display, kind string, known func(string) bool, parent *table) *Entry {
	line := et.Position().Line
	t := &table{tree: et, display: display, what: fmt.Sprintf("the [[%s]] at line %d", kind, line)}
	t.check("thumbprint", "lint", "reason", "expires", "file", "subject", "status")
	e := &Entry{Source: fmt.Sprintf("%s:%d", display, line), Line: line}
	if s, ok := t.str("thumbprint"); ok {
		e.Thumbprint = normThumbprint(s.Value)
		if !hexThumb.MatchString(e.Thumbprint) {
			t.fail(s.Line, "thumbprint must be the certificate's SHA-1 thumbprint, 40 hexadecimal digits (certlint lint and certmgr show it)")
		}
	} else {
		t.fail(line, "%s has no thumbprint: a suppression names one certificate by its SHA-1 thumbprint, so a re-issued certificate is checked again", t.what)
	}
	if s, ok := t.str("lint"); ok {
		e.Lint = s.Value
		if !known(s.Value) {
			if looksLikeLintName(s.Value) {
				t.fail(s.Line, "unknown lint %s (certlint lints lists them)", s.Value)
			} else {
				t.fail(s.Line, "lint must be a lint name (certlint lints lists them)")
			}
		}
	} else {
		t.fail(line, "%s has no lint: a suppression accepts one lint's finding on one certificate", t.what)
	}
	if s, ok := t.str("reason"); ok {
		e.Reason = strings.TrimSpace(s.Value)
	}
	if e.Reason == "" {
		t.fail(line, "%s has no reason: say why the finding is accepted (who decided, until when, the change or ticket), for the next reviewer", t.what)
	}
	e.Expires = t.date("expires")
	if s, ok := t.str("file"); ok {
		e.File = s.Value
	}
	if s, ok := t.str("subject"); ok {
		e.Subject = s.Value
	}
	if s, ok := t.str("status"); ok {
		e.Status = s.Value
	}
	if t.err != nil && parent.err == nil {
		parent.err = t.err
	}
	return e
}

// Match returns the first rule whose globs match the file at path (a path
// as given on the command line), or nil; rel is the path relative to the
// configuration file's directory, slash-separated ("" when outside it).
func (f *File) Match(path string) (rule *Rule, rel string) {
	rel = f.Rel(path)
	if rel == "" {
		return nil, ""
	}
	for _, r := range f.Rules {
		for _, g := range r.globs {
			if g.match(rel) {
				return r, rel
			}
		}
	}
	return nil, rel
}

// Rel is path relative to the configuration file's directory, with forward
// slashes, or "" when path is outside it.
func (f *File) Rel(path string) string {
	if path == certlint.StdinName {
		return ""
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(f.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Stem is a file name without its directory and its last extension:
// agent01.contoso.com.pfx gives agent01.contoso.com.
func Stem(path string) string {
	base := filepath.Base(filepath.FromSlash(path))
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// ExpandHost fills the rule's host template for the file at path.
func (r *Rule) ExpandHost(path string) string {
	return strings.ReplaceAll(r.Host, "{stem}", Stem(path))
}

// BaselinePath is the baseline file of this configuration: its baseline
// key, else BaselineName next to it.
func (f *File) BaselinePath() string {
	if f.Baseline != "" {
		return f.Baseline
	}
	return filepath.Join(f.Dir, BaselineName)
}
