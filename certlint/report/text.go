package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// TextOptions configures a Text.
type TextOptions struct {
	// Verbose also lists passing and not-applicable results.
	Verbose bool
	// Color adds ANSI colours (the caller decides: a terminal, NO_COLOR
	// unset; see https://no-color.org).
	Color bool
	// InlineErrors writes unreadable inputs into the text as well. The CLI
	// leaves it off because it writes their causes to stderr.
	InlineErrors bool
}

// Text writes reports for people: per input its name, subject,
// thumbprint and registry serial; the chain built (leaf first, each
// certificate with its role and where it was found, then the input's
// certificates the chain does not use), or a line saying the chain was not
// checked when no trust store was given; then the findings worst first, each
// with its OpsMgr event and fix. Close writes a summary line.
type Text struct {
	w       *bufio.Writer
	opts    TextOptions
	sum     Summary
	started bool
}

// NewText returns a Text on w.
func NewText(w io.Writer, opts TextOptions) *Text {
	return &Text{w: bufio.NewWriter(w), opts: opts}
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

func (t *Text) paint(code, s string) string {
	if !t.opts.Color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func statusColor(s lint.LintStatus) string {
	switch {
	case s >= lint.Error:
		return ansiRed
	case s == lint.Warn:
		return ansiYellow
	case s == lint.Notice:
		return ansiCyan
	case s == lint.Pass:
		return ansiGreen
	}
	return ansiDim
}

// statusLabel is the status as the text output shows it, padded to one width.
func statusLabel(s lint.LintStatus) string {
	return fmt.Sprintf("%-6s", strings.ToUpper(StatusName(s)))
}

// CleanText makes a string from a certificate or a file name safe to print
// on one terminal line: control characters (including ESC, so no terminal
// escape sequence gets through), Unicode bidirectional controls (which
// reorder what is displayed, CVE-2021-42574) and invalid UTF-8 are written
// as Go escapes (\n, \x1b, \u202e).
func CleanText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// eventTitle is "event N: title" from the event catalog ("event N" when the
// catalog does not know N).
func eventTitle(id int) string {
	if e, ok := events.Lookup(id); ok && e.Title != "" {
		return fmt.Sprintf("event %d: %s", id, e.Title)
	}
	return fmt.Sprintf("event %d", id)
}

// relatedLine names the other events an admin may find in the log for a
// lint's defect, and the confidence of the mapping when Microsoft does not
// document it; "" when there is nothing to say.
func relatedLine(l *certlint.Lint) string {
	var parts []string
	if len(l.RelatedEvents) > 0 {
		parts = append(parts, "related events: "+joinInts(l.RelatedEvents))
	}
	if (l.Event != 0 || len(l.RelatedEvents) > 0) && l.EventConfidence != "" && l.EventConfidence != events.ConfidenceDocumented {
		parts = append(parts, "event mapping: "+l.EventConfidence.Describe())
	}
	return strings.Join(parts, "; ")
}

// joinInts renders event IDs as "21021, 21007".
func joinInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ", ")
}

// WriteReport writes one input's block.
func (t *Text) WriteReport(r *certlint.Report) error {
	t.sum.Add(r)
	if r.Err != nil && !t.opts.InlineErrors {
		return nil
	}
	w := t.w
	if t.started {
		w.WriteString("\n")
	}
	t.started = true
	w.WriteString(t.paint(ansiBold, CleanText(r.File)))
	if r.Err != nil {
		fmt.Fprintf(w, "\n  %s  %s\n", t.paint(ansiRed, "UNREADABLE"), CleanText(ErrorCause(r.Err)))
		return w.Flush()
	}
	if r.Bundle != nil && r.Bundle.Format != "" {
		fmt.Fprintf(w, " (%s)", r.Bundle.Format)
	}
	if b := r.Bundle; b != nil && b.Parts > 1 {
		// One of several end-entity certificates of the input (Split).
		fmt.Fprintf(w, ", end-entity certificate %d of %d", b.Part, b.Parts)
		if b.Leaf != nil && b.Leaf.Index > 0 {
			fmt.Fprintf(w, " (certificate #%d in the file)", b.Leaf.Index)
		}
	}
	w.WriteString("\n")
	var info *cert.Info
	if r.Bundle != nil {
		info = cert.Describe(r.Bundle.Leaf)
	}
	if info == nil {
		w.WriteString("  no certificate found\n")
	} else {
		subject := CleanText(info.Subject)
		if subject == "" {
			subject = "(empty)"
		}
		fmt.Fprintf(w, "  subject          %s\n", subject)
		fmt.Fprintf(w, "  thumbprint       %s  (SHA-1)\n", info.SHA1)
		if info.Serial != "" {
			// certutil -store My and certutil -dump print the serial
			// number's bytes as encoded, in lowercase hex; MOMCertImport
			// stores them in reverse order.
			fmt.Fprintf(w, "  serial           %s  (as certutil prints it)\n", strings.ToLower(info.Serial))
		}
		fmt.Fprintf(w, "  registry serial  %s  (ChannelCertificateSerialNumber)\n", info.RegistrySerial)
		if info.NotBefore == "" && info.NotAfter == "" {
			w.WriteString("  valid            unknown: the certificate could not be parsed\n")
		} else {
			fmt.Fprintf(w, "  valid            %s .. %s\n", info.NotBefore, info.NotAfter)
		}
	}
	if r.Bundle != nil {
		t.writeKey(r.Bundle)
	}
	if r.Basis != "" {
		fmt.Fprintf(w, "  linted as        %s\n", CleanText(LintedAs(r)))
	}
	switch c := r.Chain; {
	case c != nil && len(c.Chain) > 0:
		t.writeChain(c)
	case c == nil && info != nil:
		// No trust store: e_opsmgr_chain_not_trusted is NE, shown only with
		// --verbose, so say here that event 20072 is still an open question.
		fmt.Fprintf(w, "  chain            %s (event 20072 possible): add --roots FILE or --system-roots\n", t.paint(ansiYellow, "not checked"))
	}
	findings := r.Findings(t.opts.Verbose)
	for _, s := range r.Suppressed {
		fmt.Fprintf(w, "  %s  %s  %s (%s)\n", t.paint(ansiGreen, "ACCEPT"), s.Lint.Name, CleanText(s.Reason), CleanText(s.Source))
	}
	if len(findings) == 0 {
		fmt.Fprintf(w, "  %s  no findings\n", t.paint(ansiGreen, "OK    "))
	}
	for _, res := range findings {
		head := res.Lint.Name
		if res.Lint.Event != 0 && res.Status >= lint.Notice {
			head += "  " + eventTitle(res.Lint.Event)
		}
		fmt.Fprintf(w, "  %s  %s\n", t.paint(statusColor(res.Status), statusLabel(res.Status)), head)
		if res.Status < lint.Notice {
			continue
		}
		if msg := CleanText(res.Message()); msg != "" {
			fmt.Fprintf(w, "          %s\n", msg)
		}
		if fix := res.Lint.FixFor(r.Role); fix != "" {
			fmt.Fprintf(w, "          %s %s\n", t.paint(ansiBold, "fix:"), fix)
		}
		if line := relatedLine(res.Lint); line != "" {
			fmt.Fprintf(w, "          %s\n", line)
		}
	}
	return w.Flush()
}

// writeKey writes what the input says about the private key, as an admin
// compares it by hand with certutil -dump (PFX) and the Certificates snap-in:
// the key's algorithm and size, whether it matches the certificate, and for
// a PFX the provider it will be imported into, its key specification
// (Microsoft key usage attribute: KEY_EX 0x10 imports as AT_KEYEXCHANGE,
// KEY_SIG 0x80 as AT_SIGNATURE) and whether it goes to the machine key set.
// Inputs without a key (a .cer, a .p7b) get no line, except a PFX.
func (t *Text) writeKey(b *certlint.Bundle) {
	if b.KeyCount == 0 {
		if b.PFX != nil {
			t.w.WriteString("  private key      none in this PFX\n")
		}
		return
	}
	var parts []string
	switch {
	case b.Key != nil:
		parts = append(parts, cert.KeyAlgorithm(b.Key))
		switch {
		case b.Leaf == nil:
		case b.KeyMatchesLeaf:
			parts = append(parts, "matches the certificate")
		default:
			parts = append(parts, "does NOT match the certificate")
		}
		if b.KeyError != nil {
			parts = append(parts, "fails its consistency check")
		}
	default:
		parts = append(parts, "present but unusable")
	}
	if b.KeyCount > 1 {
		parts = append(parts, fmt.Sprintf("1 of %d keys in the input", b.KeyCount))
	}
	fmt.Fprintf(t.w, "  private key      %s\n", strings.Join(parts, ", "))
	if k := b.KeyBag; k != nil {
		provider := "no provider named (Windows picks one at import)"
		if p := strings.TrimRight(k.Provider, "\x00"); p != "" {
			provider = "provider " + strconv.Quote(p)
		}
		set := "no machine key set attribute"
		if k.LocalMachine {
			set = "machine key set"
		}
		fmt.Fprintf(t.w, "  key import       %s, %s, %s\n", CleanText(provider), keySpecText(k), set)
	}
}

// keySpecText renders a PFX key bag's Microsoft key usage attribute and the
// key specification Windows imports the key with.
func keySpecText(k *certlint.PFXKey) string {
	if !k.HasKeyUsage {
		if k.KeySpec == certlint.KeySpecUnknown {
			return "key usage attribute unreadable"
		}
		return "no key usage attribute (imported as AT_KEYEXCHANGE)"
	}
	var names []string
	if k.KeyUsage&0x10 != 0 {
		names = append(names, "KEY_EX")
	}
	if k.KeyUsage&0x80 != 0 {
		names = append(names, "KEY_SIG")
	}
	if len(names) == 0 {
		names = append(names, "key usage")
	}
	return fmt.Sprintf("%s 0x%02x (%s)", strings.Join(names, "|"), k.KeyUsage, k.KeySpec)
}

// chainLine is one certificate in the chain listing of the text output.
type chainLine struct {
	role, subject, thumbprint, notAfter, source string
}

// writeChain lists the chain built for the leaf, leaf
// first as RFC 5280 6.1 orders a certification path from the end entity to
// the trust anchor, one certificate a line (role, subject, SHA-1 thumbprint,
// NotAfter, where it was found), then the issuer that was not found, if any,
// then the certificates of the input that the chain does not use.
func (t *Text) writeChain(c *chain.Result) {
	w := t.w
	verdict := t.paint(ansiRed, "NOT trusted")
	if c.OK() {
		verdict = t.paint(ansiGreen, "trusted")
	}
	fmt.Fprintf(w, "  chain            %s, %s, leaf first\n", verdict, plural(len(c.Chain), "certificate", "certificates"))
	var lines []chainLine
	for _, cc := range c.Chain {
		lines = append(lines, chainLine{string(cc.Role), cc.Subject, cc.Thumbprint, chainNotAfter(cc.NotAfter), chainSource(cc.Origin, cc.Source)})
	}
	last := len(c.Chain) - 1
	for _, p := range c.Find(chain.ProblemIssuerNotFound) {
		if p.Index != last {
			continue
		}
		where := "not found"
		if p.IssuerKeyID != "" {
			where += " (key identifier " + p.IssuerKeyID + ")"
		}
		lines = append(lines, chainLine{role: "missing", subject: p.IssuerName, source: where})
	}
	for _, r := range c.Roles {
		if r.Role == chain.RoleUnrelated {
			lines = append(lines, chainLine{string(r.Role), r.Subject, r.Thumbprint, chainNotAfter(r.NotAfter), chainSource(chain.OriginBundle, "")})
		}
	}
	// Subjects padded to one width (up to chainSubjectWidth) so that the
	// thumbprints line up.
	width := 0
	for i := range lines {
		lines[i].subject = CleanText(lines[i].subject)
		if n := utf8.RuneCountInString(lines[i].subject); n > width && n <= chainSubjectWidth {
			width = n
		}
	}
	for _, l := range lines {
		pad := ""
		if n := utf8.RuneCountInString(l.subject); n < width {
			pad = strings.Repeat(" ", width-n)
		}
		fields := []string{l.subject + pad}
		for _, f := range []string{l.thumbprint, l.notAfter, l.source} {
			if f != "" {
				fields = append(fields, CleanText(f))
			}
		}
		fmt.Fprintf(w, "    %-13s  %s\n", l.role, strings.TrimRight(strings.Join(fields, "  "), " "))
	}
}

// chainSubjectWidth is the widest subject the chain listing pads the
// others to.
const chainSubjectWidth = 60

// chainNotAfter is a chain certificate's NotAfter as the text output shows it.
func chainNotAfter(t time.Time) string {
	if t.IsZero() {
		return "valid to ?"
	}
	return "valid to " + t.UTC().Format(time.RFC3339)
}

// chainSource says where a chain certificate was found.
func chainSource(o chain.Origin, file string) string {
	switch o {
	case chain.OriginBundle:
		return "this file"
	case chain.OriginIntermediates, chain.OriginRoots:
		if file == "" {
			return string(o)
		}
		return string(o) + " " + file
	case chain.OriginSystem:
		return "system store"
	}
	return string(o)
}

// Close writes the summary line: inputs, findings by status, and unreadable
// inputs.
func (t *Text) Close() error {
	if t.started {
		t.w.WriteString("\n")
	}
	t.w.WriteString(SummaryLine(&t.sum, t.opts.Color))
	t.w.WriteString("\n")
	return t.w.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// SummaryLine is the last line of the text output, e.g.
// "4 files: 3 errors, 1 warning, 0 unreadable" (fatal results count as
// errors; notices are named only when there are some).
func SummaryLine(s *Summary, color bool) string {
	p := func(code, str string, n int) string {
		if !color || n == 0 {
			return str
		}
		return code + str + ansiReset
	}
	parts := []string{
		p(ansiRed, plural(s.Errors+s.Fatal, "error", "errors"), s.Errors+s.Fatal),
		p(ansiYellow, plural(s.Warnings, "warning", "warnings"), s.Warnings),
	}
	if s.Notices > 0 {
		parts = append(parts, p(ansiCyan, plural(s.Notices, "notice", "notices"), s.Notices))
	}
	parts = append(parts, p(ansiRed, strconv.Itoa(s.Unreadable)+" unreadable", s.Unreadable))
	return plural(s.Files, "file", "files") + ": " + strings.Join(parts, ", ")
}

// WriteLintsText lists lints for people: name, the status it raises, its
// event and related events, its description.
func WriteLintsText(w io.Writer, lints []*certlint.Lint) error {
	bw := bufio.NewWriter(w)
	for i, l := range lints {
		if i > 0 {
			bw.WriteString("\n")
		}
		fmt.Fprintf(bw, "%s\n", l.Name)
		ev := "none"
		if l.Event != 0 {
			ev = eventTitle(l.Event)
		}
		fmt.Fprintf(bw, "  status   %s\n", StatusName(l.Severity()))
		fmt.Fprintf(bw, "  event    %s\n", ev)
		if len(l.RelatedEvents) > 0 {
			fmt.Fprintf(bw, "  related  %s\n", joinInts(l.RelatedEvents))
		}
		if l.EventConfidence != "" {
			fmt.Fprintf(bw, "  mapping  %s: %s\n", l.EventConfidence.Describe(), l.EventSource)
		}
		fmt.Fprintf(bw, "  checks   %s\n", l.Description)
		if l.Citation != "" {
			fmt.Fprintf(bw, "  source   %s\n", l.Citation)
		}
	}
	return bw.Flush()
}

// WriteEventText writes an event's catalog entry for people (certlint
// explain): meaning, how well it is established, the order of the events of
// the same cause in the log, causes, fixes, checks, the lints that detect it
// (as their first event, or as a related one, with the confidence of the
// mapping) and the public sources.
func WriteEventText(w io.Writer, e events.Event, lints []*certlint.Lint) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Event %d (%s): %s\n", e.ID, e.Kind, e.Title)
	if e.Meaning != "" {
		fmt.Fprintf(bw, "\n%s\n", e.Meaning)
	}
	if e.Confidence != "" {
		fmt.Fprintf(bw, "\nConfidence: %s\nSource: %s\n", e.Confidence.Describe(), e.Source)
	}
	if len(e.Sequence) > 0 {
		fmt.Fprintf(bw, "\nIn the Operations Manager log, in this order:\n")
		for i, st := range e.Sequence {
			id, title := "load event", "the event that names the cause: one of "+joinInts(events.LoadEvents())
			if st.ID != 0 {
				id = strconv.Itoa(st.ID)
				if ev, ok := events.Lookup(st.ID); ok {
					title = ev.Title
				}
			}
			this := ""
			if st.ID == e.ID {
				this = " <- this event"
			}
			fmt.Fprintf(bw, "  %d. %s  %s%s\n     %s\n", i+1, id, title, this, st.Note)
		}
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(bw, "  - %s\n", it)
		}
	}
	list("Usual causes", e.Causes)
	list("Fixes", e.Fixes)
	list("Checks", e.Checks)
	if len(lints) > 0 {
		names := make([]string, len(lints))
		for i, l := range lints {
			how := "related event"
			if l.Event == e.ID {
				how = "first event"
			}
			if l.EventConfidence != "" {
				how += "; " + l.EventConfidence.Describe()
			}
			names[i] = l.Name + "  (" + how + ")"
		}
		list("certlint lints that detect it", names)
	}
	list("References", e.References)
	return bw.Flush()
}

// LintedAs says in a few words what a report's input was linted as: its
// role, the host checked, and why ("ca (given with --roots)", "local, host
// agent01.contoso.com (rule at .certlint.toml:12)").
func LintedAs(r *certlint.Report) string {
	s := string(r.Role)
	if s == "" {
		s = string(certlint.RoleLocal)
	}
	if r.Host != "" {
		s += ", host " + r.Host
	}
	if r.Basis != "" {
		s += " (" + r.Basis + ")"
	}
	return s
}
