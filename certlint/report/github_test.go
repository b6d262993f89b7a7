package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
)

// TestGitHubWriter: one workflow command per finding with the level of its
// status, the file as the runner matches it, and the runner's escapes, so a
// message can neither end the command nor inject another one.
func TestGitHubWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewGitHub(&buf)
	r := testReport(t, "./certs/a,b.pfx")
	r.Role, r.Basis = certlint.RoleRemote, "rule at .certlint.toml:3"
	r.Results[0].Details = "line one\n::error::injected 100%"
	if err := w.WriteReport(r); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteReport(&certlint.Report{File: "c:bad.pfx", Err: &certlint.LoadError{File: "c:bad.pfx", Err: certlint.ErrWrongPassword}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`::error file=certs/a%2Cb.pfx,title=certlint e_test_eku (OpsMgr event 20050)::line one\n::error::injected 100%25%0Alinted as remote (rule at .certlint.toml:3)%0Afix: Request a certificate with both EKUs.`,
		`::warning file=certs/a%2Cb.pfx,title=certlint w_test_weak::Signature should not use SHA-1%0Alinted as remote (rule at .certlint.toml:3)%0Afix: Reissue with SHA-256.`,
		`::notice file=certs/a%2Cb.pfx,title=certlint n_test_note::a notice%0Alinted as remote (rule at .certlint.toml:3)%0Afix: Nothing to do.`,
		`::error file=c%3Abad.pfx,title=certlint%3A cannot lint this file::wrong password`,
	}
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
