package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Baseline is a baseline file: findings accepted as they were when
// `certlint baseline` wrote it. Later runs report only findings it does not
// list, and say which of its entries no longer match a finding.
type Baseline struct {
	Path, Display string
	Entries       []*Entry
}

// LoadBaseline reads a baseline file; a missing file is (nil, nil).
func LoadBaseline(path string, opts Options) (*Baseline, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	display := displayPath(abs, opts.WorkDir)
	data, err := readLimited(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{File: display, Msg: "cannot read the baseline: " + errCause(err)}
	}
	return ParseBaseline(abs, data, opts)
}

// ParseBaseline parses a baseline file's contents; path is its absolute path.
func ParseBaseline(path string, data []byte, opts Options) (*Baseline, error) {
	display := displayPath(path, opts.WorkDir)
	known := opts.KnownLint
	if known == nil {
		known = looksLikeLintName
	}
	tree, err := parseTOML(display, data)
	if err != nil {
		return nil, err
	}
	t := &table{tree: tree, display: display, what: "the baseline"}
	t.check("finding")
	b := &Baseline{Path: path, Display: display}
	for _, et := range t.tables("finding") {
		b.Entries = append(b.Entries, parseEntry(et, display, "finding", known, t))
	}
	if t.err != nil {
		return nil, t.err
	}
	return b, nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == utf8.RuneError, r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// WriteBaseline writes entries as a baseline file: a header saying what the
// file is, then one [[finding]] table per entry, sorted by file, lint and
// thumbprint so that a re-run changes only what changed.
func WriteBaseline(w io.Writer, entries []*Entry, at time.Time) error {
	sorted := append([]*Entry{}, entries...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Lint != b.Lint {
			return a.Lint < b.Lint
		}
		return a.Thumbprint < b.Thumbprint
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# certlint baseline: findings accepted as they were on %s (written by certlint baseline).\n", at.UTC().Format("2006-01-02"))
	b.WriteString("# certlint lint reports only findings not listed here, and names the entries that no longer\n")
	b.WriteString("# match a finding (the certificate was fixed or replaced): remove those. An entry holds for\n")
	b.WriteString("# one lint on one certificate, by SHA-1 thumbprint; add expires = YYYY-MM-DD to make it lapse.\n")
	for _, e := range sorted {
		b.WriteString("\n[[finding]]\n")
		if e.File != "" {
			fmt.Fprintf(&b, "file = %s\n", tomlString(e.File))
		}
		if e.Subject != "" {
			fmt.Fprintf(&b, "subject = %s\n", tomlString(e.Subject))
		}
		fmt.Fprintf(&b, "thumbprint = %s\n", tomlString(e.Thumbprint))
		fmt.Fprintf(&b, "lint = %s\n", tomlString(e.Lint))
		if e.Status != "" {
			fmt.Fprintf(&b, "status = %s\n", tomlString(e.Status))
		}
		fmt.Fprintf(&b, "reason = %s\n", tomlString(e.Reason))
		if !e.Expires.IsZero() {
			fmt.Fprintf(&b, "expires = %s\n", e.Expires.AddDate(0, 0, -1).UTC().Format("2006-01-02"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
