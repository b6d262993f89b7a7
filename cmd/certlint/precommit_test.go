package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/testpki"
)

// moduleRoot is the repository root, from this package's directory.
const moduleRoot = "../.."

// TestPreCommitHook runs the real pre-commit framework with the hook this
// repository's .pre-commit-hooks.yaml declares, as a PKI repository would
// use it: pre-commit clones the hook's repository (here a commit of this
// source tree), builds certlint with go install (language golang), and runs
// it on the certificate files of each commit. A commit of good certificates
// goes through; a commit adding the agent certificate issued to another
// host is refused, with the finding in pre-commit's output.
func TestPreCommitHook(t *testing.T) {
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed, and CI is set: the CI script installs it (Debian package pre-commit)")
		}
		t.Skip("pre-commit is not installed (Debian package pre-commit, which the CI script installs): the hook is not tested here")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed")
	}
	tmp := t.TempDir()
	gobin := filepath.Join(runtime.GOROOT(), "bin")
	goenv, err := exec.Command(filepath.Join(gobin, "go"), "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	gocaches := strings.Split(strings.TrimSpace(string(goenv)), "\n")
	if len(gocaches) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %q", goenv)
	}
	env := append(os.Environ(),
		"PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"),
		// The modules certlint needs are already in this machine's module
		// cache, and most packages in its build cache: share them rather
		// than download and build again in the hook's environment
		// (pre-commit sets GOPATH to it, which would move the module cache).
		"GOMODCACHE="+gocaches[0], "GOCACHE="+gocaches[1],
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GIT_AUTHOR_NAME=certlint test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=certlint test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		// The user's git configuration (signing, templates, hooks paths)
		// must not change the scratch repositories.
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"PKI_PFX_PASSWORD="+repoPassword,
	)
	run := func(dir string, name string, args ...string) (string, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("%s %v did not finish in 5 minutes:\n%s", name, args, out.String())
		}
		return out.String(), err
	}
	must := func(dir string, name string, args ...string) string {
		t.Helper()
		out, err := run(dir, name, args...)
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return out
	}

	// The hook's repository: this source tree as it is now (tests and
	// fixtures left out), committed.
	hookRepo := filepath.Join(tmp, "certlint")
	copySource(t, moduleRoot, hookRepo)
	must(hookRepo, "git", "init", "-q")
	must(hookRepo, "git", "add", "-A")
	must(hookRepo, "git", "commit", "-q", "-m", "certlint under test")
	rev := strings.TrimSpace(must(hookRepo, "git", "rev-parse", "HEAD"))

	// The PKI repository.
	pkiDir := filepath.Join(tmp, "pki")
	if err := os.MkdirAll(pkiDir, 0o755); err != nil {
		t.Fatal(err)
	}
	testpki.Repo(t, pkiDir, repoPassword, time.Now().UTC())
	writeFile(t, filepath.Join(pkiDir, ".pre-commit-config.yaml"), []byte(fmt.Sprintf("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: certlint\n", hookRepo, rev)))
	writeFile(t, filepath.Join(pkiDir, ".certlint.toml"), []byte(`roots = ["certs/roots/root.cer"]
intermediates = ["certs/roots/issuing.crt"]
password_env = "PKI_PFX_PASSWORD"

[[rule]]
match = "certs/agents/*.pfx"
role = "local"
host = "{stem}"

[[rule]]
match = "certs/management-servers/*.cer"
role = "remote"
host = "{stem}.contoso.com"
`))
	must(pkiDir, "git", "init", "-q")
	out := must(pkiDir, precommit, "install")
	t.Logf("pre-commit install: %s", strings.TrimSpace(out))
	must(pkiDir, "git", "add", ".pre-commit-config.yaml", ".certlint.toml", "certs/roots", "certs/management-servers",
		"certs/agents/agent01.contoso.com.pfx", "certs/agents/agent02.contoso.com.pfx")
	out, err = run(pkiDir, "git", "commit", "-m", "good certificates")
	t.Logf("good commit:\n%s", out)
	if err != nil || !strings.Contains(out, "certlint (OpsMgr certificates)") || !strings.Contains(out, "Passed") {
		t.Fatalf("the commit of good certificates was refused or the hook did not run (%v)", err)
	}

	must(pkiDir, "git", "add", "certs/agents/agent03.contoso.com.pfx")
	out, err = run(pkiDir, "git", "commit", "-m", "the agent certificate issued to the wrong host")
	t.Logf("bad commit:\n%s", out)
	if err == nil {
		t.Fatal("the commit of agent03.contoso.com.pfx (issued to agent02.contoso.com) went through")
	}
	for _, want := range []string{"Failed", "certs/agents/agent03.contoso.com.pfx", "e_opsmgr_host_name_mismatch"} {
		if !strings.Contains(out, want) {
			t.Errorf("pre-commit's output lacks %q", want)
		}
	}
	if strings.Contains(out, "agent01.contoso.com.pfx") {
		t.Errorf("the hook linted files the commit does not change")
	}
	if strings.Contains(out, repoPassword) {
		t.Errorf("the hook printed the PFX password")
	}
	if log := must(pkiDir, "git", "log", "--oneline"); strings.Count(log, "\n") != 1 {
		t.Errorf("git log after the refused commit:\n%s", log)
	}
}

// copySource copies what `go install ./...` needs from the module at from
// (go.mod, go.sum, the non-test Go files, the hook manifest, the license)
// into to, leaving out version control, tests and test data.
func copySource(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		keep := (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) ||
			rel == "go.mod" || rel == "go.sum" || rel == ".pre-commit-hooks.yaml" || rel == "LICENSE" ||
			name == "LICENSE"
		if !keep || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(to, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("the source tree has no .pre-commit-hooks.yaml: %v", err)
	}
}
