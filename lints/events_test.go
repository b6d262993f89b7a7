package lints

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// publicSources are the URLs a lint's event mapping may cite.
var publicSources = []string{
	events.URLAgentConnectivity, events.URLGrayAgents, events.URLWorkgroup, events.URLObtainCertificate,
	events.URLGateway, events.URLFieldGuide, events.URLFieldScript, events.URLCertGetNameString,
}

// TestLintEventMappings: every lint that names events carries the source
// and the confidence of that mapping; every event it names is in the
// catalog; and its related events include, in order, what the catalog says
// the connector logs after its primary event (21021, 21007, 21016 after a
// load event; 20071, 21016 after 20072), so that an admin searching the log
// for any of them finds the lint.
func TestLintEventMappings(t *testing.T) {
	mapped := 0
	for _, l := range certlint.Lints() {
		hasEvents := l.Event != 0 || len(l.RelatedEvents) > 0
		if !hasEvents {
			if l.EventSource != "" || l.EventConfidence != "" {
				t.Errorf("%s names no event but has a mapping source %q / confidence %q", l.Name, l.EventSource, l.EventConfidence)
			}
			continue
		}
		mapped++
		if !slices.Contains(publicSources, l.EventSource) {
			t.Errorf("%s: EventSource %q is not one of the public sources %v", l.Name, l.EventSource, publicSources)
		}
		if !l.EventConfidence.Valid() {
			t.Errorf("%s: EventConfidence %q is not documented, field or inferred", l.Name, l.EventConfidence)
		}
		if l.EventConfidence == events.ConfidenceDocumented && !strings.Contains(l.EventSource, "microsoft.com/") {
			t.Errorf("%s: a mapping documented by Microsoft cites %s", l.Name, l.EventSource)
		}
		for _, id := range append([]int{l.Event}, l.RelatedEvents...) {
			if _, ok := events.Lookup(id); id != 0 && !ok {
				t.Errorf("%s names event %d, which the catalog does not know", l.Name, id)
			}
		}
		if slices.Contains(l.RelatedEvents, l.Event) {
			t.Errorf("%s: its primary event %d is also among its related events %v", l.Name, l.Event, l.RelatedEvents)
		}
		seen := map[int]bool{}
		for _, id := range l.RelatedEvents {
			if seen[id] {
				t.Errorf("%s: related event %d listed twice", l.Name, id)
			}
			seen[id] = true
		}
		if l.Event == 0 {
			continue
		}
		e, _ := events.Lookup(l.Event)
		last := -1
		for _, st := range e.Sequence {
			if st.ID == 0 || st.ID == l.Event {
				continue
			}
			i := slices.Index(l.RelatedEvents, st.ID)
			if i < 0 {
				t.Errorf("%s: event %d is followed by %d in the log, which is not among its related events %v", l.Name, l.Event, st.ID, l.RelatedEvents)
				continue
			}
			if i < last {
				t.Errorf("%s: related events %v are not in the order the log shows them", l.Name, l.RelatedEvents)
			}
			last = i
		}
	}
	if mapped < 15 {
		t.Fatalf("only %d lints name events: the check checked little", mapped)
	}
}

// TestMissionEventsReachable: each of these events is found by at least one
// lint, as its first event or as a related one.
func TestMissionEventsReachable(t *testing.T) {
	for _, id := range []int{20049, 20050, 20051, 20052, 20068, 20069, 20071, 20072, 20075, 20076, 20077, 21007, 21016, 21021, 21036} {
		if len(certlint.LintsForEvent(id)) == 0 {
			t.Errorf("no lint finds event %d", id)
		}
	}
	// The first events, for the defects the issue names.
	for name, want := range map[string]int{
		"e_opsmgr_cert_expired":                                     20051,
		"e_opsmgr_cert_not_yet_valid":                               20051,
		"e_opsmgr_host_name_mismatch":                               20052,
		"e_opsmgr_ku_missing_digital_signature_or_key_encipherment": 20049,
		"e_opsmgr_pfx_key_in_cng_ksp":                               20069,
		"e_opsmgr_pfx_key_spec_signature":                           20069,
		"e_opsmgr_private_key_missing":                              20077,
		"e_opsmgr_chain_not_trusted":                                20072,
	} {
		l := certlint.LintByName(name)
		if l == nil || l.Event != want {
			t.Errorf("%s: first event %v, want %d", name, l, want)
		}
	}
	if l := certlint.LintByName("w_opsmgr_cert_expiring_soon"); l == nil || !slices.Contains(l.RelatedEvents, 20051) {
		t.Errorf("the expiry warning does not point at 20051")
	}
	if l := certlint.LintByName("e_opsmgr_ku_missing_digital_signature_or_key_encipherment"); l == nil || l.EventConfidence != events.ConfidenceInferred {
		t.Errorf("the key usage mapping to 20049 must say it is inferred")
	}
}

// TestLintTextsProviderBitsSources: every fix names one provider,
// certlint.RecommendedCSP; key usage values are stated with their real
// bits; citations name KB947691 by its real title and cite public URLs, not
// project files.
func TestLintTextsProviderBitsSources(t *testing.T) {
	provider := regexp.MustCompile(`"(Microsoft [^"]*(?:Provider|CSP))"`)
	named := 0
	for _, l := range certlint.Lints() {
		for _, text := range []string{l.Fix, l.FixRemote, l.Description} {
			for _, m := range provider.FindAllStringSubmatch(text, -1) {
				named++
				if m[1] != events.RecommendedCSP {
					t.Errorf("%s recommends %q; certlint recommends %q only", l.Name, m[1], events.RecommendedCSP)
				}
			}
			lower := strings.ToLower(text)
			if strings.Contains(lower, "0xf0") && !(strings.Contains(lower, "nonrepudiation") && strings.Contains(lower, "dataencipherment")) {
				t.Errorf("%s: 0xf0 without its four bits: %s", l.Name, text)
			}
			if strings.Contains(lower, "0xa0") && !(strings.Contains(lower, "digitalsignature") && strings.Contains(lower, "keyencipherment")) {
				t.Errorf("%s: 0xa0 without its two bits: %s", l.Name, text)
			}
		}
		if strings.Contains(l.Citation, "KB947691") && !strings.Contains(l.Citation, "Can't monitor a workgroup computer without a gateway server") {
			t.Errorf("%s cites KB947691 without its real title: %s", l.Name, l.Citation)
		}
		if !strings.Contains(l.Citation, "https://") && !strings.HasPrefix(l.Citation, "RFC") {
			t.Errorf("%s: citation %q has no URL a reader can open", l.Name, l.Citation)
		}
		if strings.Contains(l.Citation, ".md") || strings.Contains(l.Citation, "shared/") {
			t.Errorf("%s: citation %q points at a project file", l.Name, l.Citation)
		}
	}
	if named < 3 {
		t.Fatalf("only %d provider names in the fixes: the check checked little", named)
	}
}

// TestFixWordedForRole: over every fixture, linted as this computer's own
// certificate and as a peer's, the fix shown for a finding is written for
// the computer that owns the certificate: a peer's certificate is never
// "this computer's", and this computer's own certificate is not sent to the
// management server.
func TestFixWordedForRole(t *testing.T) {
	roots := load(t, "ca/root.pem").Certificates()
	checked := map[certlint.Role]int{}
	err := filepath.WalkDir(testdataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(testdataDir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "gen" || rel == "examples" {
				return filepath.SkipDir
			}
			return nil
		}
		if goldenSkip[rel] {
			return nil
		}
		b := load(t, rel)
		for _, role := range []certlint.Role{certlint.RoleLocal, certlint.RoleRemote} {
			for _, at := range []time.Time{fixtureAt, time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC)} {
				cfg := certlint.Config{Role: role, Host: "other.example", At: at, Trust: &chain.Store{Roots: roots}}
				rep, err := certlint.Run(b, &certlint.RunOptions{Config: cfg})
				if err != nil {
					t.Fatalf("%s: %v", rel, err)
				}
				if rep.Role != role {
					t.Fatalf("%s: report role %q, want %q", rel, rep.Role, role)
				}
				for _, r := range rep.Results {
					if r.Status < lint.Notice {
						continue
					}
					checked[role]++
					fix := r.Lint.FixFor(rep.Role)
					switch role {
					case certlint.RoleRemote:
						if strings.Contains(fix, "this computer's") || strings.HasPrefix(fix, "On this computer:") {
							t.Errorf("%s (remote): %s tells the admin to change this computer's certificate: %s", rel, r.Lint.Name, fix)
						}
					case certlint.RoleLocal:
						if strings.Contains(fix, "this certificate belongs to") || strings.Contains(fix, "the peer's certificate") {
							t.Errorf("%s (local): %s sends the fix of this computer's certificate elsewhere: %s", rel, r.Lint.Name, fix)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked[certlint.RoleLocal] == 0 || checked[certlint.RoleRemote] == 0 {
		t.Fatalf("findings checked per role: %v", checked)
	}
	// A lint with a remote wording gives it for role remote only.
	l := certlint.LintByName("e_opsmgr_eku_missing_server_or_client_auth")
	if l.FixRemote == "" || l.FixFor(certlint.RoleRemote) != l.FixRemote || l.FixFor(certlint.RoleLocal) != l.Fix || l.Fix == l.FixRemote {
		t.Errorf("FixFor: local %q, remote %q", l.FixFor(certlint.RoleLocal), l.FixFor(certlint.RoleRemote))
	}
}
