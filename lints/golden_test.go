package lints

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// chainLintName is the 20072 lint another file of the package provides;
// the golden table asserts chain expectations once it is registered.
const chainLintName = "e_opsmgr_chain_not_trusted"

// Expected findings are written "PRIMARY [RELATED...]" for an error (the
// lint's Event, then its RelatedEvents in order) and "NAME [RELATED...]" for
// a warning or notice, so that the table pins both the first event OpsMgr
// logs and the events an admin finds after it.
const (
	// chain20072 is what every chain lint reports: the receiver's 20072, then
	// the sender's 20071 and 21016.
	chain20072 = "20072 [20071 21016]"
	// caLeaf is the CA-as-leaf warning (no events).
	caLeaf = "w_opsmgr_ca_certificate_as_leaf []"
)

// goldenCase is what a correct linter reports for one fixture, linted the
// way a user would: role local unless said, at 2026-06-01T00:00:00Z,
// --roots ca/root.pem, --host where the fixture is about the host.
type goldenCase struct {
	role certlint.Role
	host string
	// intermediates adds --intermediates ca/intermediate.pem, for inputs that
	// hold the leaf alone (as a user linting a .cer would give it).
	intermediates bool
	// errors are the error findings, "PRIMARY [RELATED...]" (chain20072
	// included when the chain lints are registered).
	errors []string
	// warnings are the warning and notice findings, "NAME [RELATED...]".
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

	// Load events of this computer's own certificate, then 21021, 21007 on
	// each connection attempt, 21016.
	"fail_eku_server_only.pfx":       {errors: []string{"20050 [21021 21007 21016]"}},
	"fail_no_eku.pfx":                {errors: []string{"20050 [21021 21007 21016]"}},
	"fail_keysig.pfx":                {errors: []string{"20069 [21021 21007 21016]"}},
	"fail_ksp.pfx":                   {errors: []string{"20069 [21021 21007 21016]"}},
	"fail_ecdsa.pfx":                 {errors: []string{"20069 [21021 21007 21016]"}},
	"fail_ku_no_keyencipherment.pfx": {errors: []string{"20049 [21021 21007 21016]"}},
	"fail_no_private_key.pfx":        {errors: []string{"20077 [20068 21036 21021 21007 21016]"}},
	"fail_key_mismatch.pfx":          {errors: []string{"20068 [21036 21021 21007 21016]"}},
	"fail_key_unusable.pem":          {intermediates: true, errors: []string{"20068 [21036 21021 21007 21016]"}},
	"fail_empty_subject.pfx":         {errors: []string{"20075 [20076 21021 21007 21016]"}},
	"fail_expired.pfx":               {errors: []string{"20051 [21021 21007 21016]"}},
	"fail_not_yet_valid.pfx":         {errors: []string{"20051 [21021 21007 21016]"}},
	"fail_wrong_host.pfx":            {host: "agent01.contoso.test", errors: []string{"20052 [21021 21007 21016]"}},
	// Chain: the receiver's 20072, the sender's 20071 and 21016.
	"fail_unknown_root.pfx":         {errors: []string{chain20072}},
	"fail_missing_intermediate.pfx": {errors: []string{chain20072}},

	"warn_rsa1024.pfx":              {warnings: []string{"w_opsmgr_rsa_key_too_short []"}},
	"warn_sha1.pfx":                 {warnings: []string{"w_opsmgr_weak_signature_algorithm []"}},
	"warn_ca_leaf.pfx":              {warnings: []string{caLeaf, "w_opsmgr_chain_key_usage_basic_constraints []"}},
	"warn_short_hostname.pfx":       {warnings: []string{"w_opsmgr_short_host_name [20052 21021 21007 21016]"}},
	"warn_key_provider_unknown.pfx": {warnings: []string{"w_opsmgr_pfx_key_provider_unrecognized [20069 21021 21007 21016]"}},

	// The CA certificates are trust anchors, not OpsMgr certificates: linted
	// as a peer's certificate they lack the OpsMgr EKUs and key usage.
	"ca/root.pem":         {role: certlint.RoleRemote, errors: []string{"20050 [21021 21007 21016]", "20049 [21021 21007 21016]"}, warnings: []string{caLeaf}},
	"ca/intermediate.pem": {role: certlint.RoleRemote, errors: []string{"20050 [21021 21007 21016]", "20049 [21021 21007 21016]"}, warnings: []string{caLeaf}},
	"ca/other-root.pem":   {role: certlint.RoleRemote, errors: []string{chain20072, "20050 [21021 21007 21016]", "20049 [21021 21007 21016]"}, warnings: []string{caLeaf}},
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
	trust := func(intermediates bool) *chain.Store {
		ts := &chain.Store{Roots: load(t, "ca/root.pem").Certificates()}
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
			wantErrors := slices.Clone(tc.errors)
			if !chainLints {
				wantErrors = slices.DeleteFunc(wantErrors, func(s string) bool { return s == chain20072 })
			}
			gotErrors, gotWarnings := findings(t, rep)
			if !sameSet(gotErrors, wantErrors) || !sameSet(gotWarnings, tc.warnings) {
				t.Errorf("errors %q, warnings %q;\nwant errors %q, warnings %q", gotErrors, gotWarnings, wantErrors, tc.warnings)
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

// findings returns the error findings as "PRIMARY [RELATED...]" and the
// warning and notice findings as "NAME [RELATED...]". A fatal result fails
// the test.
func findings(t *testing.T, rep *certlint.Report) (errors []string, warnings []string) {
	t.Helper()
	for _, r := range rep.Results {
		switch {
		case r.Status == lint.Fatal:
			t.Errorf("%s: fatal: %s", r.Lint.Name, r.Details)
		case r.Status == lint.Error:
			if r.Lint.Event == 0 {
				t.Errorf("%s: error without an OpsMgr event", r.Lint.Name)
			}
			errors = append(errors, fmt.Sprintf("%d %v", r.Lint.Event, r.Lint.RelatedEvents))
		case r.Status >= lint.Notice:
			warnings = append(warnings, fmt.Sprintf("%s %v", r.Lint.Name, r.Lint.RelatedEvents))
		}
	}
	return errors, warnings
}

// sameSet compares got and want as sets.
func sameSet(got, want []string) bool {
	g := map[string]bool{}
	for _, s := range got {
		g[s] = true
	}
	w := map[string]bool{}
	for _, s := range want {
		w[s] = true
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
