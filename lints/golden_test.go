package lints

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// chainLintName is the 20072 lint another file (lint_chain_*.go) provides;
// the golden table asserts chain expectations once it is registered.
const chainLintName = "e_opsmgr_chain_not_trusted"

// goldenCase is what a correct linter reports for one fixture, linted the
// way a user would: role local unless said, at 2026-06-01T00:00:00Z,
// --roots ca/root.pem, --host where the fixture is about the host.
type goldenCase struct {
	role certlint.Role
	host string
	// intermediates adds --intermediates ca/intermediate.pem, for inputs that
	// hold the leaf alone (as a user linting a .cer would give it).
	intermediates bool
	// events are the OpsMgr events of the error findings (20072 excluded).
	events []int
	// chain20072 is true when the chain lint must report 20072.
	chain20072 bool
	// warnings are the names of the warning (and notice) findings.
	warnings []string
}

var golden = map[string]goldenCase{
	"good_agent.pfx":            {},
	"good_agent_legacy.pfx":     {},
	"good_agent_lmk.pfx":        {},
	"good_agent_nopassword.pfx": {},
	"good_agent_noattrs.pfx":    {},
	"good_ms.pfx":               {},
	"good_agent.pem":            {},
	"good_agent_pkcs1.pem":      {intermediates: true},
	"good_agent_encrypted.pem":  {intermediates: true},
	"good_agent.cer":            {role: certlint.RoleRemote, intermediates: true},
	"good_agent_b64.cer":        {role: certlint.RoleRemote, intermediates: true},
	"chain.p7b":                 {role: certlint.RoleRemote},
	"chain_pem.p7b":             {role: certlint.RoleRemote},

	"fail_eku_server_only.pfx":       {events: []int{20050}},
	"fail_no_eku.pfx":                {events: []int{20050}},
	"fail_keysig.pfx":                {events: []int{20069}},
	"fail_ksp.pfx":                   {events: []int{20069}},
	"fail_ecdsa.pfx":                 {events: []int{20069}},
	"fail_ku_no_keyencipherment.pfx": {events: []int{20069}},
	"fail_no_private_key.pfx":        {events: []int{21036}},
	"fail_key_mismatch.pfx":          {events: []int{20068}},
	"fail_key_unusable.pem":          {intermediates: true, events: []int{20068}},
	"fail_unknown_root.pfx":          {chain20072: true},
	"fail_missing_intermediate.pfx":  {chain20072: true},
	"fail_empty_subject.pfx":         {events: []int{20075}},
	"fail_expired.pfx":               {events: []int{21007}},
	"fail_not_yet_valid.pfx":         {events: []int{21007}},
	"fail_wrong_host.pfx":            {host: "agent01.contoso.test", events: []int{21007}},

	"warn_rsa1024.pfx":              {warnings: []string{"w_opsmgr_rsa_key_too_short"}},
	"warn_sha1.pfx":                 {warnings: []string{"w_opsmgr_weak_signature_algorithm"}},
	"warn_ca_leaf.pfx":              {warnings: []string{"w_opsmgr_ca_certificate_as_leaf", "w_opsmgr_chain_key_usage_basic_constraints"}},
	"warn_short_hostname.pfx":       {warnings: []string{"w_opsmgr_short_host_name"}},
	"warn_key_provider_unknown.pfx": {warnings: []string{"w_opsmgr_pfx_key_provider_unrecognized"}},

	// The CA certificates are trust anchors, not OpsMgr certificates: linted
	// as a peer's certificate they lack the OpsMgr EKUs and keyEncipherment.
	"ca/root.pem":         {role: certlint.RoleRemote, events: []int{20050, 20069}, warnings: []string{"w_opsmgr_ca_certificate_as_leaf"}},
	"ca/intermediate.pem": {role: certlint.RoleRemote, events: []int{20050, 20069}, warnings: []string{"w_opsmgr_ca_certificate_as_leaf"}},
	"ca/other-root.pem":   {role: certlint.RoleRemote, chain20072: true, events: []int{20050, 20069}, warnings: []string{"w_opsmgr_ca_certificate_as_leaf"}},
}

// goldenSkip are the files of testdata/ that are not lint inputs.
var goldenSkip = map[string]bool{"README.md": true, "password.txt": true}

// TestGolden lints every file in testdata/ and compares the findings with
// the table above. A fixture without an expectation fails the test, and so
// does an expectation without a fixture; testdata/examples/ must hold exact
// copies of fixtures.
func TestGolden(t *testing.T) {
	chainLints := certlint.LintByName(chainLintName) != nil
	if !chainLints {
		t.Logf("%s is not registered: 20072 expectations are not asserted", chainLintName)
	}
	trust := func(intermediates bool) *certlint.TrustStore {
		ts := &certlint.TrustStore{Roots: load(t, "ca/root.pem").Certificates()}
		if intermediates {
			ts.Intermediates = load(t, "ca/intermediate.pem").Certificates()
		}
		return ts
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(testdataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(testdataDir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "gen" {
				return filepath.SkipDir
			}
			return nil
		}
		if goldenSkip[rel] {
			return nil
		}
		if dir, name := filepath.Split(rel); dir == "examples/" {
			t.Run(rel, func(t *testing.T) {
				a, errA := os.ReadFile(path)
				b, errB := os.ReadFile(filepath.Join(testdataDir, name))
				if errA != nil || errB != nil || !bytes.Equal(a, b) {
					t.Errorf("%s is not an exact copy of %s (regenerate with go run ./testdata/gen)", rel, name)
				}
			})
			return nil
		}
		tc, ok := golden[rel]
		if !ok {
			t.Errorf("testdata/%s has no golden expectation: add it to lints/golden_test.go", rel)
			return nil
		}
		seen[rel] = true
		t.Run(rel, func(t *testing.T) {
			cfg := certlint.Config{Role: tc.role, Host: tc.host, At: fixtureAt, Trust: trust(tc.intermediates)}
			if cfg.Role == "" {
				cfg.Role = certlint.RoleLocal
			}
			rep, err := certlint.Run(load(t, rel), &certlint.RunOptions{Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			wantEvents := slices.Clone(tc.events)
			if chainLints && tc.chain20072 {
				wantEvents = append(wantEvents, 20072)
			}
			gotEvents, gotWarnings := findings(t, rep)
			if !sameSet(gotEvents, wantEvents) || !sameSet(gotWarnings, tc.warnings) {
				t.Errorf("events %v, warnings %v; want events %v, warnings %v", gotEvents, gotWarnings, wantEvents, tc.warnings)
				for _, r := range rep.Results {
					if r.Status >= lint.Notice {
						t.Logf("  %s %v: %s", r.Lint.Name, r.Status, r.Details)
					}
				}
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range golden {
		if !seen[name] {
			t.Errorf("golden expectation for %s but no such file in testdata/", name)
		}
	}
}

// findings returns the distinct events of a report's error findings and the
// names of its warning and notice findings. A fatal result fails the test.
func findings(t *testing.T, rep *certlint.Report) (events []string, warnings []string) {
	t.Helper()
	for _, r := range rep.Results {
		switch {
		case r.Status == lint.Fatal:
			t.Errorf("%s: fatal: %s", r.Lint.Name, r.Details)
		case r.Status == lint.Error:
			if r.Lint.Event == 0 {
				t.Errorf("%s: error without an OpsMgr event", r.Lint.Name)
			}
			events = append(events, strconv.Itoa(r.Lint.Event))
		case r.Status >= lint.Notice:
			warnings = append(warnings, r.Lint.Name)
		}
	}
	return events, warnings
}

// sameSet compares got (strings) with want as sets.
func sameSet[T int | string](got []string, want []T) bool {
	g := map[string]bool{}
	for _, s := range got {
		g[s] = true
	}
	w := map[string]bool{}
	for _, v := range want {
		switch v := any(v).(type) {
		case int:
			w[strconv.Itoa(v)] = true
		case string:
			w[v] = true
		}
	}
	if len(g) != len(w) {
		return false
	}
	for k := range w {
		if !g[k] {
			return false
		}
	}
	return true
}

// The good agent certificate, in every container, gives no finding at all
// (no notice either), and each lint says why it passed or did not apply.
func TestGoodAgentHasNoFindings(t *testing.T) {
	names := []string{}
	for n := range golden {
		if len(n) > 10 && n[:10] == "good_agent" && filepath.Ext(n) == ".pfx" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) < 5 {
		t.Fatalf("only %d good_agent PFX fixtures in the table", len(names))
	}
	for _, n := range names {
		rep, err := certlint.Run(load(t, n), &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleLocal, At: fixtureAt, Host: "agent01.contoso.test"}})
		if err != nil {
			t.Fatal(err)
		}
		if w := rep.Worst(); w > lint.Pass {
			t.Errorf("%s: worst status %v, want pass", n, w)
		}
		if len(rep.Results) != len(certlint.Lints()) {
			t.Errorf("%s: %d results for %d lints", n, len(rep.Results), len(certlint.Lints()))
		}
	}
}
