package lints

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// testdataDir is the fixture folder, written by `go run ./testdata/gen`.
const testdataDir = "../testdata"

// corporaDir holds the shared third-party corpora (../shared/corpora from
// the project root); tests that read it skip only when it is absent.
const corporaDir = "../../shared/corpora"

// fixtureAt is the evaluation time of every fixture test, inside the good
// leaves' validity (2025-01-01 .. 2035-01-01).
var fixtureAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// fixturePassword reads the fixture password from testdata/password.txt.
func fixturePassword() (string, error) {
	b, err := os.ReadFile(filepath.Join(testdataDir, "password.txt"))
	if err != nil {
		return "", err
	}
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return string(b[:i]), nil
		}
	}
	return string(b), nil
}

// load reads a fixture (a path relative to testdata/) through certlint.LoadFile.
func load(t *testing.T, name string) *certlint.Bundle {
	t.Helper()
	return loadPath(t, filepath.Join(testdataDir, name), fixturePassword)
}

func loadPath(t *testing.T, path string, password func() (string, error)) *certlint.Bundle {
	t.Helper()
	b, err := certlint.LoadFile(path, &certlint.LoadOptions{Password: password})
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", path, err)
	}
	return b
}

// loadCorpus reads a file of ../shared/corpora with its password.
func loadCorpus(t *testing.T, rel, password string) *certlint.Bundle {
	t.Helper()
	if _, err := os.Stat(corporaDir); os.IsNotExist(err) {
		t.Skipf("%s is absent: the shared corpora are needed for this case", corporaDir)
	}
	return loadPath(t, filepath.Join(corporaDir, rel), func() (string, error) { return password, nil })
}

// noLeaf names an input without any certificate: the private key of
// good_agent.pem alone, written to a temporary file and loaded with LoadFile.
// Lints that need a leaf must not apply to it.
const noLeaf = "<key only>"

// loadKeyOnly writes the PRIVATE KEY block of good_agent.pem to a temporary
// file and loads it.
func loadKeyOnly(t *testing.T) *certlint.Bundle {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdataDir, "good_agent.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		var blk *pem.Block
		if blk, data = pem.Decode(data); blk == nil {
			t.Fatal("good_agent.pem holds no PRIVATE KEY block")
		}
		if blk.Type == "PRIVATE KEY" {
			path := filepath.Join(t.TempDir(), "key_only.pem")
			if err := os.WriteFile(path, pem.EncodeToMemory(blk), 0o600); err != nil {
				t.Fatal(err)
			}
			b := loadPath(t, path, nil)
			if b.Leaf != nil {
				t.Fatalf("key-only input has a leaf (%s)", b.LeafReason)
			}
			return b
		}
	}
}

// lintCase is one row of a lint's table test.
type lintCase struct {
	file string // fixture under testdata/, corpus:<path>|<password>, or noLeaf
	cfg  certlint.Config
	want lint.LintStatus
}

// runOne runs the named lint on one bundle through certlint.Run, as the CLI
// does, and returns its result.
func runOne(t *testing.T, name string, b *certlint.Bundle, cfg certlint.Config) certlint.Result {
	t.Helper()
	if cfg.At.IsZero() {
		cfg.At = fixtureAt
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: cfg, Include: []string{name}})
	if err != nil {
		t.Fatalf("Run(%s): %v", name, err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("Run(%s): %d results, want 1", name, len(rep.Results))
	}
	return rep.Results[0]
}

// testLint runs a lint table: each case loads its file and checks the status;
// failing results must say something.
func testLint(t *testing.T, name string, cases []lintCase) {
	t.Helper()
	lintUnderTest(t, name)
	seen := map[lint.LintStatus]bool{}
	for _, tc := range cases {
		t.Run(tc.file+"/"+string(tc.cfg.Role)+tc.cfg.Host, func(t *testing.T) {
			var b *certlint.Bundle
			switch {
			case tc.file == noLeaf:
				b = loadKeyOnly(t)
			case len(tc.file) > 7 && tc.file[:7] == "corpus:":
				rel, pw := splitCorpus(tc.file[7:])
				b = loadCorpus(t, rel, pw)
			default:
				b = load(t, tc.file)
			}
			res := runOne(t, name, b, tc.cfg)
			if res.Status != tc.want {
				t.Fatalf("%s on %s: status %v (%q), want %v", name, tc.file, res.Status, res.Details, tc.want)
			}
			if res.Status >= lint.Notice && res.Details == "" {
				t.Errorf("%s on %s: %v without details", name, tc.file, res.Status)
			}
			t.Logf("%v: %s", res.Status, res.Details)
		})
		seen[tc.want] = true
	}
	// Every lint table covers pass, not-applicable and its own finding status.
	for _, s := range []lint.LintStatus{lint.Pass, lint.NA, findingStatus(name)} {
		if !seen[s] {
			t.Errorf("table of %s has no case with status %v", name, s)
		}
	}
}

func splitCorpus(s string) (rel, password string) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '|' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// findingStatus is the status a lint's name prefix promises (zlint naming).
func findingStatus(name string) lint.LintStatus {
	switch name[:2] {
	case "e_":
		return lint.Error
	case "w_":
		return lint.Warn
	case "n_":
		return lint.Notice
	}
	return lint.Reserved
}

// lintUnderTest returns the registered lint name, its metadata checked.
func lintUnderTest(t *testing.T, name string) *certlint.Lint {
	t.Helper()
	l := certlint.LintByName(name)
	if l == nil {
		t.Fatalf("lint %s is not registered", name)
	}
	checkMetadata(t, l)
	return l
}

// checkMetadata enforces the metadata rules of every certlint lint.
func checkMetadata(t *testing.T, l *certlint.Lint) {
	t.Helper()
	if findingStatus(l.Name) == lint.Reserved {
		t.Errorf("%s: name must start with e_, w_ or n_", l.Name)
	}
	if l.Source != certlint.SourceOpsMgr {
		t.Errorf("%s: source %q, want %q", l.Name, l.Source, certlint.SourceOpsMgr)
	}
	if l.Description == "" || l.Citation == "" || l.Fix == "" {
		t.Errorf("%s: description, citation and fix are required", l.Name)
	}
	if findingStatus(l.Name) == lint.Error && l.Event == 0 {
		t.Errorf("%s: an error lint must name the OpsMgr event it predicts", l.Name)
	}
	if findingStatus(l.Name) == lint.Warn && l.Event != 0 {
		t.Errorf("%s: a warning raises no event of its own (use RelatedEvents)", l.Name)
	}
}

// Role shortcuts for the tables (the zero Config is role local).
var (
	local  = certlint.Config{Role: certlint.RoleLocal}
	remote = certlint.Config{Role: certlint.RoleRemote}
)
