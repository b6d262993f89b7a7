package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// floorCmd is one command of the floor suite, run once per round.
type floorCmd struct {
	key, what string
	argv      []string
	display   string // the command as the report lists it ("" = argv)
	maxExit   int
	lines     int
	runs      []procRun
}

// floorSuite is what the floor suite measured: every command's runs, in
// rounds, so that ratios are taken between runs of the same round.
type floorSuite struct {
	rounds int
	cmds   []*floorCmd
	pfx    *inprocPFX
	// same says, for each command run by both certlint and the baseline,
	// whether their outputs were byte for byte the same ("" when no
	// baseline was given).
	same []string
}

func (s *floorSuite) cmd(key string) *floorCmd {
	for _, c := range s.cmds {
		if c.key == key {
			return c
		}
	}
	return nil
}

// measureFloor runs, interleaved round by round (each round starting one
// command further on, so that no command always runs first or last): the
// floor programs (read only; read + zcrypto parse) and certlint, plain and
// with the trust store given, over the same PEM directory and with the same
// number of workers; the baseline certlint binary the same way when one is
// given; certlint and go-pkcs12 over the modern PFX files; then certlint's
// in-process LoadFile + Run against DecodeChain per PFX file.
func measureFloor(c *config, r *runner, pemDir, pfxDir, pkiDir, passFile string, pfxFiles []string) (*floorSuite, error) {
	roots, inter := filepath.Join(pkiDir, "root.pem"), filepath.Join(pkiDir, "ca.pem")
	plain := []string{"lint", "--format", "json", "--role", "remote"}
	chain := append(append([]string{}, plain...), "--roots", roots, "--intermediates", inter)
	s := &floorSuite{rounds: c.runs}
	add := func(key, what string, maxExit, lines int, argv ...string) {
		s.cmds = append(s.cmds, &floorCmd{key: key, what: what, argv: argv, maxExit: maxExit, lines: lines})
	}
	add("read", "floor: read each file", 0, c.n, c.floorBin, "-mode", "read", pemDir)
	add("zcrypto", "floor: read + PEM decode + zcrypto parse", 0, c.n, c.floorBin, "-mode", "zcrypto", pemDir)
	add("plain", "certlint `"+strings.Join(plain, " ")+" DIR`", 1, c.n, append(append([]string{c.certlintBin}, plain...), pemDir)...)
	add("chain", "certlint, chain mode (`--roots --intermediates` given)", 1, c.n, append(append([]string{c.certlintBin}, chain...), pemDir)...)
	if c.baselineBin != "" {
		add("base-plain", "baseline certlint, plain", 1, c.n, append(append([]string{c.baselineBin}, plain...), pemDir)...)
		add("base-chain", "baseline certlint, chain mode", 1, c.n, append(append([]string{c.baselineBin}, chain...), pemDir)...)
	}
	pfxArgs := []string{"lint", "--format", "json", "--password-file", passFile}
	add("pfx-floor", "floor: read + go-pkcs12 DecodeChain", 0, len(pfxFiles), append([]string{c.floorBin, "-mode", "pkcs12", "-password-file", passFile}, pfxFiles...)...)
	add("pfx", "certlint `"+strings.Join(pfxArgs[:3], " ")+" --password-file F FILES`", 1, len(pfxFiles), append(append([]string{c.certlintBin}, pfxArgs...), pfxFiles...)...)
	if c.baselineBin != "" {
		add("base-pfx", "baseline certlint, modern PFX", 1, len(pfxFiles), append(append([]string{c.baselineBin}, pfxArgs...), pfxFiles...)...)
	}
	for _, x := range s.cmds {
		if strings.HasPrefix(x.key, "pfx") || strings.HasSuffix(x.key, "-pfx") {
			x.display = shellJoin(x.argv[:len(x.argv)-len(pfxFiles)]) + " " + filepath.Join(pfxDir, "modern-*.pfx")
		}
	}

	// Chain mode must build the chain it is meant to measure: a trusted
	// one, through the intermediate, for the first file.
	first := filepath.Join(pemDir, pemName(0))
	out, err := exec.Command(c.certlintBin, append(append([]string{}, chain...), first)...).Output()
	if !bytes.Contains(out, []byte(`"trusted":true`)) || !bytes.Contains(out, []byte(`"role":"intermediate"`)) {
		return nil, fmt.Errorf("certlint in chain mode builds no trusted chain for %s (%v): the corpus was not issued by %s", first, err, pkiDir)
	}

	for round := 0; round < c.runs; round++ {
		logf("floor suite: round %d of %d", round+1, c.runs)
		for i := range s.cmds {
			x := s.cmds[(i+round)%len(s.cmds)]
			run, err := r.timed(x.display, nil, x.argv...)
			if err = checkRun(x.what, run, err, x.maxExit, x.lines); err != nil {
				return nil, err
			}
			x.runs = append(x.runs, run)
		}
	}
	logf("floor suite: modern PFX in process, %d files x %d repetitions", len(pfxFiles), c.pfxReps)
	in, err := measurePFXInProcess(pfxFiles, benchPassword, c.pfxReps)
	if err != nil {
		return nil, err
	}
	s.pfx = &in
	for _, k := range []string{"plain", "chain", "pfx"} {
		a, b := s.cmd(k), s.cmd("base-"+k)
		if a == nil || b == nil {
			continue
		}
		s.same = append(s.same, k+": "+sameOutput(a.runs[0].Stdout, b.runs[0].Stdout))
	}
	return s, nil
}

// sameOutput compares two captured outputs byte for byte: "identical", or
// where they first differ.
func sameOutput(a, b string) string {
	x, errA := os.ReadFile(a)
	y, errB := os.ReadFile(b)
	if errA != nil || errB != nil {
		return fmt.Sprintf("not compared (%v %v)", errA, errB)
	}
	if bytes.Equal(x, y) {
		return fmt.Sprintf("identical (%d bytes)", len(x))
	}
	i := 0
	for i < len(x) && i < len(y) && x[i] == y[i] {
		i++
	}
	return fmt.Sprintf("DIFFERENT from byte %d (line %d); see %s and %s", i, bytes.Count(x[:i], []byte("\n"))+1, a, b)
}

// medianCPU and medianWall are a command's medians over its rounds.
func (x *floorCmd) medianCPU() time.Duration {
	return median(pick(x.runs, func(p procRun) time.Duration { return p.CPU }))
}
func (x *floorCmd) medianWall() time.Duration {
	return median(pick(x.runs, func(p procRun) time.Duration { return p.Wall }))
}

func pick(runs []procRun, f func(procRun) time.Duration) []time.Duration {
	out := make([]time.Duration, len(runs))
	for i, r := range runs {
		out[i] = f(r)
	}
	return out
}

// ratio is the median over rounds of a's figure over b's in the same round.
func ratio(a, b *floorCmd, f func(procRun) time.Duration) float64 {
	var v []float64
	for i := range a.runs {
		if i < len(b.runs) && f(b.runs[i]) > 0 {
			v = append(v, float64(f(a.runs[i]))/float64(f(b.runs[i])))
		}
	}
	return medianF(v)
}

func cpuOf(p procRun) time.Duration  { return p.CPU }
func wallOf(p procRun) time.Duration { return p.Wall }

// floorMarkdown renders the floor suite: per command the median CPU (user +
// system) and wall time over the rounds, per file, and the ratios the
// targets are set on.
func (s *floorSuite) markdown(n, pfxFiles int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("### Against the floor (%d interleaved rounds; medians; ratios are the median of the per-round ratios)\n\n", s.rounds)
	p("| command | files | CPU (user+sys) | CPU / file | wall | peak RSS |\n|---|---|---|---|---|---|\n")
	for _, x := range s.cmds {
		files := n
		if strings.HasPrefix(x.key, "pfx") || strings.HasSuffix(x.key, "-pfx") {
			files = pfxFiles
		}
		var rss int64
		for _, r := range x.runs {
			rss = max(rss, r.MaxRSSKB)
		}
		p("| %s | %s | %s | %s | %s | %s |\n", x.what, group(int64(files)), fmtDur(x.medianCPU()), fmtDur(x.medianCPU()/time.Duration(files)), fmtDur(x.medianWall()), fmtRSS(rss))
	}
	p("\n| ratio | CPU | wall | target |\n|---|---|---|---|\n")
	row := func(a, bk, what, target string, limit float64) {
		x, y := s.cmd(a), s.cmd(bk)
		if x == nil || y == nil {
			return
		}
		rc, rw := ratio(x, y, cpuOf), ratio(x, y, wallOf)
		t := ""
		if limit > 0 {
			t = fmt.Sprintf("%s: %s", target, verdict(rc <= limit))
		}
		p("| %s | **%.2fx** | %.2fx | %s |\n", what, rc, rw, t)
	}
	row("plain", "zcrypto", "certlint plain / read + zcrypto floor", "<= 1.25x (CPU)", 1.25)
	row("plain", "read", "certlint plain / read-only floor", "", 0)
	row("chain", "plain", "certlint chain mode / certlint plain", "<= 1.3x (CPU)", 1.3)
	row("chain", "zcrypto", "certlint chain mode / read + zcrypto floor", "", 0)
	row("pfx", "pfx-floor", "certlint modern PFX / read + DecodeChain (one process each)", "", 0)
	row("plain", "base-plain", "certlint plain / baseline plain", "", 0)
	row("chain", "base-chain", "certlint chain / baseline chain", "", 0)
	row("pfx", "base-pfx", "certlint modern PFX / baseline modern PFX", "", 0)
	if s.pfx != nil {
		t := float64(s.pfx.LoadRun) / float64(s.pfx.Decode)
		p("| modern PFX in process, per file: LoadFile + Run (%s) / ReadFile + DecodeChain (%s) | **%.2fx** | | <= 1.1x: %s |\n",
			fmtDur(s.pfx.LoadRun), fmtDur(s.pfx.Decode), t, verdict(t <= 1.1))
	}
	p("\n")
	if len(s.same) > 0 {
		p("Output of certlint and of the baseline over the same files (first round): %s\n\n", strings.Join(s.same, "; "))
	}
	return b.String()
}
