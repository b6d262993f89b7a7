package certlint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/zmap/zlint/v3/lint"
)

// referenceEventIDs are the connector events of the field-guide table in
// ../shared/reference/opsmgr-auth-events.md. The list is kept here so the
// catalog is checked even where ../shared is absent;
// TestCatalogHasReferenceFileEvents keeps it in step with the file.
var referenceEventIDs = []int{
	20050, 20057, 20068, 20069, 20070, 20072, 20075, 20076, 20077,
	21001, 21005, 21006, 21007, 21008, 21016, 21035, 21036,
}

// copyRunWords is the length of a run of consecutive words that counts as
// copying from the reference.
const copyRunWords = 8

// referenceRow is one row of the reference table.
type referenceRow struct {
	id    int
	cells []string // every cell after the event ID
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

// parseReferenceTable returns the rows of the markdown table whose first cell
// is an event ID.
func parseReferenceTable(text string) []referenceRow {
	var rows []referenceRow
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		parts := strings.Split(strings.Trim(line, "|"), "|")
		if len(parts) < 2 {
			continue
		}
		id, err := strconv.Atoi(strings.TrimSpace(parts[0]))
		if err != nil {
			continue // header or separator row
		}
		row := referenceRow{id: id}
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
		e, ok := LookupEvent(id)
		if !ok {
			t.Errorf("event %d of the reference table is missing from the catalog", id)
			continue
		}
		if e.ID != id {
			t.Errorf("LookupEvent(%d) returned event %d", id, e.ID)
		}
		if !eventsContain(e.References, refFieldFacts) {
			t.Errorf("event %d: References do not cite the field-guide reference %q", id, refFieldFacts)
		}
	}
}

func TestCatalogHasReferenceFileEvents(t *testing.T) {
	rows := parseReferenceTable(readReference(t))
	if len(rows) == 0 {
		t.Fatal("no event rows parsed from the reference table")
	}
	var fileIDs []int
	for _, r := range rows {
		fileIDs = append(fileIDs, r.id)
		e, ok := LookupEvent(r.id)
		if !ok {
			t.Errorf("event %d of the reference file is missing from the catalog", r.id)
			continue
		}
		// The last cell is the kind: "certificate", "Kerberos", "network",
		// "general", or "Kerberos / network" (either fits).
		kindCell := strings.ToLower(r.cells[len(r.cells)-1])
		allowed := strings.Split(strings.ReplaceAll(kindCell, " ", ""), "/")
		if !eventsContain(allowed, e.Kind) {
			t.Errorf("event %d: Kind %q, the reference says %q", r.id, e.Kind, r.cells[len(r.cells)-1])
		}
	}
	sort.Ints(fileIDs)
	want := append([]int(nil), referenceEventIDs...)
	sort.Ints(want)
	if !reflect.DeepEqual(fileIDs, want) {
		t.Errorf("the reference file lists events %v; referenceEventIDs in this test lists %v: update the test list", fileIDs, want)
	}
}

func TestCatalogEntriesComplete(t *testing.T) {
	allowedKinds := []string{EventKindCertificate, EventKindKerberos, EventKindNetwork, EventKindGeneral}
	seen := map[int]bool{}
	for _, e := range Events() {
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
		// An event that is not in the field guide must cite Microsoft's
		// documentation with a URL.
		if !eventsContain(referenceEventIDs, e.ID) {
			cited := false
			for _, r := range e.References {
				if strings.Contains(r, "https://learn.microsoft.com/") {
					cited = true
				}
			}
			if !cited {
				t.Errorf("event %d is not in the field guide and cites no Microsoft Learn URL: %v", e.ID, e.References)
			}
		}
	}
}

// TestEventAdvice checks that the texts name the commands and places an admin
// needs for each kind of problem.
func TestEventAdvice(t *testing.T) {
	for _, e := range Events() {
		if (e.Kind == EventKindKerberos || e.Kind == EventKindNetwork) && len(e.Checks) == 0 {
			t.Errorf("%s event %d has no Checks", e.Kind, e.ID)
		}
		if e.Kind == EventKindCertificate {
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
		{20069, "all", []string{"AT_KEYEXCHANGE", "Key Storage Provider", "Legacy Cryptography Service Provider", "MOMCertImport"}},
		{20068, "all", []string{"certutil -repairstore My", "certlm.msc"}},
		{21036, "all", []string{"certutil -repairstore My", "MOMCertImport", "ChannelCertificateSerialNumber"}},
		{20066, "all", []string{"ChannelCertificateSerialNumber", `HKLM\SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\Machine Settings`, "reverse"}},
		{21007, "all", []string{"KB947691", "MOMCertImport"}},
		{20050, "all", []string{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}},
	}
	for _, tc := range tests {
		e, ok := LookupEvent(tc.id)
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
	for _, e := range Events() {
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
	for _, id := range []int{0, -1, 1, 20000, 20049, 99999} {
		e, ok := LookupEvent(id)
		if ok {
			t.Errorf("LookupEvent(%d) = %+v, true; want false", id, e)
		}
		if !reflect.DeepEqual(e, Event{}) {
			t.Errorf("LookupEvent(%d) returned a non-zero Event %+v with false", id, e)
		}
	}
}

func TestLookupEventReturnsCopy(t *testing.T) {
	before, ok := LookupEvent(21036)
	if !ok {
		t.Fatal("21036 missing")
	}
	got, _ := LookupEvent(21036)
	got.Title = "changed"
	got.Causes[0] = "changed"
	got.Fixes[0] = "changed"
	got.Checks[0] = "changed"
	got.References[0] = "changed"
	after, _ := LookupEvent(21036)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("changing LookupEvent's result changed the catalog:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestEventsSortedAndMutationSafe(t *testing.T) {
	first := Events()
	if len(first) < len(referenceEventIDs) {
		t.Fatalf("Events() returned %d events, want at least %d", len(first), len(referenceEventIDs))
	}
	for i := 1; i < len(first); i++ {
		if first[i-1].ID >= first[i].ID {
			t.Errorf("Events() not sorted by ID: %d before %d", first[i-1].ID, first[i].ID)
		}
	}
	snapshot := Events()
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
	if again := Events(); !reflect.DeepEqual(again, snapshot) {
		t.Error("changing the result of Events() changed the catalog")
	}
	for _, e := range snapshot {
		looked, ok := LookupEvent(e.ID)
		if !ok || !reflect.DeepEqual(looked, e) {
			t.Errorf("LookupEvent(%d) disagrees with Events()", e.ID)
		}
	}
}

func TestLintsForEvent(t *testing.T) {
	mk := func(name string, ev int, related ...int) *Lint {
		return &Lint{LintMetadata: lint.LintMetadata{Name: name}, OpsMgr: OpsMgr{Event: ev, RelatedEvents: related}}
	}
	all := []*Lint{
		mk("w_rsa_short", 0),
		mk("e_no_private_key", 21036, 20068, 20077),
		nil,
		mk("e_key_mismatch", 20068),
		mk("e_eku", 20050),
		mk("e_a_related_only", 20069, 20068),
	}
	names := func(ls []*Lint) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Name)
		}
		return out
	}
	tests := []struct {
		id   int
		want []string
	}{
		{20068, []string{"e_a_related_only", "e_key_mismatch", "e_no_private_key"}},
		{21036, []string{"e_no_private_key"}},
		{20077, []string{"e_no_private_key"}},
		{20050, []string{"e_eku"}},
		{21006, nil},
		{0, nil}, // 0 means "no event": the warning lint must not match
		{-1, nil},
	}
	for _, tc := range tests {
		if got := names(lintsForEvent(all, tc.id)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("lintsForEvent(%d) = %v, want %v", tc.id, got, tc.want)
		}
	}
	if got := lintsForEvent(nil, 20068); got != nil {
		t.Errorf("lintsForEvent(nil, 20068) = %v, want nil", got)
	}
}

// TestLintsForEventRegistry checks LintsForEvent against the registry as it
// stands in this test binary (lints registered by the package itself, if any).
func TestLintsForEventRegistry(t *testing.T) {
	if got := LintsForEvent(0); got != nil {
		t.Errorf("LintsForEvent(0) = %v, want nil", got)
	}
	registered := Lints()
	for _, e := range Events() {
		got := LintsForEvent(e.ID)
		want := lintsForEvent(registered, e.ID)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("LintsForEvent(%d) disagrees with the registry", e.ID)
		}
		for i, l := range got {
			if l.Event != e.ID && !eventsContain(l.RelatedEvents, e.ID) {
				t.Errorf("LintsForEvent(%d) returned %s, which raises %d %v", e.ID, l.Name, l.Event, l.RelatedEvents)
			}
			if i > 0 && got[i-1].Name > l.Name {
				t.Errorf("LintsForEvent(%d) not sorted by name", e.ID)
			}
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
