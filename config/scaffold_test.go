package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/testpki"
)

// TestScaffold: certlint init's file for the PKI repository parses, and
// gives every file the role and host it has: the roots and intermediates
// as trust material, the agents' PFX files role local with the host their
// names give, the management servers' certificates role remote.
func TestScaffold(t *testing.T) {
	dir := t.TempDir()
	repo := testpki.Repo(t, dir, "repo-password", gateAt)
	text, found, err := Scaffold(dir, &certlint.LoadOptions{Password: func() (string, error) { return repo.Password, nil }}, repo.At)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + text)
	if len(found) != len(repo.Files) {
		t.Errorf("found %d files, want %d", len(found), len(repo.Files))
	}
	f, err := Parse(filepath.Join(dir, FileName), []byte(text), Options{KnownLint: known, WorkDir: dir})
	if err != nil {
		t.Fatalf("init's file does not parse: %v", err)
	}
	rel := func(s []Setting) []string {
		var out []string
		for _, x := range s {
			r, _ := filepath.Rel(dir, x.Value)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	if got := strings.Join(rel(f.Roots), " "); got != "certs/roots/root.cer" {
		t.Errorf("roots %s", got)
	}
	if got := strings.Join(rel(f.Intermediates), " "); got != "certs/roots/issuing.crt" {
		t.Errorf("intermediates %s", got)
	}
	if len(f.Paths) != 1 || f.Paths[0] != filepath.Join(dir, "certs") {
		t.Errorf("paths %v", f.Paths)
	}
	for name := range repo.Files {
		r, _ := f.Match(filepath.Join(dir, filepath.FromSlash(name)))
		got := "none"
		if r != nil {
			got = string(r.Role) + " " + r.ExpandHost(name)
		}
		want := "none" // trust material needs no rule
		switch {
		case strings.HasPrefix(name, "certs/agents/"):
			want = "local " + strings.TrimSuffix(filepath.Base(name), ".pfx")
		case strings.HasPrefix(name, "certs/management-servers/"):
			want = "remote " + strings.TrimSuffix(filepath.Base(name), ".cer") + ".contoso.com"
		}
		if got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if !strings.Contains(text, "# not named after their certificate's host: agent03.contoso.com.pfx") {
		t.Errorf("the agent whose name is not its host is not pointed out")
	}

	// Without the password, the PFX files are still taken for a computer's
	// own certificates, and the file says why there is no host.
	text, _, err = Scaffold(dir, &certlint.LoadOptions{}, repo.At)
	if err != nil {
		t.Fatal(err)
	}
	f, err = Parse(filepath.Join(dir, FileName), []byte(text), Options{KnownLint: known, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := f.Match(filepath.Join(dir, "certs", "agents", "agent01.contoso.com.pfx")); r == nil || r.Role != certlint.RoleLocal || r.Host != "" {
		t.Errorf("without password: agents' rule %+v", r)
	}
}
