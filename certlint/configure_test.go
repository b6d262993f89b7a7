package certlint_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

// TestLinterConfigure: the Configure hook sets the role and host of each
// input once it is loaded; the report says what the input was linted as and
// why, and a CA certificate linted as role ca gets none of the
// computer-certificate findings it gets as role local.
func TestLinterConfigure(t *testing.T) {
	root, agent := fixture(t, "ca/root.pem"), fixture(t, "good_agent.cer")
	configure := func(b *certlint.Bundle, cfg *certlint.Config) string {
		if b.Name == root {
			cfg.Role = certlint.RoleCA
			return "given with --roots"
		}
		cfg.Role, cfg.Host = certlint.RoleRemote, "wrong.contoso.test"
		return "rule at .certlint.toml:3"
	}
	for _, withHook := range []bool{false, true} {
		l := &certlint.Linter{Run: certlint.RunOptions{Config: certlint.Config{At: batchAt}}}
		if withHook {
			l.Configure = configure
		}
		var reps []*certlint.Report
		err := l.Lint(certlint.WalkPaths([]string{root, agent}), func(r *certlint.Report) error {
			reps = append(reps, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		findings := func(r *certlint.Report) string {
			var names []string
			for _, res := range r.Findings(false) {
				names = append(names, res.Lint.Name)
			}
			return strings.Join(names, " ")
		}
		rootF, agentF := findings(reps[0]), findings(reps[1])
		if !withHook {
			if reps[0].Role != certlint.RoleLocal || reps[0].Basis != "" || !strings.Contains(rootF, "e_opsmgr_private_key_missing") {
				t.Errorf("without the hook: root role %q basis %q findings %s", reps[0].Role, reps[0].Basis, rootF)
			}
			continue
		}
		if reps[0].Role != certlint.RoleCA || reps[0].Basis != "given with --roots" || rootF != "" {
			t.Errorf("root as ca: role %q basis %q findings %q", reps[0].Role, reps[0].Basis, rootF)
		}
		if reps[1].Role != certlint.RoleRemote || reps[1].Host != "wrong.contoso.test" || !strings.Contains(agentF, "e_opsmgr_host_name_mismatch") {
			t.Errorf("agent: role %q host %q findings %s", reps[1].Role, reps[1].Host, agentF)
		}
		if got := report.LintedAs(reps[1]); got != "remote, host wrong.contoso.test (rule at .certlint.toml:3)" {
			t.Errorf("LintedAs = %q", got)
		}

		// JSON and text say it; an accepted finding is listed with its reason.
		r := reps[1]
		var kept []certlint.Result
		for _, res := range r.Results {
			if res.Lint.Name == "e_opsmgr_host_name_mismatch" {
				r.Suppressed = append(r.Suppressed, certlint.Suppressed{Result: res, Reason: "renamed next week", Source: ".certlint.toml:9"})
				continue
			}
			kept = append(kept, res)
		}
		r.Results = kept
		var buf bytes.Buffer
		if err := report.NewJSON(&buf, false).WriteReport(r); err != nil {
			t.Fatal(err)
		}
		var j report.JSONLine
		if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		if j.Role != "remote" || j.Host != "wrong.contoso.test" || j.Basis != "rule at .certlint.toml:3" ||
			len(j.Suppressed) != 1 || j.Suppressed[0].Lint != "e_opsmgr_host_name_mismatch" || j.Suppressed[0].Reason != "renamed next week" ||
			j.Suppressed[0].Source != ".certlint.toml:9" || j.Suppressed[0].Status != "error" {
			t.Errorf("JSON: %s", buf.String())
		}
		buf.Reset()
		w := report.NewText(&buf, report.TextOptions{})
		if err := w.WriteReport(r); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"  linted as        remote, host wrong.contoso.test (rule at .certlint.toml:3)\n",
			"  ACCEPT  e_opsmgr_host_name_mismatch  renamed next week (.certlint.toml:9)\n",
		} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("text lacks %q:\n%s", want, buf.String())
			}
		}
		for _, res := range r.Results {
			if res.Status >= lint.Notice {
				t.Errorf("unexpected finding %s", res.Lint.Name)
			}
		}
	}
}
