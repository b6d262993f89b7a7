package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3"
	"github.com/zmap/zlint/v3/lint"
)

// TestCertificateLintResultsNotShared: the certificate lints are also in
// zlint's registry, whose ResultSet writes each lint's metadata into the
// result the lint returns; a result shared between calls would be written
// by every zlint run at once. Each call must give a value of its own, for
// passing and failing certificates; and zlint run over them reports each
// lint under its own name.
func TestCertificateLintResultsNotShared(t *testing.T) {
	fixtures := []string{"good_agent.pfx", "fail_no_eku.pfx", "fail_ecdsa.pfx", "warn_rsa1024.pfx", "warn_sha1.pfx", "warn_ca_leaf.pfx", "warn_short_hostname.pfx", "fail_ku_no_keyencipherment.pfx"}
	checked := 0
	for _, f := range fixtures {
		c := load(t, f).Leaf.Parsed
		for _, l := range certlint.Lints() {
			if l.Certificate == nil {
				continue
			}
			impl := l.Certificate.Lint()
			if !impl.CheckApplies(c) {
				continue
			}
			a, b := impl.Execute(c), impl.Execute(c)
			if a == b {
				t.Errorf("%s on %s: two calls returned one result value", l.Name, f)
			}
			checked++
		}
		reg, err := lint.GlobalRegistry().Filter(lint.FilterOptions{IncludeSources: lint.SourceList{certlint.SourceOpsMgr}})
		if err != nil {
			t.Fatal(err)
		}
		rs := zlint.LintCertificateEx(c, reg)
		for name, r := range rs.Results {
			if r.LintMetadata.Name != "" && r.LintMetadata.Name != name {
				t.Errorf("zlint on %s: result of %s carries the metadata of %s", f, name, r.LintMetadata.Name)
			}
		}
	}
	if checked < len(fixtures) {
		t.Fatalf("only %d certificate lint calls checked", checked)
	}
}

// TestLintExecuteResultIsCallers: Lint.Execute gives the caller a value of
// its own even where the lint returns a shared one (pass).
func TestLintExecuteResultIsCallers(t *testing.T) {
	in := &certlint.Input{Bundle: load(t, "good_agent.pfx"), Config: certlint.Config{Role: certlint.RoleLocal, At: fixtureAt}}
	n := 0
	for _, l := range certlint.Lints() {
		if l.Bundle == nil {
			continue
		}
		a := l.Execute(in)
		if a.Status != lint.Pass {
			continue
		}
		a.Status, a.Details = lint.Error, "changed by the caller"
		if b := l.Execute(in); b.Status != lint.Pass || b.Details != "" {
			t.Errorf("%s: after a caller changed a result, the next is %v %q", l.Name, b.Status, b.Details)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d bundle lints pass on good_agent.pfx", n)
	}
}
