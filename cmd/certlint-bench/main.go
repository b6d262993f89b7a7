// Command certlint-bench measures certlint against the baselines of the
// project, in one run on one machine, and prints a Markdown table:
//
//   - throughput over N PEM agent certificates: `certlint lint --format json
//     --role remote DIR` against zlint's CLI (v3.7.3, one process, files in
//     sequence, as zlint runs them; and one zlint process per core);
//   - one PEM file, whole process start to exit (hyperfine): certlint against
//     zlint;
//   - PFX per file: certlint's load + lint against the bare go-pkcs12
//     DecodeChain of the same file (in process), and `certlint lint` against
//     `openssl pkcs12 -noout` (one process per file);
//   - peak RSS (GNU time -v) of certlint over the N-file directory and, with
//     -rss-files, over a larger one (budget: under 60 MB at 100,000 files);
//   - the floor suite: certlint against programs that do only what no
//     linter can skip (cmd/certlint-bench/floor: read each file; read,
//     decode PEM and parse with zcrypto; read and go-pkcs12 DecodeChain),
//     over the same files with the same number of workers, plain and with
//     the trust store given (chain mode), in interleaved rounds, CPU time
//     from GNU time; and a -baseline certlint binary in the same rounds.
//
// -suite floor runs only the floor suite (and the RSS run): it needs GNU
// time and openssl, not zlint or hyperfine:
//
//	go run ./cmd/certlint-bench -suite floor -n 10000 -rss-files 100000 -baseline /path/to/old/certlint
//
// Run it from the module root:
//
//	go run ./cmd/certlint-bench -n 10000 -dir /tmp/certlint-bench
//	go run ./cmd/certlint-bench -n 10000 -rss-files 100000 -dir /tmp/certlint-bench
//
// It builds cmd/certlint, installs zlint's CLI with `go install` into
// DIR/bin, and generates the corpus in DIR (reused by later runs with the
// same sizes; -regen makes it afresh). It needs go, hyperfine, GNU time
// (/usr/bin/time) and openssl 3, and exits with status 2 naming what is
// missing; status 1 means a measurement failed (a tool refused an input).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

const zlintModule = "github.com/zmap/zlint/v3/cmd/zlint"

type config struct {
	n, pfxPerKind, keys, runs     int
	hfWarmup, hfRuns, pfxReps     int
	rssFiles, initRuns            int
	dir, out                      string
	certlintBin, zlintBin         string
	zlintVersion                  string
	hyperfineBin, timeBin, sslBin string
	goBin                         string
	regen                         bool
	waitIdle                      time.Duration
	suite                         string // "all" or "floor"
	baselineBin, floorBin         string
}

func main() {
	c := &config{}
	flag.IntVar(&c.n, "n", 10000, "number of PEM agent certificates (one per file) for the throughput run")
	flag.IntVar(&c.pfxPerKind, "pfx", 100, "number of PFX files of each kind (modern AES, legacy 3DES/RC2)")
	flag.IntVar(&c.keys, "keys", 4, "number of RSA 2048 keys shared by the generated certificates")
	flag.IntVar(&c.runs, "runs", 3, "repetitions of each throughput run (the median is reported)")
	flag.IntVar(&c.hfWarmup, "warmup", 5, "hyperfine --warmup for the one-file runs")
	flag.IntVar(&c.hfRuns, "hf-runs", 50, "hyperfine --runs for the one-file runs")
	flag.IntVar(&c.pfxReps, "pfx-reps", 5, "in-process repetitions per PFX file")
	flag.IntVar(&c.rssFiles, "rss-files", 0, "also measure certlint's peak RSS over a directory of this many PEM files (budget: 100000); 0 = skip")
	flag.IntVar(&c.initRuns, "init-runs", 11, "runs of GODEBUG=inittrace=1 per binary")
	flag.StringVar(&c.dir, "dir", filepath.Join(os.TempDir(), "certlint-bench"), "work directory: corpus, binaries, raw outputs")
	flag.StringVar(&c.out, "o", "", "also write the Markdown report to this file (default DIR/report.md)")
	flag.StringVar(&c.certlintBin, "certlint", "", "use this certlint binary instead of building ./cmd/certlint")
	flag.StringVar(&c.zlintBin, "zlint", "", "use this zlint binary instead of installing "+zlintModule)
	flag.StringVar(&c.zlintVersion, "zlint-version", "v3.7.3", "zlint version to install")
	flag.StringVar(&c.hyperfineBin, "hyperfine", "hyperfine", "hyperfine binary")
	flag.StringVar(&c.timeBin, "time", "/usr/bin/time", "GNU time binary (for -v: maximum resident set size)")
	flag.StringVar(&c.sslBin, "openssl", "openssl", "openssl 3 binary")
	flag.StringVar(&c.goBin, "go", "go", "go binary (to build certlint and install zlint)")
	flag.DurationVar(&c.waitIdle, "wait-idle", 0, "before measuring, wait up to this long for the 1-minute load average to fall below 0.5 (other processes skew the figures)")
	flag.StringVar(&c.suite, "suite", "all", "all: every measurement; floor: only certlint against the floor programs (no zlint, hyperfine or openssl process loops)")
	flag.StringVar(&c.baselineBin, "baseline", "", "also measure this certlint binary (say, a build of main before a change) in the floor suite's rounds")
	flag.BoolVar(&c.regen, "regen", false, "generate the corpus afresh even if DIR holds one of the same size")
	flag.Parse()
	if flag.NArg() > 0 || (c.suite != "all" && c.suite != "floor") || c.n < 1 || c.pfxPerKind < 1 || c.keys < 1 || c.runs < 1 || c.hfRuns < 2 || c.pfxReps < 1 || c.initRuns < 1 || c.rssFiles < 0 {
		fmt.Fprintln(os.Stderr, "certlint-bench: bad arguments: counts must be positive (-hf-runs at least 2) and no positional arguments; see -h")
		os.Exit(2)
	}
	if err := preflight(c); err != nil {
		fmt.Fprintln(os.Stderr, "certlint-bench:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "certlint-bench:", err)
		os.Exit(1)
	}
}

// preflight resolves every external tool and reports all missing ones at once.
func preflight(c *config) error {
	var missing []string
	look := func(p *string, what string) {
		full, err := exec.LookPath(*p)
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s (%q: %v)", what, *p, err))
			return
		}
		*p = full
	}
	if c.suite == "all" {
		look(&c.hyperfineBin, "hyperfine (Debian package hyperfine; or -hyperfine PATH)")
	}
	look(&c.timeBin, "GNU time (Debian package time, /usr/bin/time; or -time PATH)")
	look(&c.sslBin, "openssl 3 (Debian package openssl; or -openssl PATH)")
	look(&c.goBin, "go (to build certlint, the floor programs and zlint)")
	if c.baselineBin != "" {
		look(&c.baselineBin, "baseline certlint (-baseline)")
	}
	if c.certlintBin != "" {
		look(&c.certlintBin, "certlint (-certlint)")
	}
	if c.zlintBin != "" {
		look(&c.zlintBin, "zlint (-zlint)")
	}
	if len(missing) > 0 {
		return errors.New("missing tools:\n  " + strings.Join(missing, "\n  "))
	}
	return nil
}

// results holds every figure the report prints.
type results struct {
	machine, cpu, kernel, date, goVersion string
	loadStart, loadEnd                    string
	hyperfineV, opensslV, zlintV          string
	certlintLints, zlintLints             string

	// throughput over the N PEM files (median of runs)
	clAll, clOne, zlSeq, zlPar procRun
	// one file, hyperfine medians and GNU time RSS
	hfCL, hfZL     hfResult
	rssCL1, rssZL1 int64
	ilCL, ilZL     time.Duration // interleaved process loop medians
	// PFX per kind
	pfx []pfxResult
	// RSS run
	rss *procRun
	// startup
	initCL, initZL initProfile
	// the floor suite
	floor *floorSuite
}

type pfxResult struct {
	kind                  string
	files                 int
	inproc                inprocPFX
	cliOne, cliAll        procRun // one certlint process over the kind's files
	procCL, procSSL       time.Duration
	rssProcCL, rssProcSSL int64
}

func run(c *config) error {
	dir, err := filepath.Abs(c.dir)
	if err != nil {
		return err
	}
	binDir, outDir := filepath.Join(dir, "bin"), filepath.Join(dir, "out")
	for _, d := range []string{binDir, outDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	r := &runner{timeBin: c.timeBin, outDir: outDir}
	res := &results{}
	res.fillMachine(c)

	// Binaries.
	root, err := moduleRoot(c.goBin)
	if err != nil {
		return err
	}
	c.floorBin = filepath.Join(binDir, "floor")
	logf("building the floor programs")
	argv := []string{c.goBin, "build", "-o", c.floorBin, "./cmd/certlint-bench/floor"}
	r.record("(cd "+root+" && "+shellJoin(argv)+")", nil, nil)
	if err := runIn(root, nil, argv...); err != nil {
		return fmt.Errorf("building cmd/certlint-bench/floor: %w", err)
	}
	if c.certlintBin == "" {
		c.certlintBin = filepath.Join(binDir, "certlint")
		logf("building certlint")
		argv := []string{c.goBin, "build", "-o", c.certlintBin, "./cmd/certlint"}
		r.record("(cd "+root+" && "+shellJoin(argv)+")", nil, nil)
		if err := runIn(root, nil, argv...); err != nil {
			return fmt.Errorf("building cmd/certlint (is the CLI complete?): %w", err)
		}
	}
	if c.zlintBin == "" && c.suite == "all" {
		logf("installing zlint %s", c.zlintVersion)
		argv := []string{c.goBin, "install", zlintModule + "@" + c.zlintVersion}
		env := []string{"GOBIN=" + binDir}
		r.record("", env, argv)
		if err := runIn("", env, argv...); err != nil {
			return fmt.Errorf("installing zlint from the Go module proxy: %w", err)
		}
		c.zlintBin = filepath.Join(binDir, "zlint")
	}
	res.certlintLints = countOutputLines(c.certlintBin, "lints", "--format", "json")
	if c.suite == "all" {
		res.zlintV = c.zlintVersion
		res.zlintLints = countOutputLines(c.zlintBin, "-list-lints-json")
	}

	// Corpus.
	passFile := filepath.Join(dir, "password.txt")
	if err := os.WriteFile(passFile, []byte(benchPassword+"\n"), 0o600); err != nil {
		return err
	}
	pemDir, pfxDir, rssDir := filepath.Join(dir, "pem"), filepath.Join(dir, "pfx"), filepath.Join(dir, "rss")
	// Every corpus is issued by the PKI in DIR/pki, and its stamp names that
	// PKI's root: a corpus issued by an earlier PKI is not reused (its
	// chain would not build against DIR/pki, and chain mode would measure
	// "issuer not found" instead of a chain). The PKI's keys are not kept,
	// so a new PKI means every corpus is generated again.
	pkiDir := filepath.Join(dir, "pki")
	type corpus struct {
		dir, desc string
		gen       func(*pki) error
	}
	corpora := []corpus{
		{pemDir, fmt.Sprintf("pem n=%d keys=%d v2", c.n, c.keys), func(pk *pki) error { return pk.genPEMs(pemDir, c.n) }},
		{pfxDir, fmt.Sprintf("pfx m=%d keys=%d v2", c.pfxPerKind, c.keys), func(pk *pki) error { return pk.genPFX(c.sslBin, pfxDir, passFile, c.pfxPerKind) }},
	}
	if c.rssFiles > 0 {
		corpora = append(corpora, corpus{rssDir, fmt.Sprintf("pem n=%d keys=%d v2", c.rssFiles, c.keys), func(pk *pki) error { return pk.genPEMs(rssDir, c.rssFiles) }})
	}
	stamp := func(desc, id string) string { return desc + " root=" + id }
	id := pkiID(pkiDir)
	ready := id != "" && !c.regen
	for _, x := range corpora {
		ready = ready && corpusReady(x.dir, stamp(x.desc, id))
	}
	if ready {
		for _, x := range corpora {
			logf("reusing %s (%s)", x.dir, x.desc)
		}
	} else {
		logf("generating the test PKI (%d RSA 2048 leaf keys)", c.keys)
		p, err := newPKI(pkiDir, c.keys)
		if err != nil {
			return err
		}
		id = pkiID(pkiDir)
		for _, x := range corpora {
			if err := resetCorpus(x.dir); err != nil {
				return err
			}
			logf("generating %s (%s)", x.dir, x.desc)
			if err := x.gen(p); err != nil {
				return err
			}
			if err := markReady(x.dir, stamp(x.desc, id)); err != nil {
				return err
			}
		}
	}
	onePEM := filepath.Join(dir, "one.pem")
	if b, err := os.ReadFile(filepath.Join(pemDir, pemName(0))); err != nil {
		return err
	} else if err := os.WriteFile(onePEM, b, 0o644); err != nil {
		return err
	}
	pemFiles := make([]string, c.n)
	for i := range pemFiles {
		pemFiles[i] = filepath.Join(pemDir, pemName(i))
	}

	if c.waitIdle > 0 {
		deadline := time.Now().Add(c.waitIdle)
		for busy(loadAvg()) && time.Now().Before(deadline) {
			logf("waiting for the machine to be idle (load average %s)", loadAvg())
			time.Sleep(10 * time.Second)
		}
	}
	res.loadStart = loadAvg()

	clPEM := []string{c.certlintBin, "lint", "--format", "json", "--role", "remote"}
	modern := make([]string, c.pfxPerKind)
	for i := range modern {
		modern[i] = filepath.Join(pfxDir, pfxName("modern", i))
	}
	if c.suite == "floor" {
		if res.floor, err = measureFloor(c, r, pemDir, pfxDir, filepath.Join(dir, "pki"), passFile, modern); err != nil {
			return err
		}
		if res.rss, err = rssRun(c, r, clPEM, rssDir); err != nil {
			return err
		}
		res.loadEnd = loadAvg()
		return writeReport(c, dir, res.floorMarkdown(c, r.cmds), outDir)
	}
	if err := sanity(c, onePEM, clPEM); err != nil {
		return err
	}

	// Throughput over the N PEM files.
	logf("throughput over %d PEM files, %d rounds", c.n, c.runs)
	var clAll, clOne, zlSeq, zlPar []procRun
	for round := 0; round < c.runs; round++ {
		x, err := r.timed("", nil, append(clPEM, pemDir)...)
		if err = checkRun("certlint lint", x, err, 1, c.n); err != nil {
			return err
		}
		clAll = append(clAll, x)
		x, err = r.timed("", []string{"GOMAXPROCS=1"}, append(clPEM, pemDir)...)
		if err = checkRun("certlint lint (GOMAXPROCS=1)", x, err, 1, c.n); err != nil {
			return err
		}
		clOne = append(clOne, x)
		x, err = zlintFiles(r, c.zlintBin, pemDir, pemFiles, 1)
		if err = checkRun("zlint", x, err, 0, c.n); err != nil {
			return err
		}
		zlSeq = append(zlSeq, x)
		x, err = zlintFiles(r, c.zlintBin, pemDir, pemFiles, runtime.NumCPU())
		if err = checkRun("zlint (parallel)", x, err, 0, c.n); err != nil {
			return err
		}
		zlPar = append(zlPar, x)
	}
	res.clAll, res.clOne, res.zlSeq, res.zlPar = medianRun(clAll), medianRun(clOne), medianRun(zlSeq), medianRun(zlPar)

	// One PEM file, whole process.
	logf("one PEM file, whole process (hyperfine --warmup %d --runs %d)", c.hfWarmup, c.hfRuns)
	hf, err := r.hyperfine(c.hyperfineBin, "one_pem", c.hfWarmup, c.hfRuns, append(clPEM, onePEM), []string{c.zlintBin, onePEM})
	if err != nil {
		return err
	}
	if len(hf) != 2 {
		return fmt.Errorf("hyperfine: want 2 results, got %d", len(hf))
	}
	res.hfCL, res.hfZL = hf[0], hf[1]
	if err := checkExits("certlint (hyperfine)", res.hfCL.ExitCodes, 1); err != nil {
		return err
	}
	if err := checkExits("zlint (hyperfine)", res.hfZL.ExitCodes, 0); err != nil {
		return err
	}
	// The same, interleaved (certlint, zlint, certlint, ...): load that comes
	// and goes during the run hits both alike, unlike hyperfine's two blocks.
	r.record(fmt.Sprintf("for i in $(seq %d); do %s; %s; done  # each process timed, interleaved", c.hfRuns,
		shellJoin(append(clPEM, onePEM)), shellJoin([]string{c.zlintBin, onePEM})), nil, nil)
	var ilCL, ilZL []time.Duration
	for i := 0; i < c.hfRuns+c.hfWarmup; i++ {
		d1, code1, msg1, err1 := r.quick(nil, append(clPEM, onePEM)...)
		d2, code2, msg2, err2 := r.quick(nil, c.zlintBin, onePEM)
		if err1 != nil || code1 > 1 || err2 != nil || code2 != 0 {
			return fmt.Errorf("one-file loop: certlint exit %d %v %s; zlint exit %d %v %s", code1, err1, msg1, code2, err2, msg2)
		}
		if i >= c.hfWarmup {
			ilCL, ilZL = append(ilCL, d1), append(ilZL, d2)
		}
	}
	res.ilCL, res.ilZL = median(ilCL), median(ilZL)
	if x, err := r.timed("", nil, append(clPEM, onePEM)...); checkRun("certlint one file", x, err, 1, 1) != nil {
		return checkRun("certlint one file", x, err, 1, 1)
	} else {
		res.rssCL1 = x.MaxRSSKB
	}
	if x, err := r.timed("", nil, c.zlintBin, onePEM); checkRun("zlint one file", x, err, 0, 1) != nil {
		return checkRun("zlint one file", x, err, 0, 1)
	} else {
		res.rssZL1 = x.MaxRSSKB
	}

	// PFX.
	for _, kind := range pfxKinds {
		logf("PFX %s: %d files", kind.name, c.pfxPerKind)
		pr, err := measurePFXKind(c, r, kind.name, kind.args, pfxDir, passFile)
		if err != nil {
			return err
		}
		res.pfx = append(res.pfx, pr)
	}

	// Peak RSS at scale.
	if res.rss, err = rssRun(c, r, clPEM, rssDir); err != nil {
		return err
	}

	// Start-up.
	logf("start-up: GODEBUG=inittrace=1, %d runs each", c.initRuns)
	if res.initCL, err = r.inittrace(c.initRuns, append(clPEM, onePEM)...); err != nil {
		logf("start-up of certlint not measured: %v", err)
	}
	if res.initZL, err = r.inittrace(c.initRuns, c.zlintBin, onePEM); err != nil {
		logf("start-up of zlint not measured: %v", err)
	}

	logf("floor suite")
	if res.floor, err = measureFloor(c, r, pemDir, pfxDir, filepath.Join(dir, "pki"), passFile, modern); err != nil {
		return err
	}

	res.loadEnd = loadAvg()
	return writeReport(c, dir, res.markdown(c, r.cmds), outDir)
}

// rssRun measures certlint's peak RSS over the -rss-files directory (nil
// when -rss-files is 0).
func rssRun(c *config, r *runner, clPEM []string, rssDir string) (*procRun, error) {
	if c.rssFiles == 0 {
		return nil, nil
	}
	logf("peak RSS over %d PEM files", c.rssFiles)
	x, err := r.timed("", nil, append(clPEM, rssDir)...)
	if err = checkRun("certlint lint (RSS run)", x, err, 1, c.rssFiles); err != nil {
		return nil, err
	}
	return &x, nil
}

// writeReport prints the report and writes it to -o (default DIR/report.md).
func writeReport(c *config, dir, report, outDir string) error {
	fmt.Print(report)
	out := c.out
	if out == "" {
		out = filepath.Join(dir, "report.md")
	}
	if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
		return err
	}
	logf("report written to %s; raw outputs in %s", out, outDir)
	return nil
}

// measurePFXKind measures one PFX kind in process, as one certlint process
// over all its files, and as one process per file against openssl.
func measurePFXKind(c *config, r *runner, kind, sslArgs, pfxDir, passFile string) (pfxResult, error) {
	pr := pfxResult{kind: kind, files: c.pfxPerKind}
	files := make([]string, c.pfxPerKind)
	for i := range files {
		files[i] = filepath.Join(pfxDir, pfxName(kind, i))
	}
	var err error
	if pr.inproc, err = measurePFXInProcess(files, benchPassword, c.pfxReps); err != nil {
		return pr, err
	}
	cl := []string{c.certlintBin, "lint", "--format", "json", "--password-file", passFile}
	disp := shellJoin(cl) + " " + filepath.Join(pfxDir, kind+"-*.pfx")
	x, err := r.timed("GOMAXPROCS=1 "+disp, []string{"GOMAXPROCS=1"}, append(cl, files...)...)
	if err = checkRun("certlint lint "+kind+" PFX (GOMAXPROCS=1)", x, err, 1, len(files)); err != nil {
		return pr, err
	}
	pr.cliOne = x
	x, err = r.timed(disp, nil, append(cl, files...)...)
	if err = checkRun("certlint lint "+kind+" PFX", x, err, 1, len(files)); err != nil {
		return pr, err
	}
	pr.cliAll = x

	ssl := func(f string) []string {
		a := []string{c.sslBin, "pkcs12", "-in", f, "-passin", "file:" + passFile, "-noout"}
		return append(a, strings.Fields(sslArgs)...)
	}
	loopVar := func(s string) string { return strings.ReplaceAll(s, "@F@", `"$f"`) }
	r.record("for f in "+filepath.Join(pfxDir, kind+"-*.pfx")+"; do "+loopVar(shellJoin(append(cl, "@F@")))+"; "+
		loopVar(shellJoin(ssl("@F@")))+"; done  # each process timed, interleaved", nil, nil)
	var tcl, tssl []time.Duration
	for _, f := range files {
		d, code, msg, err := r.quick(nil, append(cl, f)...)
		if err != nil || code > 1 {
			return pr, fmt.Errorf("certlint lint %s: exit %d %v %s", f, code, err, msg)
		}
		tcl = append(tcl, d)
		d, code, msg, err = r.quick(nil, ssl(f)...)
		if err != nil || code != 0 {
			return pr, fmt.Errorf("openssl pkcs12 %s: exit %d %v %s", f, code, err, msg)
		}
		tssl = append(tssl, d)
	}
	pr.procCL, pr.procSSL = median(tcl), median(tssl)
	if x, err := r.timed("", nil, append(cl, files[0])...); err == nil {
		pr.rssProcCL = x.MaxRSSKB
	}
	if x, err := r.timed("", nil, ssl(files[0])...); err == nil {
		pr.rssProcSSL = x.MaxRSSKB
	}
	return pr, nil
}

// zlintFiles runs zlint's CLI over files: procs processes at once, each
// taking a contiguous share of the files in sequence (chunked to keep each
// command line far below ARG_MAX). Wall is the whole run; MaxRSSKB the
// largest process.
func zlintFiles(r *runner, zlint, dir string, files []string, procs int) (procRun, error) {
	const maxArgBytes = 512 << 10
	share := (len(files) + procs - 1) / procs
	var (
		mu    sync.Mutex
		total procRun
		first error
		wg    sync.WaitGroup
	)
	disp := fmt.Sprintf("%s %s/agent-*.pem  # %d files, one process, in sequence", shellJoin([]string{zlint}), dir, len(files))
	if procs > 1 {
		disp = fmt.Sprintf("%s %s/agent-*.pem  # %d processes at once, each 1/%d of the %d files in sequence", shellJoin([]string{zlint}), dir, procs, procs, len(files))
	}
	start := time.Now()
	for p := 0; p < procs; p++ {
		lo, hi := p*share, min((p+1)*share, len(files))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(part []string) {
			defer wg.Done()
			for len(part) > 0 {
				n, size := 0, 0
				for n < len(part) && size+len(part[n])+1 < maxArgBytes {
					size += len(part[n]) + 1
					n++
				}
				x, err := r.timed(disp, nil, append([]string{zlint}, part[:n]...)...)
				mu.Lock()
				if err == nil && x.Exit != 0 {
					err = fmt.Errorf("exit status %d: %s", x.Exit, x.Stderr)
				}
				if err != nil && first == nil {
					first = err
				}
				lines, lerr := countLines(x.Stdout)
				if lerr != nil && first == nil {
					first = lerr
				}
				total.Lines += lines
				total.MaxRSSKB = max(total.MaxRSSKB, x.MaxRSSKB)
				mu.Unlock()
				part = part[n:]
			}
		}(files[lo:hi])
	}
	wg.Wait()
	total.Wall = time.Since(start)
	return total, first
}

// checkRun fails when a run could not start, exited above maxExit (certlint:
// 2 = some input could not be linted), or did not write one JSON line per
// input.
func checkRun(what string, x procRun, err error, maxExit, wantLines int) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if x.Exit > maxExit {
		return fmt.Errorf("%s: exit status %d: %s", what, x.Exit, x.Stderr)
	}
	n := x.Lines
	if x.Stdout != "" {
		if n, err = countLines(x.Stdout); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if n != wantLines {
		return fmt.Errorf("%s: %d output lines for %d inputs (see %s)", what, n, wantLines, x.Stdout)
	}
	return nil
}

func checkExits(what string, codes []int, maxExit int) error {
	for _, c := range codes {
		if c > maxExit {
			return fmt.Errorf("%s: a run exited with status %d", what, c)
		}
	}
	return nil
}

// sanity runs each tool once on one file so that a broken tool fails fast
// with its own message rather than as a skewed figure.
func sanity(c *config, onePEM string, clPEM []string) error {
	out, err := exec.Command(clPEM[0], append(clPEM[1:], onePEM)...).Output()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		msg := ""
		if ee != nil {
			msg = firstLine(string(ee.Stderr))
		}
		return fmt.Errorf("certlint lint on %s failed: %v %s", onePEM, err, msg)
	}
	if strings.Count(string(out), "\n") != 1 || !strings.HasPrefix(string(out), "{") {
		return fmt.Errorf("certlint lint --format json on %s: want one JSON line, got %q", onePEM, firstLine(string(out)))
	}
	if out, err := exec.Command(c.zlintBin, onePEM).Output(); err != nil || !strings.HasPrefix(string(out), "{") {
		return fmt.Errorf("zlint on %s failed: %v %q", onePEM, err, firstLine(string(out)))
	}
	return nil
}

func medianRun(v []procRun) procRun {
	w := make([]time.Duration, len(v))
	var rss int64
	for i, x := range v {
		w[i] = x.Wall
		rss = max(rss, x.MaxRSSKB)
	}
	m := median(w)
	return procRun{Wall: m, MaxRSSKB: rss}
}

func moduleRoot(goBin string) (string, error) {
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", errors.New("run certlint-bench from inside the certlint module (go run ./cmd/certlint-bench), or pass -certlint")
	}
	return filepath.Dir(gomod), nil
}

func runIn(dir string, env []string, argv ...string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// countOutputLines returns the number of stdout lines of a command, or "?"
// when it fails.
func countOutputLines(argv ...string) string {
	out, err := exec.Command(argv[0], argv[1:]...).Output()
	if err != nil {
		return "?"
	}
	return strconv.Itoa(strings.Count(string(out), "\n"))
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "certlint-bench: "+format+"\n", args...)
}
