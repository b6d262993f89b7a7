package events

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// referenceEventIDs are the connector events of the tables of
// ../shared/reference/opsmgr-auth-events.md: the field-guide table and the
// table of what Microsoft's support articles add. The list is kept here so
// the catalog is checked even where ../shared is absent;
// TestCatalogHasReferenceFileEvents keeps it in step with the file.
var referenceEventIDs = []int{
	20049, 20050, 20051, 20052, 20053, 20057, 20066, 20068, 20069, 20070,
	20071, 20072, 20075, 20076, 20077, 21001, 21005, 21006, 21007, 21008,
	21016, 21021, 21022, 21035, 21036,
}

// fieldGuideEventIDs are the events of the field-guide table (the one with a
// "kind" column); their catalog entries cite the field guide.
var fieldGuideEventIDs = []int{
	20050, 20057, 20068, 20069, 20070, 20072, 20075, 20076, 20077,
	21001, 21005, 21006, 21007, 21008, 21016, 21035, 21036,
}

// copyRunWords is the length of a run of consecutive words that counts as
// copying from the reference.
const copyRunWords = 8

// referenceRow is one row of a reference table.
type referenceRow struct {
	id    int
	cells []string // every cell after the event ID
	// header holds the lower-case titles of the row's table, from the
	// column after "event" on, so that cells[i] is under header[i].
	header []string
}

// cell returns the row's cell under the column titled title, or false.
func (r referenceRow) cell(title string) (string, bool) {
	for i, h := range r.header {
		if h == title && i < len(r.cells) {
			return r.cells[i], true
		}
	}
	return "", false
}

// readReference returns the text of the reference file, or skips the test
// when ../shared (relative to the module root) is absent.
func readReference(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatalf("no go.mod above %s", wd)
		}
		root = parent
	}
	shared := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(shared); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent: the reference table cannot be read here (the literal list of %d events is still checked by TestCatalogHasReferenceEvents)", shared, len(referenceEventIDs))
	}
	path := filepath.Join(shared, "reference", "opsmgr-auth-events.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

// parseReferenceTable returns the rows of the markdown tables whose first
// cell is an event ID, each with the titles of its table's columns.
func parseReferenceTable(text string) []referenceRow {
	var rows []referenceRow
	var header []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			header = nil // a table ends at the first line that is not a row
			continue
		}
		parts := strings.Split(strings.Trim(line, "|"), "|")
		if len(parts) < 2 {
			continue
		}
		id, err := strconv.Atoi(strings.TrimSpace(parts[0]))
		if err != nil {
			if header == nil && strings.EqualFold(strings.TrimSpace(parts[0]), "event") {
				for _, h := range parts[1:] {
					header = append(header, strings.ToLower(strings.TrimSpace(h)))
				}
			}
			continue // header or separator row
		}
		row := referenceRow{id: id, header: header}
		for _, c := range parts[1:] {
			row.cells = append(row.cells, strings.TrimSpace(c))
		}
		rows = append(rows, row)
	}
	return rows
}

// copyWords splits text into lower-case words, with punctuation trimmed from
// both ends of each word ("1.3.6.1.5.5.7.3.1" stays one word).
func copyWords(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// copyRuns returns every run of n consecutive words of text.
func copyRuns(text string, n int) []string {
	w := copyWords(text)
	var out []string
	for i := 0; i+n <= len(w); i++ {
		out = append(out, strings.Join(w[i:i+n], " "))
	}
	return out
}

// copiedRun returns the first run of n words of text that also appears in
// one of sources (case-insensitive), or "".
func copiedRun(sources map[string]bool, text string, n int) string {
	for _, r := range copyRuns(text, n) {
		if sources[r] {
			return r
		}
	}
	return ""
}

// copyRunSet builds the set of n-word runs of each source text separately.
func copyRunSet(n int, texts ...string) map[string]bool {
	set := map[string]bool{}
	for _, s := range texts {
		for _, r := range copyRuns(s, n) {
			set[r] = true
		}
	}
	return set
}

// eventTexts returns every text of e with a label saying where it is.
func eventTexts(e Event) map[string]string {
	out := map[string]string{"Title": e.Title, "Meaning": e.Meaning}
	for i, s := range e.Causes {
		out["Causes["+strconv.Itoa(i)+"]"] = s
	}
	for i, s := range e.Fixes {
		out["Fixes["+strconv.Itoa(i)+"]"] = s
	}
	for i, s := range e.Checks {
		out["Checks["+strconv.Itoa(i)+"]"] = s
	}
	return out
}

func TestCatalogHasReferenceEvents(t *testing.T) {
	for _, id := range referenceEventIDs {
		e, ok := Lookup(id)
		if !ok {
			t.Errorf("event %d of the reference tables is missing from the catalog", id)
			continue
		}
		if e.ID != id {
			t.Errorf("LookupEvent(%d) returned event %d", id, e.ID)
		}
	}
	for _, id := range fieldGuideEventIDs {
		if !eventsContain(referenceEventIDs, id) {
			t.Errorf("field-guide event %d is not in referenceEventIDs", id)
		}
		if e, _ := Lookup(id); !eventsContain(e.References, refFieldGuide) {
			t.Errorf("event %d: References do not cite the field guide %q", id, refFieldGuide)
		}
	}
}

func TestCatalogHasReferenceFileEvents(t *testing.T) {
	rows := parseReferenceTable(readReference(t))
	if len(rows) == 0 {
		t.Fatal("no event rows parsed from the reference tables")
	}
	seen := map[int]bool{}
	var fieldGuide []int
	checked := 0
	for _, r := range rows {
		seen[r.id] = true
		e, ok := Lookup(r.id)
		if !ok {
			t.Errorf("event %d of the reference file is missing from the catalog", r.id)
			continue
		}
		// The field guide's "kind" column: "certificate", "Kerberos",
		// "network", "general", or "Kerberos / network" (either fits).
		if kindCell, ok := r.cell("kind"); ok {
			fieldGuide = append(fieldGuide, r.id)
			allowed := strings.Split(strings.ReplaceAll(strings.ToLower(kindCell), " ", ""), "/")
			if !eventsContain(allowed, e.Kind) {
				t.Errorf("event %d: Kind %q, the reference says %q", r.id, e.Kind, kindCell)
			}
			checked++
		}
		// The support-articles table's "confidence" column: "low" is an
		// inference, "high" or "medium-high" is documented or field-reported.
		if conf, ok := r.cell("confidence"); ok {
			conf = strings.ToLower(conf)
			switch {
			case strings.HasPrefix(conf, "low") && e.Confidence != ConfidenceInferred:
				t.Errorf("event %d: Confidence %q, the reference says %q (want %q)", r.id, e.Confidence, conf, ConfidenceInferred)
			case strings.Contains(conf, "high") && e.Confidence == ConfidenceInferred:
				t.Errorf("event %d: Confidence %q, the reference says %q", r.id, e.Confidence, conf)
			}
			checked++
		}
	}
	if checked < len(rows) {
		t.Errorf("%d of %d rows had neither a kind nor a confidence column: the table parser lost a header", len(rows)-checked, len(rows))
	}
	var fileIDs []int
	for id := range seen {
		fileIDs = append(fileIDs, id)
	}
	sort.Ints(fileIDs)
	want := append([]int(nil), referenceEventIDs...)
	sort.Ints(want)
	if !reflect.DeepEqual(fileIDs, want) {
		t.Errorf("the reference file lists events %v; referenceEventIDs in this test lists %v: update the test list", fileIDs, want)
	}
	sort.Ints(fieldGuide)
	if !reflect.DeepEqual(fieldGuide, fieldGuideEventIDs) {
		t.Errorf("the field-guide table lists %v; fieldGuideEventIDs lists %v", fieldGuide, fieldGuideEventIDs)
	}
}

func TestCatalogEntriesComplete(t *testing.T) {
	allowedKinds := []string{KindCertificate, KindKerberos, KindNetwork, KindGeneral}
	seen := map[int]bool{}
	for _, e := range All() {
		if seen[e.ID] {
			t.Errorf("event %d appears twice in the catalog", e.ID)
		}
		seen[e.ID] = true
		if e.ID < 20000 || e.ID > 21999 {
			t.Errorf("event %d is outside the OpsMgr Connector range 20000-21999", e.ID)
		}
		if strings.TrimSpace(e.Title) == "" {
			t.Errorf("event %d: empty Title", e.ID)
		}
		if strings.TrimSpace(e.Meaning) == "" {
			t.Errorf("event %d: empty Meaning", e.ID)
		}
		if len(e.Causes) == 0 {
			t.Errorf("event %d: no Causes", e.ID)
		}
		if len(e.Fixes) == 0 {
			t.Errorf("event %d: no Fixes", e.ID)
		}
		if len(e.References) == 0 {
			t.Errorf("event %d: no References", e.ID)
		}
		for field, s := range eventTexts(e) {
			if strings.TrimSpace(s) == "" {
				t.Errorf("event %d: empty %s", e.ID, field)
			}
		}
		for i, r := range e.References {
			if strings.TrimSpace(r) == "" {
				t.Errorf("event %d: empty References[%d]", e.ID, i)
			}
		}
		if !eventsContain(allowedKinds, e.Kind) {
			t.Errorf("event %d: Kind %q is not one of %v", e.ID, e.Kind, allowedKinds)
		}
	}
}

// TestCatalogSourcesAndConfidence: every entry carries a public source URL,
// cited in its References, and a confidence; every reference is one a
// reader can open (a public URL, no project file); a documented event cites
// Microsoft.
func TestCatalogSourcesAndConfidence(t *testing.T) {
	for _, e := range All() {
		if !strings.HasPrefix(e.Source, "https://") {
			t.Errorf("event %d: Source %q is not a public https URL", e.ID, e.Source)
		}
		cited := false
		for _, r := range e.References {
			cited = cited || strings.HasSuffix(r, e.Source)
		}
		if !cited {
			t.Errorf("event %d: Source %s is not among its References %v", e.ID, e.Source, e.References)
		}
		if !e.Confidence.Valid() {
			t.Errorf("event %d: Confidence %q is not one of documented, field, inferred", e.ID, e.Confidence)
		}
		if e.Confidence == ConfidenceDocumented && !strings.Contains(e.Source, "microsoft.com/") {
			t.Errorf("event %d is documented by Microsoft, but its Source %s is not a Microsoft page", e.ID, e.Source)
		}
		for _, r := range e.References {
			if !strings.Contains(r, "https://") {
				t.Errorf("event %d: reference %q has no URL a reader can open", e.ID, r)
			}
			if strings.Contains(r, ".md") || strings.Contains(r, "shared/") || strings.Contains(r, "opsmgr-auth-events") {
				t.Errorf("event %d: reference %q points at a project file, not shipped with the binary", e.ID, r)
			}
		}
	}
	for _, c := range []Confidence{"", "high", "Documented"} {
		if c.Valid() {
			t.Errorf("Confidence(%q).Valid() = true", c)
		}
	}
}

// TestEventSequences: each load event is followed by 21021, then 21007 on
// each connection attempt, then 21016; 21007 and 21021 show the load event
// before them; 20072 on the receiver pairs with the sender's 20071. Every
// step is a known event (or 0, the load event) and an event with a sequence
// appears in it.
func TestEventSequences(t *testing.T) {
	ids := func(seq []LogStep) []int {
		var out []int
		for _, s := range seq {
			out = append(out, s.ID)
		}
		return out
	}
	for _, id := range LoadEvents() {
		e, ok := Lookup(id)
		if !ok {
			t.Errorf("load event %d is not in the catalog", id)
			continue
		}
		if got, want := ids(e.Sequence), []int{id, 21021, 21007, 21016}; !reflect.DeepEqual(got, want) {
			t.Errorf("event %d: sequence %v, want %v", id, got, want)
		}
	}
	for _, id := range []int{21021, 21007} {
		e, _ := Lookup(id)
		if got, want := ids(e.Sequence), []int{0, 21021, 21007, 21016}; !reflect.DeepEqual(got, want) {
			t.Errorf("event %d: sequence %v, want %v", id, got, want)
		}
	}
	for _, id := range []int{20072, 20071} {
		e, _ := Lookup(id)
		if got, want := ids(e.Sequence), []int{20072, 20071, 21016}; !reflect.DeepEqual(got, want) {
			t.Errorf("event %d: sequence %v, want %v", id, got, want)
		}
	}
	for _, e := range All() {
		if len(e.Sequence) == 0 {
			continue
		}
		self := false
		for _, s := range e.Sequence {
			self = self || s.ID == e.ID
			if _, ok := Lookup(s.ID); s.ID != 0 && !ok {
				t.Errorf("event %d: sequence step %d is not in the catalog", e.ID, s.ID)
			}
			if strings.TrimSpace(s.Note) == "" {
				t.Errorf("event %d: sequence step %d has no note", e.ID, s.ID)
			}
		}
		if !self {
			t.Errorf("event %d: its sequence %v does not contain it", e.ID, ids(e.Sequence))
		}
	}
}

// TestCatalogProviderAndBits: the catalog recommends one provider,
// RecommendedCSP, wherever it names one in a fix; and it states key usage
// values with their real bits (0xf0 is four bits, 0xa0 two).
func TestCatalogProviderAndBits(t *testing.T) {
	provider := regexp.MustCompile(`"(Microsoft [^"]*(?:Provider|CSP))"`)
	named := 0
	for _, e := range All() {
		for _, f := range append(append([]string{}, e.Fixes...), e.Checks...) {
			for _, m := range provider.FindAllStringSubmatch(f, -1) {
				named++
				if m[1] != RecommendedCSP {
					t.Errorf("event %d recommends %q; certlint recommends %q only: %s", e.ID, m[1], RecommendedCSP, f)
				}
			}
		}
		for field, text := range eventTexts(e) {
			if err := checkKeyUsageBits(text); err != "" {
				t.Errorf("event %d %s: %s", e.ID, field, err)
			}
		}
	}
	if named == 0 {
		t.Fatal("no fix names a provider: the check checked nothing")
	}
	if checkKeyUsageBits("KeyUsage = 0xf0 (digital signature and key encipherment)") == "" {
		t.Error("the bit check accepts 0xf0 described as two bits")
	}
}

// checkKeyUsageBits returns what is wrong with how text describes the key
// usage values 0xf0 and 0xa0, or "".
func checkKeyUsageBits(text string) string {
	lower := strings.ToLower(text)
	if strings.Contains(lower, "0xf0") {
		for _, bit := range []string{"digitalsignature", "nonrepudiation", "keyencipherment", "dataencipherment"} {
			if !strings.Contains(lower, bit) {
				return "mentions 0xf0 without naming " + bit + " (0xf0 is digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment)"
			}
		}
	}
	if strings.Contains(lower, "0xa0") || strings.Contains(lower, " a0 ") {
		for _, bit := range []string{"digitalsignature", "keyencipherment"} {
			if !strings.Contains(strings.ReplaceAll(lower, " ", ""), bit) {
				return "mentions 0xa0 without naming " + bit
			}
		}
	}
	return ""
}

// TestEventAdvice checks that the texts name the commands and places an admin
// needs for each kind of problem.
func TestEventAdvice(t *testing.T) {
	for _, e := range All() {
		if (e.Kind == KindKerberos || e.Kind == KindNetwork) && len(e.Checks) == 0 {
			t.Errorf("%s event %d has no Checks", e.Kind, e.ID)
		}
		if e.Kind == KindCertificate {
			all := strings.Join(append(append([]string{}, e.Fixes...), e.Checks...), "\n")
			if !strings.Contains(all, "MOMCertImport") && !strings.Contains(all, "certutil") && !strings.Contains(all, "certlm.msc") {
				t.Errorf("certificate event %d: Fixes and Checks name none of MOMCertImport, certutil, certlm.msc", e.ID)
			}
		}
	}
	tests := []struct {
		id    int
		field string // "Checks", "Fixes" or "all"
		want  []string
	}{
		{20057, "Checks", []string{"setspn -L", "MSOMHSvc/"}},
		{20057, "Fixes", []string{"setspn -S MSOMHSvc/", "forest trust"}},
		{21001, "Checks", []string{"setspn -L", "setspn -F -Q MSOMHSvc/"}},
		{21001, "Fixes", []string{"setspn -S MSOMHSvc/"}},
		{21035, "Fixes", []string{"setspn -S MSOMHSvc/"}},
		{21008, "Checks", []string{"nltest", "nslookup", "-Port 88"}},
		{21005, "Checks", []string{"nslookup <server-fqdn>", "nslookup <agent-ip-address>"}},
		{21006, "Checks", []string{"Test-NetConnection <server-fqdn> -Port 5723", "telnet"}},
		{21016, "Checks", []string{"Operations Manager"}},
		{20070, "Checks", []string{"Get-SCOMPendingManagement"}},
		{20072, "all", []string{"Trusted Root Certification Authorities", "certutil -verify"}},
		{20069, "all", []string{"AT_KEYEXCHANGE", "Key Storage Provider", "Legacy Cryptographic Service Provider", "MOMCertImport", RecommendedCSP}},
		{20049, "all", []string{"no message text", "0xA0", "unconfirmed"}},
		{20052, "all", []string{"first DNS name", "subject CN", "KB947691", "MOMCertImport"}},
		{20053, "all", []string{"MOMCertImport", "HealthService"}},
		{20051, "all", []string{"w32tm", "MOMCertImport"}},
		{20071, "all", []string{"20072", "Trusted Root"}},
		{21021, "all", []string{"20049", "20050", "20051", "20052", "20066", "20069", "20077"}},
		{21007, "all", []string{"21021", "load event", "KB947691"}},
		{20068, "all", []string{"certutil -repairstore My", "certlm.msc"}},
		{21036, "all", []string{"certutil -repairstore My", "MOMCertImport", "ChannelCertificateSerialNumber"}},
		{20066, "all", []string{"ChannelCertificateSerialNumber", `HKLM\SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\Machine Settings`, "reverse"}},
		{21007, "all", []string{"KB947691", "MOMCertImport"}},
		{20050, "all", []string{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}},
	}
	for _, tc := range tests {
		e, ok := Lookup(tc.id)
		if !ok {
			t.Errorf("event %d missing", tc.id)
			continue
		}
		var text string
		switch tc.field {
		case "Checks":
			text = strings.Join(e.Checks, "\n")
		case "Fixes":
			text = strings.Join(e.Fixes, "\n")
		default:
			parts := []string{e.Title, e.Meaning}
			parts = append(parts, e.Causes...)
			parts = append(parts, e.Fixes...)
			parts = append(parts, e.Checks...)
			text = strings.Join(parts, "\n")
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("event %d: %s do not mention %q", tc.id, tc.field, w)
			}
		}
	}
}

// TestNoCopiedPhrases checks that no text of the catalog repeats a run of
// copyRunWords consecutive words of the reference file: its table cells, and
// for good measure its other prose too.
func TestNoCopiedPhrases(t *testing.T) {
	text := readReference(t)
	rows := parseReferenceTable(text)
	if len(rows) == 0 {
		t.Fatal("no event rows parsed from the reference table")
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, r.cells...)
	}
	var prose []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "|") {
			prose = append(prose, line)
		}
	}
	sources := copyRunSet(copyRunWords, cells...)
	for k := range copyRunSet(copyRunWords, strings.Join(prose, "\n")) {
		sources[k] = true
	}
	if len(sources) == 0 {
		t.Fatal("the reference yields no word runs: the parser is broken")
	}
	for _, e := range All() {
		for field, s := range eventTexts(e) {
			if r := copiedRun(sources, s, copyRunWords); r != "" {
				t.Errorf("event %d %s copies %d words of the reference: %q", e.ID, field, copyRunWords, r)
			}
		}
	}
}

// TestCopyDetector shows the copy check can fail: it finds a copied run, and
// only runs of the full length.
func TestCopyDetector(t *testing.T) {
	src := copyRunSet(copyRunWords, "the CA chain (root to issuer) of the other side's certificate is not in the store")
	if r := copiedRun(src, "Cause: The CA chain, root to issuer, of the other side's certificate is missing.", copyRunWords); r == "" {
		t.Error("an 8-word copy (differing only in case and punctuation) was not detected")
	}
	if r := copiedRun(src, "the CA chain (root to issuer) of mine", copyRunWords); r != "" {
		t.Errorf("a 7-word overlap was reported as a copy: %q", r)
	}
	if got := copyWords("Needs Server Authentication (1.3.6.1.5.5.7.3.1)."); !reflect.DeepEqual(got, []string{"needs", "server", "authentication", "1.3.6.1.5.5.7.3.1"}) {
		t.Errorf("words: %q", got)
	}
	rows := parseReferenceTable("| event | a | kind |\n|---|---|---|\n| 20050 | x y | certificate |\nnot a row\n")
	if len(rows) != 1 || rows[0].id != 20050 || !reflect.DeepEqual(rows[0].cells, []string{"x y", "certificate"}) {
		t.Errorf("parseReferenceTable: %+v", rows)
	}
}

func TestLookupEventUnknown(t *testing.T) {
	for _, id := range []int{0, -1, 1, 20000, 20048, 99999} {
		e, ok := Lookup(id)
		if ok {
			t.Errorf("LookupEvent(%d) = %+v, true; want false", id, e)
		}
		if !reflect.DeepEqual(e, Event{}) {
			t.Errorf("LookupEvent(%d) returned a non-zero Event %+v with false", id, e)
		}
	}
}

func TestLookupEventReturnsCopy(t *testing.T) {
	before, ok := Lookup(21036)
	if !ok {
		t.Fatal("21036 missing")
	}
	got, _ := Lookup(21036)
	got.Title = "changed"
	got.Causes[0] = "changed"
	got.Fixes[0] = "changed"
	got.Checks[0] = "changed"
	got.References[0] = "changed"
	after, _ := Lookup(21036)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("changing LookupEvent's result changed the catalog:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestEventsSortedAndMutationSafe(t *testing.T) {
	first := All()
	if len(first) < len(referenceEventIDs) {
		t.Fatalf("Events() returned %d events, want at least %d", len(first), len(referenceEventIDs))
	}
	for i := 1; i < len(first); i++ {
		if first[i-1].ID >= first[i].ID {
			t.Errorf("Events() not sorted by ID: %d before %d", first[i-1].ID, first[i].ID)
		}
	}
	snapshot := All()
	for i := range first {
		first[i].ID = -i
		first[i].Kind = "changed"
		for _, s := range [][]string{first[i].Causes, first[i].Fixes, first[i].Checks, first[i].References} {
			for j := range s {
				s[j] = "changed"
			}
		}
	}
	first = append(first[:0], Event{ID: 1})
	_ = first
	if again := All(); !reflect.DeepEqual(again, snapshot) {
		t.Error("changing the result of Events() changed the catalog")
	}
	for _, e := range snapshot {
		looked, ok := Lookup(e.ID)
		if !ok || !reflect.DeepEqual(looked, e) {
			t.Errorf("LookupEvent(%d) disagrees with Events()", e.ID)
		}
	}
}

func eventsContain[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
