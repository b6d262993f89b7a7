package certlint

import (
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Linter loads and lints many inputs concurrently and hands their reports to
// a callback one at a time, in input order. The zero value lints with every
// registered lint, GOMAXPROCS workers, and reads "-" from os.Stdin.
type Linter struct {
	// Load is passed to LoadFile / LoadReader for every input. Its Password
	// func is wrapped so that it runs at most once per Lint call, whatever
	// the number of encrypted inputs: a terminal prompt asks once.
	Load LoadOptions
	// Run selects the lints and configures them. A zero Run.At is set to the
	// time Lint starts, so every input of one run is judged at the same time.
	Run RunOptions
	// Workers is the number of inputs loaded and linted at once
	// (0 = runtime.GOMAXPROCS(0)).
	Workers int
	// Stdin is read for the input "-" (nil = os.Stdin).
	Stdin io.Reader
	// Configure, when set, adjusts the configuration for one input once it
	// is loaded (per-path rules: role, expected host, expiry window) and
	// returns why, for Report.Basis. It is called from the worker
	// goroutines, concurrently.
	Configure func(b *Bundle, cfg *Config) (basis string)
}

// inFlightBudget bounds the memory of a run: the input bytes in flight
// (read, being linted, or linted and waiting for their turn to be reported)
// add up to at most this much. A parsed input holds several times its size
// (each certificate is kept as DER and parsed by two parsers), so a run of
// many inputs of the size limit, on many workers, would otherwise hold
// workers x window of them at once: 617 MB for PFX files of 3.9 MB on 8
// workers. Small inputs are bounded by window long before this; an input
// larger than the budget (a raised LoadOptions.MaxSize) is linted alone.
const inFlightBudget = 4 * DefaultMaxSize

// window is how many inputs may be in flight (queued, being linted, or done
// and waiting for their turn) per worker. Reports are delivered in input
// order, so one slow input holds back at most this many finished ones:
// memory stays bounded whatever the number of inputs.
const window = 4

// LintPaths expands args with Inputs and lints them with a Linter built
// from load and run (either may be nil). See Linter.Lint.
func LintPaths(args []string, load *LoadOptions, run *RunOptions, fn func(*Report) error) error {
	l := &Linter{}
	if load != nil {
		l.Load = *load
	}
	if run != nil {
		l.Run = *run
	}
	return l.Lint(Inputs(args), fn)
}

// Inputs is WalkPaths(args), plus one error (ErrNoInput, naming the
// argument) for each argument that is a directory in which, and below
// which, no input was found: an empty directory, one holding no file with a
// certificate extension, or a mistyped path in a CI job must fail the run
// (exit status 2), not pass it with "0 files". The errors come after the
// inputs.
//
// A directory counts as linted when any input of the run lies under it (so
// "certs certs/sub" is fine), or when it is the same directory as another
// argument that was linted (a symbolic link to it).
func Inputs(args []string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		type dirArg struct {
			arg, prefix string
			fi          os.FileInfo
			linted      bool
		}
		var dirs []*dirArg
		for _, a := range args {
			if a == StdinName {
				continue
			}
			if fi, err := os.Stat(a); err == nil && fi.IsDir() {
				// The prefix filepath.Join gives every path under a (as
				// WalkPaths builds them): "x" joined, then cut off.
				p := filepath.Join(a, "x")
				dirs = append(dirs, &dirArg{arg: a, prefix: p[:len(p)-1], fi: fi})
			}
		}
		pending := len(dirs)
		for p, err := range WalkPaths(args) {
			for _, d := range dirs {
				if pending == 0 {
					break
				}
				if !d.linted && under(p, d.arg, d.prefix) {
					d.linted = true
					pending--
				}
			}
			if !yield(p, err) {
				return
			}
		}
		for _, d := range dirs {
			if d.linted {
				continue
			}
			for _, o := range dirs {
				if o.linted && os.SameFile(o.fi, d.fi) {
					d.linted = true
					break
				}
			}
			if d.linted {
				continue
			}
			err := &LoadError{File: d.arg, Err: ErrNoInput, Detail: "a directory with no certificate file in it or below it (certlint reads " +
				strings.Join(CertificateExtensions, " ") + "; give a file explicitly to lint another name)"}
			if !yield(d.arg, err) {
				return
			}
		}
	}
}

// under reports whether path p is the argument arg or lies under it, prefix
// being what filepath.Join(arg, name) puts before name (empty for ".").
func under(p, arg, prefix string) bool {
	if p == arg {
		return true
	}
	if prefix == "" {
		// ".": every relative path that does not climb out of it.
		return !filepath.IsAbs(p) && p != ".." && !strings.HasPrefix(p, ".."+string(filepath.Separator))
	}
	return strings.HasPrefix(p, prefix)
}

// Lint loads and lints every input of paths (as Inputs or WalkPaths yield
// them; a non-nil error is reported for that input as is) and calls fn with
// each report, in input order, from the calling goroutine. An input that
// holds several end-entity certificates and no private key gives one report
// per certificate (Bundle.Split; Report.Bundle.Part tells them apart). An
// input that cannot be loaded gives a Report with Err set (a *LoadError)
// and the others go on.
//
// Lint returns an error only when the lint selection is invalid (an unknown
// name in Run.Include or Run.Exclude, no lint at all, or an unknown
// Run.Role) — before any input
// is read — or when fn returns an error, which stops the run and is returned.
func (l *Linter) Lint(paths iter.Seq2[string, error], fn func(*Report) error) error {
	lints, err := l.Run.SelectLints()
	if err != nil {
		return err
	}
	cfg := l.Run.Config
	if cfg.At.IsZero() {
		cfg.At = time.Now()
	}
	lo := l.Load
	if lo.Password != nil {
		lo.Password = sync.OnceValues(lo.Password)
	}
	stdin := l.Stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	type job struct {
		path string
		fi   fs.FileInfo // os.Stat of path, nil when not made or failed
		err  error
		out  chan []*Report
	}
	type pending struct {
		out    chan []*Report
		weight int64 // taken from the budget until the report is handed on
	}
	jobs := make(chan job)
	// order carries each input's result channel in input order; its capacity
	// is the window of inputs in flight.
	order := make(chan pending, workers*window)
	done := make(chan struct{})
	budget := newBudget(inFlightBudget)
	var wg sync.WaitGroup

	wg.Add(1)
	go func() { // producer: walks the paths
		defer wg.Done()
		defer close(jobs)
		defer close(order)
		for p, perr := range paths {
			// The budget is taken in input order, and given back in input
			// order as reports are handed on: the input at the head always
			// has its share, so the run cannot stall.
			weight, fi := inputWeight(p, perr, lo.maxSize())
			w := min(weight, inFlightBudget)
			if !budget.take(w) {
				return
			}
			out := make(chan []*Report, 1)
			select {
			case order <- pending{out, w}:
			case <-done:
				return
			}
			select {
			case jobs <- job{p, fi, perr, out}:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- lintOne(j.path, j.fi, j.err, stdin, &lo, cfg, lints, l.Configure)
			}
		}()
	}

	var fnErr error
deliver:
	for pd := range order {
		for _, r := range <-pd.out {
			if fnErr = fn(r); fnErr != nil {
				budget.give(pd.weight)
				break deliver
			}
		}
		budget.give(pd.weight)
	}
	close(done)
	budget.close()
	// Unblock a producer waiting on order and let workers finish their
	// current input; the result channels are buffered.
	for range order {
	}
	wg.Wait()
	return fnErr
}

// inputWeight is what an input takes from the in-flight budget: its size
// (at most maxSize, what LoadFile reads); maxSize for standard input, whose
// size is unknown; nothing for an input that will not be read. It returns
// the os.Stat it made of a file (nil when it failed), which LoadFile then
// does not make again.
func inputWeight(path string, walkErr error, maxSize int64) (int64, fs.FileInfo) {
	if walkErr != nil {
		return 0, nil
	}
	if path == StdinName {
		return maxSize, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, nil
	}
	if !fi.Mode().IsRegular() {
		return 0, fi
	}
	return min(fi.Size(), maxSize), fi
}

// budget is a counting semaphore of bytes.
type budget struct {
	mu     sync.Mutex
	cond   sync.Cond
	free   int64
	closed bool
}

func newBudget(n int64) *budget {
	b := &budget{free: n}
	b.cond.L = &b.mu
	return b
}

// take waits until n is free and takes it; false when the budget was closed.
func (b *budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.free < n && !b.closed {
		b.cond.Wait()
	}
	if b.closed {
		return false
	}
	b.free -= n
	return true
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// close wakes every take, which then fails.
func (b *budget) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// lintOne loads and lints one input: one report, or, for an input that holds
// several end-entity certificates and no private key, one report per
// end-entity certificate (Bundle.Split), in input order. configure, when
// set, adjusts the configuration of each report's bundle (role, host) and
// returns the basis for it. A panic anywhere in loading or linting becomes
// the input's error: one hostile file must not stop the run.
func lintOne(path string, fi fs.FileInfo, walkErr error, stdin io.Reader, lo *LoadOptions, cfg Config, lints []*Lint, configure func(*Bundle, *Config) string) (reps []*Report) {
	if walkErr != nil {
		return []*Report{{File: path, Err: walkErr}}
	}
	defer func() {
		if r := recover(); r != nil {
			detail := "internal error (please report it with the file)"
			if re, ok := r.(runtime.Error); ok {
				// Runtime errors (index out of range, nil dereference)
				// hold no input bytes, only positions.
				detail += ": " + re.Error()
			}
			reps = []*Report{{File: path, Err: &LoadError{File: path, Err: ErrMalformed, Detail: detail}}}
		}
	}()
	var (
		b   *Bundle
		err error
	)
	if path == StdinName {
		b, err = LoadReader(path, stdin, lo)
	} else {
		b, err = loadFileInfo(path, fi, lo)
	}
	if err != nil {
		return []*Report{{File: path, Err: err}}
	}
	parts := b.Split()
	if len(parts) > MaxEndEntities {
		return []*Report{{File: path, Err: loadErr(path, ErrTooLarge,
			"%d end-entity certificates and no private key: certlint lints each on its own, at most %d in one input; split the file (one certificate per file)",
			len(parts), MaxEndEntities)}}
	}
	for _, part := range parts {
		pcfg, basis := cfg, ""
		if configure != nil {
			basis = configure(part, &pcfg)
		}
		rep := runLints(part, pcfg, lints)
		rep.File, rep.Basis = path, basis
		reps = append(reps, rep)
	}
	return reps
}
