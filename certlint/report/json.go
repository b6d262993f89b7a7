package report

import (
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// StatusName is the name of a status in certlint's output and in --fail-on:
// notice, warn, error, fatal for findings; pass, na (not applicable) and ne
// (not effective) for the results shown with --verbose.
func StatusName(s lint.LintStatus) string {
	switch s {
	case lint.NA:
		return "na"
	case lint.NE:
		return "ne"
	case lint.Pass:
		return "pass"
	case lint.Notice:
		return "notice"
	case lint.Warn:
		return "warn"
	case lint.Error:
		return "error"
	case lint.Fatal:
		return "fatal"
	}
	return "reserved"
}

// ErrorCause returns the cause of a report's error without the file name
// that *LoadError puts in front (the output already names the file).
func ErrorCause(err error) string {
	var le *certlint.LoadError
	if errors.As(err, &le) {
		if le.Detail == "" {
			return le.Err.Error()
		}
		return le.Err.Error() + ": " + le.Detail
	}
	return err.Error()
}

// JSONLine is one line of `certlint lint --format json` (JSON Lines, one
// object per input in input order): a contract, its keys do not change.
type JSONLine struct {
	// File is the input's path as given (see JSONFileName: escaped, with
	// FileBytes, when it is not UTF-8).
	File      string `json:"file"`
	FileBytes []byte `json:"file_bytes,omitempty"`
	// Format is the detected container format (null when unreadable).
	Format      *string    `json:"format"`
	Certificate *cert.Info `json:"certificate"`
	// Part and Parts are set when the input holds several end-entity
	// certificates and no private key: each is reported in its own object,
	// this one about the Part-th (input order) of Parts (Bundle.Split).
	Part  int `json:"part,omitempty"`
	Parts int `json:"parts,omitempty"`
	// Chain is the chain built for the leaf: chain.chain lists it
	// leaf first, each certificate with its role, thumbprint, origin and
	// source file; chain.roles gives the role of every certificate of the
	// input (leaf, intermediate, root, unrelated). Present only when a trust
	// store was given (--roots, --intermediates, --system-roots); absent, the
	// chain was not checked.
	Chain    *chain.Result `json:"chain,omitempty"`
	Findings []JSONFinding `json:"findings"`
	// Error is the cause when the input could not be linted, else null.
	Error *string `json:"error"`
	// Role and Host are what the input was linted as (local, remote or ca;
	// the FQDN checked, absent when none), Basis why, when a per-path rule,
	// the trust material or the certificate itself decided it.
	Role  string `json:"role,omitempty"`
	Host  string `json:"host,omitempty"`
	Basis string `json:"basis,omitempty"`
	// Suppressed are the findings a suppression or a baseline entry accepted.
	Suppressed []JSONSuppressed `json:"suppressed,omitempty"`
}

// JSONSuppressed is an accepted finding: the finding, the reason given and
// where it was given ("FILE:LINE").
type JSONSuppressed struct {
	JSONFinding
	Reason string `json:"reason"`
	Source string `json:"source"`
}

// JSONFinding is one result in a JSONLine.
type JSONFinding struct {
	Lint   string `json:"lint"`
	Status string `json:"status"`
	// Event is the OpsMgr event the defect raises; null when none.
	Event         *int   `json:"event"`
	RelatedEvents []int  `json:"related_events"`
	Message       string `json:"message"`
	Fix           string `json:"fix"`
}

// NewJSONLine builds the JSON Lines object for r. Findings hold results at
// notice and above, every result when verbose is set.
func NewJSONLine(r *certlint.Report, verbose bool) *JSONLine {
	out := &JSONLine{Findings: []JSONFinding{}}
	out.File, out.FileBytes = JSONFileName(r.File)
	if r.Err != nil {
		cause := ErrorCause(r.Err)
		out.Error = &cause
		return out
	}
	if r.Bundle != nil {
		if r.Bundle.Format != "" {
			f := string(r.Bundle.Format)
			out.Format = &f
		}
		out.Certificate = cert.Describe(r.Bundle.Leaf)
		out.Part, out.Parts = r.Bundle.Part, r.Bundle.Parts
	}
	out.Chain = r.Chain
	out.Role, out.Host, out.Basis = string(r.Role), r.Host, r.Basis
	for _, res := range r.Findings(verbose) {
		out.Findings = append(out.Findings, jsonFinding(res, r.Role))
	}
	for _, s := range r.Suppressed {
		out.Suppressed = append(out.Suppressed, JSONSuppressed{JSONFinding: jsonFinding(s.Result, r.Role), Reason: s.Reason, Source: s.Source})
	}
	return out
}

func jsonFinding(res certlint.Result, role certlint.Role) JSONFinding {
	f := JSONFinding{
		Lint:          res.Lint.Name,
		Status:        StatusName(res.Status),
		RelatedEvents: append([]int{}, res.Lint.RelatedEvents...),
		Message:       res.Message(),
	}
	if res.Lint.Event != 0 {
		ev := res.Lint.Event
		f.Event = &ev
	}
	if res.Status >= lint.Notice {
		f.Fix = res.Lint.FixFor(role)
	}
	return f
}

// JSONFileName is how the JSON outputs write a path. A path that is valid
// UTF-8 is written as is. A Unix file name may hold any bytes, which JSON
// strings cannot (RFC 8259 §8.1; encoding/json turns them into U+FFFD, and
// the file could no longer be found): such a path is written in the escaped
// form the text output and the error line use (each byte that is not part
// of UTF-8 as \xHH, control characters as Go escapes), and its exact bytes
// are returned too, for a "file_bytes" member (base64, RFC 4648 §4).
func JSONFileName(path string) (text string, raw []byte) {
	if utf8.ValidString(path) {
		return path, nil
	}
	return CleanText(path), []byte(path)
}

// JSON writes JSON Lines: one JSONLine per input.
type JSON struct {
	w       io.Writer
	enc     *json.Encoder // for a line appendJSON leaves to encoding/json
	buf     []byte
	verbose bool
}

// NewJSON returns a JSON on w; verbose adds passing and
// not-applicable results to the findings.
func NewJSON(w io.Writer, verbose bool) *JSON {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSON{w: w, enc: enc, verbose: verbose}
}

// WriteReport writes r as one line.
func (w *JSON) WriteReport(r *certlint.Report) error {
	line := NewJSONLine(r, w.verbose)
	b, ok := line.appendJSON(w.buf[:0])
	if !ok {
		return w.enc.Encode(line)
	}
	b = append(b, '\n')
	if cap(b) <= 1<<20 {
		w.buf = b // kept for the next line, unless a rare huge one
	}
	_, err := w.w.Write(b)
	return err
}

// Close does nothing: JSON Lines has no trailer.
func (w *JSON) Close() error { return nil }

// JSONLint is one line of `certlint lints --format json`.
type JSONLint struct {
	Name string `json:"name"`
	// Status is the status the lint raises on a defect (notice, warn, error).
	Status        string `json:"status"`
	Event         *int   `json:"event"`
	RelatedEvents []int  `json:"related_events"`
	// EventSource and EventConfidence back the mapping to Event (or to
	// RelatedEvents for a lint without Event): a public URL, and one of
	// "documented", "field", "inferred"; empty for a lint without events.
	EventSource     string `json:"event_source"`
	EventConfidence string `json:"event_confidence"`
	Description     string `json:"description"`
	Citation        string `json:"citation"`
	Fix             string `json:"fix"`
	// FixRemote is the fix worded for a peer's certificate (role remote),
	// when it differs from Fix.
	FixRemote string `json:"fix_remote,omitempty"`
}

// WriteLintsJSON writes one JSONLint line per lint.
func WriteLintsJSON(w io.Writer, lints []*certlint.Lint) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range lints {
		j := JSONLint{
			Name:            l.Name,
			Status:          StatusName(l.Severity()),
			RelatedEvents:   append([]int{}, l.RelatedEvents...),
			EventSource:     l.EventSource,
			EventConfidence: string(l.EventConfidence),
			Description:     l.Description,
			Citation:        l.Citation,
			Fix:             l.Fix,
			FixRemote:       l.FixRemote,
		}
		if l.Event != 0 {
			ev := l.Event
			j.Event = &ev
		}
		if err := enc.Encode(j); err != nil {
			return err
		}
	}
	return nil
}
