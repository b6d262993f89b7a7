package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// runner runs and times processes and records every distinct command it ran,
// so the report can list them exactly.
type runner struct {
	timeBin string     // GNU time, for "Maximum resident set size"
	outDir  string     // stdout captures, time -v reports, hyperfine exports
	mu      sync.Mutex // guards cmds, seen, seq: timed may run concurrently
	cmds    []string
	seen    map[string]bool
	seq     int
}

// procRun is one timed process.
type procRun struct {
	Wall     time.Duration
	CPU      time.Duration // user + system CPU from GNU time -v; 0 when not measured
	MaxRSSKB int64         // peak RSS in KiB from GNU time -v; 0 when not measured
	Exit     int
	Stdout   string // file holding the process's stdout ("" = see Lines)
	Lines    int    // stdout lines, for runs of several processes
	Stderr   string // first line of its stderr
}

// record notes a command line for the report (once); display, when not
// empty, replaces the full argv (long file lists).
func (r *runner) record(display string, env []string, argv []string) {
	s := display
	if s == "" {
		s = shellJoin(append(append([]string{}, env...), argv...))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if !r.seen[s] {
		r.seen[s] = true
		r.cmds = append(r.cmds, s)
	}
}

// timed runs argv under GNU time -v with env added to the environment,
// stdout to a file, and returns its wall time (measured here, around the
// whole process), peak RSS and exit status. A non-zero exit is not an error;
// failing to start is. display is what the report lists ("" = argv).
func (r *runner) timed(display string, env []string, argv ...string) (procRun, error) {
	r.record(display, env, argv)
	r.mu.Lock()
	r.seq++
	base := filepath.Join(r.outDir, fmt.Sprintf("run-%04d-%s", r.seq, filepath.Base(argv[0])))
	r.mu.Unlock()
	out, err := os.Create(base + ".stdout")
	if err != nil {
		return procRun{}, err
	}
	defer out.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(r.timeBin, append([]string{"-v", "-o", base + ".time"}, argv...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = out
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	res := procRun{Wall: wall, Stdout: base + ".stdout", Stderr: firstLine(stderr.String())}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.Exit = ee.ExitCode()
	case err != nil:
		return res, fmt.Errorf("%s: %w", argv[0], err)
	}
	tv, err := os.ReadFile(base + ".time")
	if err != nil {
		return res, fmt.Errorf("%s: reading the GNU time report: %w", argv[0], err)
	}
	if res.MaxRSSKB, err = parseMaxRSS(string(tv)); err != nil {
		return res, fmt.Errorf("%s: %w", argv[0], err)
	}
	if res.CPU, err = parseCPU(string(tv)); err != nil {
		return res, fmt.Errorf("%s: %w", argv[0], err)
	}
	if strings.Contains(string(tv), "Command not found") || res.Exit == 127 {
		return res, fmt.Errorf("%s: command could not be started: %s", argv[0], firstLine(string(tv)))
	}
	return res, nil
}

// quick runs argv without GNU time (for per-file process loops, where its
// extra fork would be measured too), stdout discarded, and returns the wall
// time and exit status.
func (r *runner) quick(env []string, argv ...string) (time.Duration, int, string, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return wall, ee.ExitCode(), firstLine(stderr.String()), nil
	}
	return wall, 0, "", err
}

var maxRSSRe = regexp.MustCompile(`(?m)^\s*Maximum resident set size \(kbytes\):\s*(\d+)\s*$`)

// parseMaxRSS reads "Maximum resident set size (kbytes): N" from GNU time -v
// output.
func parseMaxRSS(s string) (int64, error) {
	m := maxRSSRe.FindStringSubmatch(s)
	if m == nil {
		return 0, errors.New(`no "Maximum resident set size" in GNU time -v output (is -time GNU time?)`)
	}
	return strconv.ParseInt(m[1], 10, 64)
}

var cpuRe = regexp.MustCompile(`(?m)^\s*(User|System) time \(seconds\):\s*([0-9.]+)\s*$`)

// parseCPU reads "User time (seconds)" and "System time (seconds)" from GNU
// time -v output and returns their sum.
func parseCPU(s string) (time.Duration, error) {
	m := cpuRe.FindAllStringSubmatch(s, -1)
	if len(m) != 2 {
		return 0, errors.New(`no "User time" and "System time" in GNU time -v output (is -time GNU time?)`)
	}
	var total time.Duration
	for _, x := range m {
		f, err := strconv.ParseFloat(x[2], 64)
		if err != nil {
			return 0, err
		}
		total += time.Duration(f * float64(time.Second))
	}
	return total, nil
}

// countLines counts the newline-terminated lines of a file.
func countLines(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

// hfResult is one command of a hyperfine --export-json file (times in s).
type hfResult struct {
	Command   string    `json:"command"`
	Mean      float64   `json:"mean"`
	Stddev    float64   `json:"stddev"`
	Median    float64   `json:"median"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Times     []float64 `json:"times"`
	ExitCodes []int     `json:"exit_codes"`
}

// parseHyperfine reads a hyperfine --export-json file's results.
func parseHyperfine(b []byte) ([]hfResult, error) {
	var doc struct {
		Results []hfResult `json:"results"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("hyperfine JSON: %w", err)
	}
	if len(doc.Results) == 0 {
		return nil, errors.New("hyperfine JSON: no results")
	}
	return doc.Results, nil
}

// hyperfine benchmarks whole processes without a shell (-N); -i because
// certlint exits 1 when it has findings. Exit statuses are checked by the
// caller.
func (r *runner) hyperfine(bin, name string, warmup, runs int, cmds ...[]string) ([]hfResult, error) {
	export := filepath.Join(r.outDir, name+".json")
	args := []string{"-N", "-i", "--style", "basic", "--warmup", strconv.Itoa(warmup), "--runs", strconv.Itoa(runs), "--export-json", export}
	for _, c := range cmds {
		args = append(args, shellJoin(c))
	}
	r.record("", nil, append([]string{bin}, args...))
	cmd := exec.Command(bin, args...)
	log, err := os.Create(filepath.Join(r.outDir, name+".txt"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("hyperfine %s: %w (see %s)", name, err, log.Name())
	}
	b, err := os.ReadFile(export)
	if err != nil {
		return nil, err
	}
	return parseHyperfine(b)
}

// initStat is one "init PKG @T ms, C ms clock, B bytes, A allocs" line of
// GODEBUG=inittrace=1.
type initStat struct {
	Pkg     string
	ClockMS float64
	Bytes   int64
	Allocs  int64
}

var initRe = regexp.MustCompile(`(?m)^init (\S+) @[\d.]+ ms, ([\d.]+) ms clock, (\d+) bytes, (\d+) allocs`)

// parseInitTrace parses GODEBUG=inittrace=1 output (other lines are ignored).
func parseInitTrace(s string) []initStat {
	var out []initStat
	for _, m := range initRe.FindAllStringSubmatch(s, -1) {
		c, _ := strconv.ParseFloat(m[2], 64)
		b, _ := strconv.ParseInt(m[3], 10, 64)
		a, _ := strconv.ParseInt(m[4], 10, 64)
		out = append(out, initStat{Pkg: m[1], ClockMS: c, Bytes: b, Allocs: a})
	}
	return out
}

// initProfile is the median init cost per package over several runs.
type initProfile struct {
	TotalMS  float64 // median over runs of the sum of all package inits
	TotalB   int64
	Packages []initStat // per package median clock, largest first
}

// inittrace runs argv k times with GODEBUG=inittrace=1 and summarises.
func (r *runner) inittrace(k int, argv ...string) (initProfile, error) {
	r.record("", []string{"GODEBUG=inittrace=1"}, argv)
	per := map[string][]float64{}
	bytesPer := map[string]int64{}
	var totals []float64
	var totalB int64
	for i := 0; i < k; i++ {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			return initProfile{}, err
		}
		stats := parseInitTrace(stderr.String())
		if len(stats) == 0 {
			return initProfile{}, fmt.Errorf("%s: no inittrace output", argv[0])
		}
		sum := 0.0
		var b int64
		for _, s := range stats {
			per[s.Pkg] = append(per[s.Pkg], s.ClockMS)
			bytesPer[s.Pkg] = s.Bytes
			sum += s.ClockMS
			b += s.Bytes
		}
		totals = append(totals, sum)
		totalB = b
	}
	p := initProfile{TotalMS: medianF(totals), TotalB: totalB}
	for pkg, v := range per {
		p.Packages = append(p.Packages, initStat{Pkg: pkg, ClockMS: medianF(v), Bytes: bytesPer[pkg]})
	}
	sort.Slice(p.Packages, func(i, j int) bool {
		if p.Packages[i].ClockMS != p.Packages[j].ClockMS {
			return p.Packages[i].ClockMS > p.Packages[j].ClockMS
		}
		return p.Packages[i].Pkg < p.Packages[j].Pkg
	})
	return p, nil
}

// median of durations (the mean of the two middle values for even counts).
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianF(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// shellJoin quotes argv for display (and for hyperfine -N, which splits
// commands with shell-words rules).
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '=' || r == ':' || r == ',' || r == '@' || r == '+' ||
				(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
		}) < 0 {
			q[i] = a
			continue
		}
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
