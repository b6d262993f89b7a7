package certlint_test

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	_ "github.com/certlint/certlint/lints"
	"github.com/zmap/zlint/v3/lint"
)

// fixtureDir is the fixture directory, relative to this package.
const fixtureDir = "../testdata"

func fixture(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(fixtureDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("fixture %s missing (run go run ./testdata/gen): %v", p, err)
	}
	return p
}

var batchAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// errorInputs yields n inputs that each carry their own error (no file is
// read), counting how many were yielded.
func errorInputs(n int, yielded *atomic.Int64) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for i := range n {
			yielded.Add(1)
			name := fmt.Sprintf("in%05d", i)
			if !yield(name, &certlint.LoadError{File: name, Err: certlint.ErrMalformed}) {
				return
			}
		}
	}
}

func TestLinterOrderAndBoundedWindow(t *testing.T) {
	const n, workers = 2000, 3
	var yielded atomic.Int64
	l := &certlint.Linter{Workers: workers}
	i, maxAhead := 0, int64(0)
	err := l.Lint(errorInputs(n, &yielded), func(r *certlint.Report) error {
		if want := fmt.Sprintf("in%05d", i); r.File != want {
			t.Fatalf("report %d is %s, want %s", i, r.File, want)
		}
		if !errors.Is(r.Err, certlint.ErrMalformed) {
			t.Fatalf("%s: err %v", r.File, r.Err)
		}
		i++
		if ahead := yielded.Load() - int64(i); ahead > maxAhead {
			maxAhead = ahead
		}
		if i%100 == 0 {
			runtime.Gosched() // let the producer run ahead as far as it can
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Fatalf("got %d reports, want %d", i, n)
	}
	// The window: workers*4 queued, one being delivered, one the producer
	// holds. Memory does not grow with n.
	if bound := int64(workers*4 + 2); maxAhead > bound {
		t.Errorf("producer ran %d inputs ahead of the consumer, bound %d", maxAhead, bound)
	}
}

func TestLinterCallbackErrorStops(t *testing.T) {
	var yielded atomic.Int64
	stop := errors.New("stop")
	got := 0
	err := (&certlint.Linter{Workers: 2}).Lint(errorInputs(10000, &yielded), func(r *certlint.Report) error {
		got++
		if got == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || got != 5 {
		t.Errorf("err %v after %d reports, want stop after 5", err, got)
	}
	if y := yielded.Load(); y > 5+2*4+2 {
		t.Errorf("walked %d inputs after the stop", y)
	}
}

func TestLinterUnknownLint(t *testing.T) {
	l := &certlint.Linter{Run: certlint.RunOptions{Include: []string{"e_no_such_lint"}}}
	called := false
	err := l.Lint(certlint.WalkPaths([]string{fixtureDir}), func(*certlint.Report) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("unknown lint: err %v, callback called %v", err, called)
	}
}

func TestLintPathsFixtures(t *testing.T) {
	files := []string{"good_agent.pfx", "fail_keysig.pfx", "does-not-exist.pfx", "good_agent.pem", "fail_eku_server_only.pfx", "password.txt", "good_agent_encrypted.pem"}
	var args []string
	for _, f := range files {
		args = append(args, filepath.Join(fixtureDir, f))
	}
	var asked atomic.Int64
	load := &certlint.LoadOptions{Password: func() (string, error) {
		asked.Add(1)
		return "certlint-example", nil
	}}
	run := &certlint.RunOptions{Config: certlint.Config{At: batchAt}}
	var got []*certlint.Report
	if err := certlint.LintPaths(args, load, run, func(r *certlint.Report) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("%d reports, want %d", len(got), len(files))
	}
	for i, r := range got {
		if r.File != args[i] {
			t.Errorf("report %d is %s, want %s (input order)", i, r.File, args[i])
		}
	}
	// Four encrypted inputs, one question: the password func is shared.
	if n := asked.Load(); n != 1 {
		t.Errorf("password asked %d times, want 1", n)
	}
	if got[0].Err != nil || got[0].Worst() >= lint.Notice {
		t.Errorf("good_agent.pfx: err %v, worst %v", got[0].Err, got[0].Worst())
	}
	if got[1].Err != nil || !hasEvent(got[1], 20069) {
		t.Errorf("fail_keysig.pfx: err %v, want event 20069 among %v", got[1].Err, findingNames(got[1]))
	}
	if got[2].Err == nil || !errors.Is(got[2].Err, os.ErrNotExist) {
		t.Errorf("missing file: err %v, want not exist", got[2].Err)
	}
	if got[4].Err != nil || !hasEvent(got[4], 20050) {
		t.Errorf("fail_eku_server_only.pfx: err %v, findings %v", got[4].Err, findingNames(got[4]))
	}
	if got[5].Err == nil || !errors.Is(got[5].Err, certlint.ErrNotCertificate) {
		t.Errorf("password.txt: err %v, want ErrNotCertificate", got[5].Err)
	}
	if got[6].Err != nil || got[6].Bundle.Key == nil {
		t.Errorf("good_agent_encrypted.pem: err %v, key not decrypted", got[6].Err)
	}
}

func hasEvent(r *certlint.Report, ev int) bool {
	for _, f := range r.Findings(false) {
		if f.Lint.Event == ev {
			return true
		}
	}
	return false
}

func findingNames(r *certlint.Report) []string {
	var out []string
	for _, f := range r.Findings(false) {
		out = append(out, f.Lint.Name)
	}
	return out
}

func TestLinterStdin(t *testing.T) {
	data, err := os.ReadFile(fixture(t, "good_agent.pem"))
	if err != nil {
		t.Fatal(err)
	}
	l := &certlint.Linter{Stdin: bytes.NewReader(data), Run: certlint.RunOptions{Config: certlint.Config{At: batchAt}}}
	var got []*certlint.Report
	if err := l.Lint(certlint.WalkPaths([]string{"-"}), func(r *certlint.Report) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].File != "-" || got[0].Err != nil || got[0].Bundle.Leaf == nil {
		t.Fatalf("stdin report = %+v", got)
	}
}

// TestLinterDeterministic: the JSON and SARIF of a directory are the same
// bytes whatever the number of workers.
func TestLinterDeterministic(t *testing.T) {
	lints, err := (&certlint.RunOptions{}).SelectLints()
	if err != nil {
		t.Fatal(err)
	}
	render := func(workers int) (string, string) {
		var js, sarif bytes.Buffer
		jw := report.NewJSON(&js, true)
		sw := report.NewSARIF(&sarif, lints, report.SARIFOptions{Version: "test", Verbose: true})
		l := &certlint.Linter{
			Workers: workers,
			Load:    certlint.LoadOptions{Password: func() (string, error) { return "certlint-example", nil }},
			Run:     certlint.RunOptions{Config: certlint.Config{At: batchAt}},
		}
		err := l.Lint(certlint.WalkPaths([]string{fixtureDir}), func(r *certlint.Report) error {
			if err := jw.WriteReport(r); err != nil {
				return err
			}
			return sw.WriteReport(r)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.Close(); err != nil {
			t.Fatal(err)
		}
		return js.String(), sarif.String()
	}
	j1, s1 := render(1)
	j8, s8 := render(8)
	firstDiff := func(a, b string) string {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := range min(len(al), len(bl)) {
			if al[i] != bl[i] {
				return fmt.Sprintf("line %d:\n%s\n%s", i+1, al[i], bl[i])
			}
		}
		return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
	}
	if j1 != j8 {
		t.Errorf("JSON differs between 1 and 8 workers, %s", firstDiff(j1, j8))
	}
	if s1 != s8 {
		t.Errorf("SARIF differs between 1 and 8 workers, %s", firstDiff(s1, s8))
	}
	if n := bytes.Count([]byte(j1), []byte("\n")); n < 30 {
		t.Errorf("only %d reports for the fixture directory", n)
	}
}

// TestLinterInFlightBudget: large inputs are held a few at a time, whatever
// the number of workers, and an input larger than the whole budget is still
// linted (alone) rather than stalling the run.
func TestLinterInFlightBudget(t *testing.T) {
	dir := t.TempDir()
	sparse := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	// 20 inputs of 6 MiB: the budget (4 x DefaultMaxSize, 16 MiB) holds two.
	var paths []string
	for i := range 20 {
		paths = append(paths, sparse(fmt.Sprintf("in%02d.der", i), 6<<20))
	}
	huge := sparse("huge.der", 20<<20) // above the budget
	paths = append(paths, huge, paths[0])
	var yielded atomic.Int64
	walk := func(yield func(string, error) bool) {
		for _, p := range paths {
			yielded.Add(1)
			if !yield(p, nil) {
				return
			}
		}
	}
	l := &certlint.Linter{Workers: 8, Load: certlint.LoadOptions{MaxSize: 32 << 20}}
	i, maxAhead := 0, int64(0)
	err := l.Lint(walk, func(r *certlint.Report) error {
		if r.File != paths[i] || !errors.Is(r.Err, certlint.ErrNotCertificate) {
			t.Fatalf("report %d: %s, %v; want %s, not a certificate", i, r.File, r.Err, paths[i])
		}
		i++
		if ahead := yielded.Load() - int64(i); ahead > maxAhead {
			maxAhead = ahead
		}
		time.Sleep(time.Millisecond) // a slow consumer: let the producer run ahead as far as it can
		return nil
	})
	if err != nil || i != len(paths) {
		t.Fatalf("%v after %d reports, want %d", err, i, len(paths))
	}
	// Two inputs hold the budget, a third waits for its share, one is
	// being delivered. Without the budget: 8 x 4 queued.
	if maxAhead > 4 {
		t.Errorf("the producer ran %d inputs of 6 MiB ahead of the consumer, want at most 4", maxAhead)
	}
}
