package lints

import (
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// TestNamePrefixMatchesStatus: zlint's naming rule, that a lint's name
// prefix is the only finding status it gives (e_ gives error, never warn or
// notice; w_ gives warn, never error; n_ notice), holds for every
// registered lint over every fixture in testdata/, each linted as the local
// and the remote computer's certificate, with and without a trust store and
// an expected host, at times before, inside, near the end of and after the
// fixtures' validity.
func TestNamePrefixMatchesStatus(t *testing.T) {
	roots := load(t, "ca/root.pem").Certificates()
	inter := load(t, "ca/intermediate.pem").Certificates()
	trusts := []*chain.Store{nil, {Roots: roots, Intermediates: inter}}
	times := []time.Time{
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		fixtureAt,
		time.Date(2034, 12, 20, 0, 0, 0, 0, time.UTC), // inside the 30-day expiry warning of most fixtures
		time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	hosts := []string{"", "agent01.contoso.test", "AGENT01.contoso.test.", "agent01", "other.example"}
	findings := 0
	err := filepath.WalkDir(testdataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(testdataDir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "gen" || rel == "examples" {
				return filepath.SkipDir // the generator; exact copies of fixtures
			}
			return nil
		}
		if goldenSkip[rel] {
			return nil
		}
		b := load(t, rel)
		for _, role := range []certlint.Role{certlint.RoleLocal, certlint.RoleRemote} {
			for _, ts := range trusts {
				for _, at := range times {
					for _, host := range hosts {
						cfg := certlint.Config{Role: role, Host: host, At: at, Trust: ts}
						rep, err := certlint.Run(b, &certlint.RunOptions{Config: cfg})
						if err != nil {
							t.Fatalf("%s: %v", rel, err)
						}
						for _, r := range rep.Results {
							if r.Status < lint.Notice {
								continue
							}
							findings++
							if want := findingStatus(r.Lint.Name); r.Status != want {
								t.Errorf("%s (role %s, host %q, at %s, trust %v): %s returned %v, its prefix promises %v: %s",
									rel, role, host, at.Format(time.DateOnly), ts != nil, r.Lint.Name, r.Status, want, r.Details)
							}
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
	if findings == 0 {
		t.Fatal("no finding at all over the fixtures: the test checked nothing")
	}
}
