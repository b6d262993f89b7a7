package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
)

// The JSON Lines output is written by appendJSON below rather than by
// encoding/json's reflection: one line per input, for up to millions of
// inputs, and reflection cost as much as a tenth of linting a certificate
// in chain mode. The bytes are those of a json.Encoder with SetEscapeHTML(false)
// (RFC 8259 text, keys in struct order, the omitempty members left out),
// which a test checks value by value against encoding/json itself. What
// appendJSON does not handle itself (a time that RFC 3339 cannot write) makes
// it give up, and the line is then written by encoding/json.

// jsonEnc appends JSON values to b; ok turns false, for good, on a value it
// leaves to encoding/json.
type jsonEnc struct {
	b  []byte
	ok bool
}

// str appends s as a JSON string. Printable ASCII other than '"' and '\\'
// is written as is; a string with anything else is quoted by encoding/json
// (control characters, invalid UTF-8 and U+2028/U+2029 each have their
// escape there).
func (e *jsonEnc) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			e.quoteSlow(s)
			return
		}
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, s...)
	e.b = append(e.b, '"')
}

func (e *jsonEnc) quoteSlow(s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		e.ok = false
		return
	}
	e.b = append(e.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// key appends ,"name": (without the comma for the first member).
func (e *jsonEnc) key(name string, first bool) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
}

func (e *jsonEnc) int(n int) { e.b = strconv.AppendInt(e.b, int64(n), 10) }

func (e *jsonEnc) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

func (e *jsonEnc) null() { e.b = append(e.b, "null"...) }

// time appends t as time.Time's MarshalJSON does (RFC 3339 with
// nanoseconds); a time it refuses (a year outside 0-9999, a zone offset of a
// day or more) is left to encoding/json.
func (e *jsonEnc) time(t time.Time) {
	if y := t.Year(); y < 0 || y > 9999 {
		e.ok = false
		return
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		e.ok = false // MarshalJSON refuses a zone of 24 hours or more
		return
	}
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	e.b = append(e.b, '"')
}

func (e *jsonEnc) ints(v []int) {
	if v == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i, n := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.int(n)
	}
	e.b = append(e.b, ']')
}

// list appends the JSON array of v, each element by each; null for a nil
// slice, as encoding/json writes it.
func list[T any](e *jsonEnc, v []T, each func(*T)) {
	if v == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		each(&v[i])
	}
	e.b = append(e.b, ']')
}

func (e *jsonEnc) strPtr(s *string) {
	if s == nil {
		e.null()
		return
	}
	e.str(*s)
}

func (e *jsonEnc) intPtr(n *int) {
	if n == nil {
		e.null()
		return
	}
	e.int(*n)
}

// appendJSON appends l as encoding/json writes it, and reports false when it
// left part of it to encoding/json (b is then to be discarded).
func (l *JSONLine) appendJSON(b []byte) ([]byte, bool) {
	e := &jsonEnc{b: b, ok: true}
	e.b = append(e.b, '{')
	e.key("file", true)
	e.str(l.File)
	if len(l.FileBytes) > 0 {
		e.key("file_bytes", false)
		e.b = append(e.b, '"')
		e.b = base64.StdEncoding.AppendEncode(e.b, l.FileBytes)
		e.b = append(e.b, '"')
	}
	e.key("format", false)
	e.strPtr(l.Format)
	e.key("certificate", false)
	e.certInfo(l.Certificate)
	if l.Part != 0 {
		e.key("part", false)
		e.int(l.Part)
	}
	if l.Parts != 0 {
		e.key("parts", false)
		e.int(l.Parts)
	}
	if l.Chain != nil {
		e.key("chain", false)
		e.chainResult(l.Chain)
	}
	e.key("findings", false)
	list(e, l.Findings, func(f *JSONFinding) {
		e.b = append(e.b, '{')
		e.finding(f)
		e.b = append(e.b, '}')
	})
	e.key("error", false)
	e.strPtr(l.Error)
	for _, m := range []struct{ name, v string }{{"role", l.Role}, {"host", l.Host}, {"basis", l.Basis}} {
		if m.v != "" {
			e.key(m.name, false)
			e.str(m.v)
		}
	}
	if len(l.Suppressed) > 0 {
		e.key("suppressed", false)
		list(e, l.Suppressed, func(s *JSONSuppressed) {
			e.b = append(e.b, '{')
			e.finding(&s.JSONFinding)
			e.key("reason", false)
			e.str(s.Reason)
			e.key("source", false)
			e.str(s.Source)
			e.b = append(e.b, '}')
		})
	}
	e.b = append(e.b, '}')
	return e.b, e.ok
}

// finding appends the members of f (without braces: JSONSuppressed embeds it).
func (e *jsonEnc) finding(f *JSONFinding) {
	e.key("lint", true)
	e.str(f.Lint)
	e.key("status", false)
	e.str(f.Status)
	e.key("event", false)
	e.intPtr(f.Event)
	e.key("related_events", false)
	e.ints(f.RelatedEvents)
	e.key("message", false)
	e.str(f.Message)
	e.key("fix", false)
	e.str(f.Fix)
}

func (e *jsonEnc) certInfo(c *cert.Info) {
	if c == nil {
		e.null()
		return
	}
	e.b = append(e.b, '{')
	for i, m := range [...]struct{ name, v string }{
		{"subject", c.Subject}, {"issuer", c.Issuer}, {"serial", c.Serial}, {"sha1", c.SHA1}, {"sha256", c.SHA256},
		{"not_before", c.NotBefore}, {"not_after", c.NotAfter}, {"registry_serial", c.RegistrySerial},
	} {
		e.key(m.name, i == 0)
		e.str(m.v)
	}
	e.b = append(e.b, '}')
}

func (e *jsonEnc) chainResult(r *chain.Result) {
	e.b = append(e.b, '{')
	e.key("chain", true)
	list(e, r.Chain, e.chainCert)
	e.key("trusted", false)
	e.bool(r.Trusted)
	e.key("roles", false)
	list(e, r.Roles, func(c *chain.CertRole) {
		e.b = append(e.b, '{')
		e.key("subject", true)
		e.str(c.Subject)
		e.key("thumbprint", false)
		e.str(c.Thumbprint)
		e.key("role", false)
		e.str(string(c.Role))
		e.key("chain_index", false)
		e.int(c.ChainIndex)
		e.key("not_after", false)
		e.time(c.NotAfter)
		e.b = append(e.b, '}')
	})
	e.key("problems", false)
	list(e, r.Problems, e.problem)
	e.key("paths_tried", false)
	e.int(r.PathsTried)
	if r.Truncated {
		e.key("truncated", false)
		e.bool(true)
	}
	e.b = append(e.b, '}')
}

func (e *jsonEnc) chainCert(c *chain.Cert) {
	e.b = append(e.b, '{')
	e.key("subject", true)
	e.str(c.Subject)
	e.key("issuer", false)
	e.str(c.Issuer)
	e.key("thumbprint", false)
	e.str(c.Thumbprint)
	e.key("serial", false)
	e.str(c.Serial)
	e.key("not_before", false)
	e.time(c.NotBefore)
	e.key("not_after", false)
	e.time(c.NotAfter)
	e.key("origin", false)
	e.str(string(c.Origin))
	e.key("trusted", false)
	e.bool(c.Trusted)
	e.key("role", false)
	e.str(string(c.Role))
	if c.Source != "" {
		e.key("source", false)
		e.str(c.Source)
	}
	e.b = append(e.b, '}')
}

func (e *jsonEnc) problem(p *chain.Problem) {
	e.b = append(e.b, '{')
	e.key("kind", true)
	e.str(string(p.Kind))
	e.key("class", false)
	e.str(string(p.Class))
	e.key("index", false)
	e.int(p.Index)
	e.key("subject", false)
	e.str(p.Subject)
	e.key("thumbprint", false)
	e.str(p.Thumbprint)
	e.key("detail", false)
	e.str(p.Detail)
	for _, m := range [...]struct{ name, v string }{
		{"rule", p.Rule}, {"issuer_name", p.IssuerName}, {"issuer_key_id", p.IssuerKeyID}, {"hint", p.Hint}, {"usage", p.Usage},
	} {
		if m.v != "" {
			e.key(m.name, false)
			e.str(m.v)
		}
	}
	e.key("windows", false)
	e.str(string(p.Windows))
	e.key("windows_note", false)
	e.str(p.WindowsNote)
	e.b = append(e.b, '}')
}
