package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/config"
	"github.com/urfave/cli/v2"
)

// gateFlags are the flags of the configuration file, the baseline and the
// expiry window, shared by lint and baseline.
func gateFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "read the configuration from `FILE` (default: the first " + config.FileName + " from the working directory upward)", TakesFile: true},
		&cli.BoolFlag{Name: "no-config", Usage: "read no configuration file (and no baseline but --baseline)"},
		&cli.StringFlag{Name: "baseline", Usage: "the baseline `FILE` of accepted findings (default: the configuration's baseline, else " + config.BaselineName + " beside it)", TakesFile: true},
		&cli.StringFlag{Name: "expiry-warning", Usage: "warn this long before a certificate expires: `DURATION` such as 30d, 6w or 720h; 0 or off for never (default 30d)"},
	}
}

// gate is what the configuration file adds to one lint or baseline run.
type gate struct {
	*config.Gate
	wd string
	// paths are what to lint when the command line gives no PATH.
	paths []string
	// trustSource says where each trust path came from.
	trustSource map[string]string
	// baselineOut is set for `certlint baseline`: the file to write.
	baselineOut string
	oldBaseline *config.Baseline
	entries     []*config.Entry
}

// knownLint reports whether a lint of that name is registered.
func knownLint(name string) bool { return certlint.LintByName(name) != nil }

// loadGate finds and reads the configuration (unless --no-config), applies
// its settings to the flags the command line did not set (so a flag always
// wins), and reads the baseline.
func loadGate(c *cli.Context) (*gate, error) {
	cmd := c.Command.Name
	wd, err := os.Getwd()
	if err != nil {
		return nil, usageErrorf("%s: cannot tell the working directory: %v", cmd, err)
	}
	g := &gate{Gate: &config.Gate{}, wd: wd, trustSource: map[string]string{}}
	// What the command line itself set, before the configuration fills in
	// the rest: --role, --host and --expiry-warning win over the rules.
	if c.IsSet("role") {
		g.Role = certlint.Role(c.String("role"))
	}
	g.Host = strings.TrimSpace(c.String("host"))
	g.ExpiryWarningSet = c.IsSet("expiry-warning")
	opts := config.Options{KnownLint: knownLint, WorkDir: wd}
	path := c.String("config")
	switch {
	case c.Bool("no-config") && c.IsSet("config"):
		return nil, usageErrorf("%s: give --config or --no-config, not both", cmd)
	case c.Bool("no-config"):
	case path != "":
	default:
		if path, err = config.Find(wd); err != nil {
			return nil, usageErrorf("%s: looking for %s: %v", cmd, config.FileName, err)
		}
	}
	if path != "" && !c.Bool("no-config") {
		f, err := config.Load(path, opts)
		if err != nil {
			return nil, usageErrorf("%s", err)
		}
		g.File = f
		if err := g.applyFile(c, f); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"roots", "intermediates"} {
		for _, p := range c.StringSlice(name) {
			abs, err := filepath.Abs(p)
			if err != nil {
				continue
			}
			src := g.trustSource[abs]
			if src == "" {
				src = "--" + name
			}
			g.Trust = append(g.Trust, config.TrustPath{Path: abs, Source: src})
		}
	}
	bpath := c.String("baseline")
	switch {
	case bpath != "":
	case c.Bool("no-config") && cmd == "baseline":
		return nil, usageErrorf("baseline: with --no-config, name the file to write with --baseline FILE")
	case c.Bool("no-config"):
		// No configuration, no baseline but one named on the command line.
		return g, nil
	case g.File != nil:
		bpath = g.File.BaselinePath()
	default:
		bpath = filepath.Join(wd, config.BaselineName)
		// An implicit baseline that cannot even be looked for (a working
		// directory this user may not search) is no baseline: every
		// finding is reported, the strict side.
		if _, err := os.Stat(bpath); errors.Is(err, fs.ErrPermission) && cmd != "baseline" {
			return g, nil
		}
	}
	b, err := config.LoadBaseline(bpath, opts)
	if err != nil {
		return nil, usageErrorf("%s", err)
	}
	if c.IsSet("baseline") && b == nil && cmd != "baseline" {
		return nil, usageErrorf("%s: --baseline %s: no such file (certlint baseline writes it)", cmd, bpath)
	}
	if cmd == "baseline" {
		g.baselineOut, g.oldBaseline = bpath, b
	} else {
		g.Baseline = b
	}
	return g, nil
}

// applyFile sets the flags the command line did not set from f.
func (g *gate) applyFile(c *cli.Context, f *config.File) error {
	set := func(name, value string) error {
		if err := c.Set(name, value); err != nil {
			return usageErrorf("%s: %s: %v", c.Command.Name, f.Display, err)
		}
		return nil
	}
	for _, kv := range []struct {
		flag string
		list []config.Setting
	}{{"roots", f.Roots}, {"intermediates", f.Intermediates}} {
		if c.IsSet(kv.flag) {
			continue
		}
		for _, s := range kv.list {
			g.trustSource[s.Value] = fmt.Sprintf("%s in %s:%d", kv.flag, f.Display, s.Line)
			if err := set(kv.flag, displayPath(s.Value, g.wd)); err != nil {
				return err
			}
		}
	}
	if f.SystemRoots != nil && *f.SystemRoots && !c.IsSet("system-roots") {
		if err := set("system-roots", "true"); err != nil {
			return err
		}
	}
	if !c.IsSet("password-file") && !c.IsSet("password-env") {
		switch {
		case f.PasswordFile != nil:
			if err := set("password-file", f.PasswordFile.Value); err != nil {
				return err
			}
		case f.PasswordEnv != nil:
			// Only when the variable is set: a run that reads no PFX (a
			// commit of .cer files) must not fail for want of it. Unset,
			// a PFX that needs a password is reported as such.
			if _, ok := os.LookupEnv(f.PasswordEnv.Value); ok {
				if err := set("password-env", f.PasswordEnv.Value); err != nil {
					return err
				}
			}
		}
	}
	if f.FailOn != nil && !c.IsSet("fail-on") {
		if err := set("fail-on", f.FailOn.Value); err != nil {
			return err
		}
	}
	if f.ExpiryWarning != nil && !c.IsSet("expiry-warning") {
		v := "off"
		if *f.ExpiryWarning > 0 {
			v = f.ExpiryWarning.String()
		}
		if err := set("expiry-warning", v); err != nil {
			return err
		}
	}
	for _, kv := range []struct {
		flag  string
		names []string
	}{{"include", f.Include}, {"exclude", f.Exclude}} {
		if c.IsSet(kv.flag) {
			continue
		}
		for _, n := range kv.names {
			if err := set(kv.flag, n); err != nil {
				return err
			}
		}
	}
	for _, p := range f.Paths {
		g.paths = append(g.paths, displayPath(p, g.wd))
	}
	return nil
}

// displayPath is p relative to wd when inside it, as the user would type it.
func displayPath(p, wd string) string {
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}

// defaultPaths are what to lint when the command line gives no PATH: the
// configuration's paths.
func (g *gate) defaultPaths() []string { return g.paths }

// configure sets the run-wide settings of the gate into cfg (the expiry
// window) and of the gate (the time suppressions expire at, the directory
// their file names are relative to, the inputs of the run).
func (g *gate) configure(c *cli.Context, cfg *certlint.Config) error {
	if v := c.String("expiry-warning"); v != "" {
		d, err := config.ParseDuration(v)
		if err != nil {
			return usageErrorf("%s: --expiry-warning: %v", c.Command.Name, err)
		}
		cfg.ExpiryWarning = d
	}
	g.Dir = g.wd
	if g.File != nil {
		g.Dir = g.File.Dir
	}
	inputs := c.Args().Slice()
	if len(inputs) == 0 {
		inputs = g.paths
	}
	for _, p := range inputs {
		if abs, err := filepath.Abs(p); err == nil && p != certlint.StdinName {
			g.Inputs = append(g.Inputs, abs)
		}
	}
	g.At = cfg.At
	if g.At.IsZero() {
		g.At = time.Now()
		cfg.At = g.At // one time for the lints and the suppressions
	}
	return nil
}

// filter takes the accepted findings out of r; for baseline, it collects
// the findings to write.
func (g *gate) filter(r *certlint.Report) {
	g.Filter(r)
	if g.baselineOut != "" {
		dir := g.wd
		if g.File != nil {
			dir = g.File.Dir
		}
		g.entries = append(g.entries, config.BaselineEntries([]*certlint.Report{r}, g.oldBaseline, dir, g.At)...)
	}
}

// finish writes the baseline (for certlint baseline) and prints the notes
// about suppressions and baseline entries to stderr.
func (g *gate) finish(stdout, stderr io.Writer, sum *report.Summary) error {
	for _, n := range g.Notes() {
		fmt.Fprintf(stderr, "certlint: %s\n", report.CleanText(n))
	}
	if g.baselineOut == "" {
		return nil
	}
	if sum.Unreadable > 0 {
		return &exitError{code: ExitError, msg: fmt.Sprintf("baseline: not written: %d input(s) could not be linted (a baseline must hold every finding)", sum.Unreadable)}
	}
	tmp, err := os.CreateTemp(filepath.Dir(g.baselineOut), ".certlint-baseline-*.tmp")
	if err != nil {
		return &exitError{code: ExitError, msg: "baseline: " + err.Error()}
	}
	werr := config.WriteBaseline(tmp, g.entries, g.At)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), g.baselineOut)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return &exitError{code: ExitError, msg: "baseline: " + werr.Error()}
	}
	files := map[string]bool{}
	for _, e := range g.entries {
		files[e.File] = true
	}
	fmt.Fprintf(stderr, "certlint: baseline: wrote %d finding(s) of %d file(s) to %s\n", len(g.entries), len(files), displayPath(g.baselineOut, g.wd))
	return nil
}
