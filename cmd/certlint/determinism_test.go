package main

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
)

// TestDeterministicOutput: with --at fixed, the same inputs give
// byte-identical output (stdout and stderr) whatever the concurrency: the
// binary with GOMAXPROCS 1, 2 and 8 (certlint.Linter runs GOMAXPROCS workers),
// each run twice, in JSON Lines, SARIF and text, verbose, with a chain built
// for every input and unreadable inputs among the good ones; and the library
// with 1 and 16 workers.
func TestDeterministicOutput(t *testing.T) {
	dir := t.TempDir()
	garbage := writeFile(t, filepath.Join(dir, "garbage.pfx"), randomBytes(7, 3000))
	cut := writeFile(t, filepath.Join(dir, "cut.pfx"), readFixture(t, "good_agent.pfx")[:2000])
	inputs := []string{td, garbage, p("good_agent.pfx"), cut, p("missing.pfx")}
	flags := []string{"--verbose", "--password-file", pwFile(), "--at", at, "--roots", p("ca/root.pem"), "--intermediates", p("ca/intermediate.pem"), "--host", "agent01.contoso.test"}

	for _, format := range []string{"json", "sarif", "text"} {
		args := concat([]string{"lint", "--format", format}, flags, inputs)
		var first result
		for i, procs := range []string{"1", "2", "8", "1", "2", "8"} {
			r := exeGuarded(t, runSpec{env: []string{"GOMAXPROCS=" + procs}}, args...)
			wantCode(t, r, 2)
			if i == 0 {
				first = r
				if strings.Count(r.stdout, "\n") < 40 || strings.Count(r.stderr, "\n") != 3 {
					t.Fatalf("%s: %d output lines, %d error lines: not the run meant", format, strings.Count(r.stdout, "\n"), strings.Count(r.stderr, "\n"))
				}
				continue
			}
			if r.stdout != first.stdout || r.stderr != first.stderr {
				t.Errorf("%s with GOMAXPROCS=%s (run %d) differs from the first run:\n%s", format, procs, i+1, firstDiff(first.stdout+first.stderr, r.stdout+r.stderr))
			}
		}
		if format == "json" {
			// The verbose chain output is there, so that it is compared too.
			if !strings.Contains(first.stdout, `"chain":`) {
				t.Errorf("no chain in the JSON output")
			}
		}
	}

	// The library, many workers against one.
	trust, err := certlint.LoadTrustStore([]string{p("ca/root.pem")}, []string{p("ca/intermediate.pem")}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	when, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	lintWith := func(workers int) string {
		var out bytes.Buffer
		w := report.NewJSON(&out, true)
		l := &certlint.Linter{
			Load:    certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }},
			Run:     certlint.RunOptions{Config: certlint.Config{At: when, Host: "agent01.contoso.test", Trust: trust}},
			Workers: workers,
		}
		if err := l.Lint(certlint.WalkPaths(append(inputs, td, p("examples"))), w.WriteReport); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	one := lintWith(1)
	for range 3 {
		if many := lintWith(16); many != one {
			t.Fatalf("16 workers differ from 1:\n%s", firstDiff(one, many))
		}
	}
}

// firstDiff shows where two outputs first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "first difference at byte " + strconv.Itoa(i) + ":\n--- first\n" + a[from:min(len(a), i+200)] + "\n--- this\n" + b[from:min(len(b), i+200)]
}
