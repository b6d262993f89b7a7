package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// fillMachine records what the figures depend on.
func (res *results) fillMachine(c *config) {
	res.machine = fmt.Sprintf("%d CPUs (runtime.NumCPU), %s/%s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	res.cpu = cpuModel()
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		res.kernel = strings.TrimSpace(string(b))
	}
	res.date = time.Now().UTC().Format(time.RFC3339)
	res.goVersion = runtime.Version()
	if out, err := exec.Command(c.goBin, "version").Output(); err == nil {
		res.goVersion = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command(c.hyperfineBin, "--version").Output(); err == nil {
		res.hyperfineV = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command(c.sslBin, "version").Output(); err == nil {
		res.opensslV = strings.TrimSpace(string(out))
	}
}

// loadAvg is /proc/loadavg's 1, 5 and 15 minute load averages ("" elsewhere).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// busy reports whether a 1-minute load average is high enough for other
// processes to have skewed the figures.
func busy(load string) bool {
	f := strings.Fields(load)
	if len(f) == 0 {
		return false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return err == nil && v > 0.5
}

// cpuModel is the first "model name" of /proc/cpuinfo ("unknown" elsewhere).
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// fmtRSS prints KiB (GNU time's unit) as MB (10^6 bytes), the unit of the
// issue's target.
func fmtRSS(kib int64) string {
	if kib <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MB", float64(kib)*1024/1e6)
}

func rate(files int, d time.Duration) float64 { return float64(files) / d.Seconds() }

func fmtRate(files int, d time.Duration) string {
	return fmt.Sprintf("%s files/s (%s)", group(int64(rate(files, d)+0.5)), fmtDur(d))
}

// group prints n with thousands separators.
func group(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

// markdown renders the report.
func (res *results) markdown(c *config, cmds []string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	n := c.n
	p("## certlint performance (cmd/certlint-bench)\n\n")
	p("- Machine: %s, %s, Linux %s\n", res.machine, res.cpu, res.kernel)
	p("- Date: %s; %s; %s; %s; zlint %s\n", res.date, res.goVersion, res.hyperfineV, res.opensslV, res.zlintV)
	p("- Load average (1/5/15 min) at start: %s; at end: %s (certlint-bench itself adds ~1 at the end)\n", res.loadStart, res.loadEnd)
	if busy(res.loadStart) {
		p("- **Warning: the machine was busy when the run started; other processes competed for the CPUs and the figures are pessimistic.**\n")
	}
	p("- Lints: certlint %s (OpsMgr), zlint %s (all sources, its CLI default)\n", res.certlintLints, res.zlintLints)
	p("- Corpus: %s PEM agent certificates, one per file (RSA 2048 from %d shared keys, SHA-256, CN+SAN FQDN, EKU server+client, AIA/CRL/OCSP URLs, unique serials); %d PFX per kind (openssl pkcs12 -export -CSP %q -keyex, leaf+issuing CA+root; modern = OpenSSL 3 default AES-256-CBC/PBKDF2-SHA256 2048 it./HMAC-SHA256 MAC; legacy = -legacy 3DES key, RC2-40 certs, SHA-1 MAC)\n\n",
		group(int64(n)), c.keys, c.pfxPerKind, cspAES)

	p("| tool | what | median / throughput | peak RSS | ratio vs baseline | target |\n")
	p("|---|---|---|---|---|---|\n")
	zl := rate(n, res.zlSeq.Wall)
	p("| zlint CLI | %s PEM files, one process, files in sequence (1 core: how zlint runs) | %s | %s | baseline | |\n", group(int64(n)), fmtRate(n, res.zlSeq.Wall), fmtRSS(res.zlSeq.MaxRSSKB))
	p("| zlint CLI | same, %d processes at once, 1/%d of the files each | %s | %s | %.2fx zlint | |\n", runtime.NumCPU(), runtime.NumCPU(), fmtRate(n, res.zlPar.Wall), fmtRSS(res.zlPar.MaxRSSKB), rate(n, res.zlPar.Wall)/zl)
	t1 := rate(n, res.clAll.Wall) / zl
	p("| certlint lint | `--format json --role remote DIR`, %s files, all cores | %s | %s | **%.1fx** zlint; %.1fx zlint on all cores | >= 10x zlint: %s |\n", group(int64(n)), fmtRate(n, res.clAll.Wall), fmtRSS(res.clAll.MaxRSSKB), t1, rate(n, res.clAll.Wall)/rate(n, res.zlPar.Wall), verdict(t1 >= 10))
	p("| certlint lint | same, GOMAXPROCS=1 | %s | %s | %.1fx zlint (per core) | |\n", fmtRate(n, res.clOne.Wall), fmtRSS(res.clOne.MaxRSSKB), rate(n, res.clOne.Wall)/zl)

	zm, cm := secs(res.hfZL.Median), secs(res.hfCL.Median)
	p("| zlint CLI | one PEM file, whole process (hyperfine, %d runs) | %s (mean %s ± %s) | %s | baseline | |\n", len(res.hfZL.Times), fmtDur(zm), fmtDur(secs(res.hfZL.Mean)), fmtDur(secs(res.hfZL.Stddev)), fmtRSS(res.rssZL1))
	t2 := float64(cm) / float64(zm)
	p("| certlint lint | one PEM file, whole process (hyperfine, %d runs) | %s (mean %s ± %s) | %s | **%.2fx** zlint | <= 1.2x and <= 5 ms: %s |\n", len(res.hfCL.Times), fmtDur(cm), fmtDur(secs(res.hfCL.Mean)), fmtDur(secs(res.hfCL.Stddev)), fmtRSS(res.rssCL1), t2, verdict(t2 <= 1.2 && cm <= 5*time.Millisecond))

	t2b := float64(res.ilCL) / float64(res.ilZL)
	p("| certlint lint vs zlint CLI | one PEM file, whole process, interleaved (%d each, Go exec loop) | %s vs %s | | %.2fx zlint | cross-check |\n", c.hfRuns, fmtDur(res.ilCL), fmtDur(res.ilZL), t2b)

	for _, x := range res.pfx {
		d := x.inproc.Decode
		p("| go-pkcs12 DecodeChain | %s PFX, in process, per file (ReadFile + DecodeChain; median of %d files) | %s | — | baseline | |\n", x.kind, x.files, fmtDur(d))
		p("| certlint LoadFile | %s PFX, in process, per file | %s | — | %.2fx go-pkcs12 | |\n", x.kind, fmtDur(x.inproc.Load), float64(x.inproc.Load)/float64(d))
		t3 := float64(x.inproc.LoadRun) / float64(d)
		p("| certlint LoadFile + Run | %s PFX, in process, per file (every lint, role local) | %s | — | **%.2fx** go-pkcs12 | <= 1.2x: %s |\n", x.kind, fmtDur(x.inproc.LoadRun), t3, verdict(t3 <= 1.2))
		per1 := x.cliOne.Wall / time.Duration(x.files)
		p("| certlint lint | %s PFX, one process over %d files, GOMAXPROCS=1: wall / file | %s | %s | %.2fx go-pkcs12 | |\n", x.kind, x.files, fmtDur(per1), fmtRSS(x.cliOne.MaxRSSKB), float64(per1)/float64(d))
		p("| certlint lint | %s PFX, one process over %d files, all cores | %s | %s | | |\n", x.kind, x.files, fmtRate(x.files, x.cliAll.Wall), fmtRSS(x.cliAll.MaxRSSKB))
		p("| openssl pkcs12 -noout | %s PFX, one process per file (median of %d) | %s | %s | baseline (process) | |\n", x.kind, x.files, fmtDur(x.procSSL), fmtRSS(x.rssProcSSL))
		p("| certlint lint | %s PFX, one process per file (median of %d) | %s | %s | %.2fx openssl | |\n", x.kind, x.files, fmtDur(x.procCL), fmtRSS(x.rssProcCL), float64(x.procCL)/float64(x.procSSL))
	}
	if res.rss != nil {
		t4 := float64(res.rss.MaxRSSKB)*1024 < 60e6
		target := "< 60 MB at 100,000 files: " + verdict(t4)
		if c.rssFiles < 100000 {
			target = fmt.Sprintf("< 60 MB at 100,000 files: not shown (%s files)", group(int64(c.rssFiles)))
		}
		p("| certlint lint | `--format json --role remote DIR`, %s PEM files, all cores | %s | **%s** | | %s |\n", group(int64(c.rssFiles)), fmtRate(c.rssFiles, res.rss.Wall), fmtRSS(res.rss.MaxRSSKB), target)
	} else {
		p("| certlint lint | peak RSS at 100,000 files | not run (add -rss-files 100000) | | | < 60 MB |\n")
	}

	if res.floor != nil {
		p("\n%s", res.floor.markdown(n, c.pfxPerKind))
	}

	p("\nRatios: throughput rows divide files/s (higher is better); time rows divide times (lower is better). ")
	p("Medians: throughput of %d rounds; hyperfine medians; PFX in process: median over files of each file's median of %d repetitions (interleaved); per-process PFX: median over files. Peak RSS: GNU time -v, largest of the rounds.\n\n", c.runs, c.pfxReps)

	p("### Start-up (GODEBUG=inittrace=1, median of %d runs)\n\n", c.initRuns)
	p("| binary | all package inits | heap allocated by inits | largest |\n|---|---|---|---|\n")
	top := func(ip initProfile) string {
		var parts []string
		for i, s := range ip.Packages {
			if i == 5 {
				break
			}
			parts = append(parts, fmt.Sprintf("%s %.2f ms", s.Pkg, s.ClockMS))
		}
		return strings.Join(parts, "; ")
	}
	for _, x := range []struct {
		name string
		ip   initProfile
	}{{"certlint", res.initCL}, {"zlint", res.initZL}} {
		if len(x.ip.Packages) == 0 {
			p("| %s | not measured (not a Go binary?) | | |\n", x.name)
			continue
		}
		p("| %s | %.2f ms | %s | %s |\n", x.name, x.ip.TotalMS, fmtBytes(x.ip.TotalB), top(x.ip))
	}

	p("\n### Commands\n\n")
	for _, cmd := range cmds {
		p("    %s\n", cmd)
	}
	return b.String()
}

// floorMarkdown renders the report of -suite floor.
func (res *results) floorMarkdown(c *config, cmds []string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("## certlint against the floor (cmd/certlint-bench -suite floor)\n\n")
	p("- Machine: %s, %s, Linux %s; GOMAXPROCS = %d for every command\n", res.machine, res.cpu, res.kernel, runtime.NumCPU())
	p("- Date: %s; %s\n", res.date, res.goVersion)
	p("- Load average (1/5/15 min) at start: %s; at end: %s\n", res.loadStart, res.loadEnd)
	if busy(res.loadStart) {
		p("- **Warning: the machine was busy when the run started; other processes competed for the CPUs.**\n")
	}
	p("- Corpus: %s PEM agent certificates, one per file; %d modern PFX (OpenSSL 3 default, leaf + issuing CA + root)\n", group(int64(c.n)), c.pfxPerKind)
	if c.baselineBin != "" {
		p("- Baseline: %s\n", c.baselineBin)
	}
	p("\n%s", res.floor.markdown(c.n, c.pfxPerKind))
	if res.rss != nil {
		p("Peak RSS, `certlint lint --format json --role remote DIR` over %s PEM files: **%s** (%s; target < 60 MB at 100,000 files)\n\n",
			group(int64(c.rssFiles)), fmtRSS(res.rss.MaxRSSKB), fmtRate(c.rssFiles, res.rss.Wall))
	}
	p("### Commands\n\n")
	for _, cmd := range cmds {
		p("    %s\n", cmd)
	}
	return b.String()
}

func fmtBytes(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
