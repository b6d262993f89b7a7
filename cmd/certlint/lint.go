package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// looksLikeLintName reports whether s looks like a lint name (e_, w_ or n_
// and lowercase letters, digits, underscores). An unknown name is repeated in
// an error only when it does: never echo what might be a password typed into
// the wrong flag.
func looksLikeLintName(s string) bool {
	if len(s) < 3 || len(s) > 80 || (s[0] != 'e' && s[0] != 'w' && s[0] != 'n') || s[1] != '_' {
		return false
	}
	for _, c := range s[2:] {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

func lintCommand(stdin io.Reader) *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "lint certificate files, directories, or standard input",
		ArgsUsage: "PATH...",
		Description: "Lints each PATH: a file (PFX/PKCS#12, PEM, DER or Base64 .cer, PKCS#7 .p7b), a directory\n" +
			"(its .pfx .p12 .pem .crt .cer .der .p7b .p7c .key files, recursively), or - for standard input.\n" +
			"Flags go before the PATHs. A file that holds several end-entity certificates and no private key is\n" +
			"reported once per certificate; a directory with no such file in it is an error.\n\n" +
			"Password for PFX and encrypted PEM files, first found of: --password-file, --password-env\n" +
			"(default CERTLINT_PASSWORD); else, on a terminal, a prompt (no echo, asked once); else none.\n\n" +
			"Configuration: the first .certlint.toml from the working directory upward (or --config FILE) gives\n" +
			"roots, password source, fail-on, lints, per-path rules (role, host), accepted findings and the\n" +
			"PATHs to lint when none is given; a flag wins over it. certlint init writes one.\n\n" +
			"Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 some input could not be linted\n" +
			"(unreadable, wrong password, malformed, too large) or a usage error. 2 wins over 1, and every other\n" +
			"input is still linted and reported.\n\n" +
			"Examples:\n" +
			"   certlint lint --password-file pw.txt agent.pfx\n" +
			"   certlint lint --role remote --roots root.cer --host ms01.contoso.com ms01.cer\n" +
			"   certlint lint --format sarif --fail-on warn certs/ > certlint.sarif",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "password-file", Usage: "read the password for PFX and encrypted PEM inputs from the first line of `FILE`", TakesFile: true},
			&cli.StringFlag{Name: "password-env", Value: "CERTLINT_PASSWORD", Usage: "read the password from the environment variable `NAME`"},
			&cli.StringSliceFlag{Name: "roots", Usage: "trust the CA certificates in `PATH` (PEM, DER or P7B file, or a directory); repeatable", TakesFile: true},
			&cli.StringSliceFlag{Name: "intermediates", Usage: "use the CA certificates in `PATH` to build the chain, without trusting them; repeatable", TakesFile: true},
			&cli.BoolFlag{Name: "system-roots", Usage: "also trust the operating system's root certificates"},
			&cli.StringFlag{Name: "host", Usage: "the `FQDN` of the computer the certificate is for (checked against the CN and DNS names)"},
			&cli.StringFlag{Name: "role", Value: "local", Usage: "whose certificate: `ROLE` local (this computer's own; its private key is required), remote (a peer's: management server, gateway; no key needed) or ca (a root or intermediate CA certificate)"},
			&cli.StringFlag{Name: "at", Usage: "judge validity at `TIME` (RFC 3339, e.g. 2026-01-31T00:00:00Z) instead of now"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text, json (JSON Lines, one object per input), sarif (SARIF 2.1.0), junit (JUnit XML) or github (GitHub Actions annotations)"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest `STATUS` that makes the exit status 1: notice, warn or error"},
			&cli.StringSliceFlag{Name: "include", Usage: "run only the lint `NAME` (see certlint lints); repeatable"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "skip the lint `NAME`; repeatable"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also report passing and not-applicable results"},
		}, append(limitFlags(), gateFlags()...)...),
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			return lintAction(c, stdin)
		},
	}
}

// lintNames splits repeatable --include/--exclude values; a comma-separated
// list is accepted too (lint names have no commas).
func lintNames(values []string) []string {
	var out []string
	for _, v := range values {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// checkFlagsAfterPaths turns the common slip "certlint lint file.pfx
// --format json" (Go's flag parsing stops at the first PATH) into a usage
// error, unless a file of that name exists. Only the flag's name is repeated,
// never a value.
func checkFlagsAfterPaths(c *cli.Context, paths []string) error {
	for _, p := range paths {
		if len(p) < 2 || p[0] != '-' {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(p, "-"), "=")
		for _, f := range c.Command.Flags {
			for _, n := range f.Names() {
				if n == name {
					if _, err := os.Lstat(p); err == nil {
						return nil
					}
					return usageErrorf("lint: flag --%s comes after a PATH; put flags before the PATHs", name)
				}
			}
		}
	}
	return nil
}

func lintAction(c *cli.Context, stdin io.Reader) error {
	gate, err := loadGate(c)
	if err != nil {
		return err
	}
	paths := c.Args().Slice()
	if len(paths) == 0 {
		paths = gate.defaultPaths()
	}
	if len(paths) == 0 {
		return usageErrorf("lint: no PATH given (a file, a directory, or - for standard input; see certlint lint --help)")
	}
	if err := checkFlagsAfterPaths(c, paths); err != nil {
		return err
	}

	format := c.String("format")
	switch format {
	case "text", "json", "sarif", "junit", "github":
	default:
		return usageErrorf("lint: unknown --format (want text, json, sarif, junit or github)")
	}
	failOn, err := report.ParseFailOn(c.String("fail-on"))
	if err != nil {
		return usageErrorf("lint: unknown --fail-on (want notice, warn or error)")
	}
	cfg := certlint.Config{Host: strings.TrimSpace(c.String("host"))}
	switch role := c.String("role"); role {
	case "local":
		cfg.Role = certlint.RoleLocal
	case "remote":
		cfg.Role = certlint.RoleRemote
	case "ca":
		cfg.Role = certlint.RoleCA
	default:
		return usageErrorf("lint: unknown --role (want local, remote or ca)")
	}
	if c.IsSet("host") && cfg.Host == "" {
		return usageErrorf("lint: --host is empty")
	}
	at, err := evaluationTime(c, "lint")
	if err != nil {
		return err
	}
	if !at.IsZero() {
		cfg.At = at
	}
	if err := gate.configure(c, &cfg); err != nil {
		return err
	}
	runOpts := certlint.RunOptions{
		Config:  cfg,
		Include: lintNames(c.StringSlice("include")),
		Exclude: lintNames(c.StringSlice("exclude")),
	}
	for _, n := range append(append([]string{}, runOpts.Include...), runOpts.Exclude...) {
		if certlint.LintByName(n) == nil {
			if looksLikeLintName(n) {
				return usageErrorf("lint: unknown lint %s (certlint lints lists them)", n)
			}
			return usageErrorf("lint: unknown lint name in --include or --exclude (certlint lints lists them)")
		}
	}
	lints, err := runOpts.SelectLints()
	if err != nil {
		return usageErrorf("lint: %s", strings.TrimPrefix(err.Error(), "certlint: "))
	}

	usesStdin := false
	for _, p := range paths {
		usesStdin = usesStdin || p == certlint.StdinName
	}
	var outMu sync.Mutex // see passwordSource
	password, prompts, err := passwordSource(c, stdin, usesStdin, c.App.ErrWriter, &outMu)
	if err != nil {
		return err
	}
	loadOpts := certlint.LoadOptions{Password: password, PasswordPrompts: prompts}
	if err := applyLimits(c, &loadOpts); err != nil {
		return err
	}

	roots, inters := c.StringSlice("roots"), c.StringSlice("intermediates")
	if len(roots) > 0 || len(inters) > 0 || c.Bool("system-roots") {
		ts, err := certlint.LoadTrustStore(roots, inters, c.Bool("system-roots"), &loadOpts)
		if err != nil {
			return &exitError{code: ExitError, msg: err.Error() + limitHint(err) + passwordHint(err)}
		}
		runOpts.Trust = ts
	}

	stdout, stderr := c.App.Writer, c.App.ErrWriter
	out, flush := buffered(stdout)
	verbose := c.Bool("verbose")
	var w report.Writer
	switch format {
	case "json":
		w = report.NewJSON(out, verbose)
	case "sarif":
		w = report.NewSARIF(out, lints, report.SARIFOptions{Version: version(), Verbose: verbose, SrcRoot: gate.wd})
	case "junit":
		w = report.NewJUnit(out, report.JUnitOptions{FailOn: failOn})
	case "github":
		w = report.NewGitHub(out)
	default:
		w = report.NewText(out, report.TextOptions{Verbose: verbose, Color: useColor(stdout)})
	}

	var sum report.Summary
	linter := &certlint.Linter{Load: loadOpts, Run: runOpts, Stdin: stdin, Configure: gate.Configure}
	// Inputs, not WalkPaths: a directory PATH with nothing to lint in it is
	// an error (exit status 2), so a mistyped path cannot pass a CI job.
	err = linter.Lint(certlint.Inputs(paths), func(r *certlint.Report) error {
		outMu.Lock()
		defer outMu.Unlock()
		gate.filter(r)
		sum.Add(r)
		if r.Err != nil {
			// What is buffered for stdout goes first, so that a terminal
			// or a log showing both keeps the input order.
			if err := flush(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "certlint: %s\n", report.CleanText(errorLine(r)))
		}
		return w.WriteReport(r)
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error()}
	}
	if err := gate.finish(stdout, stderr, &sum); err != nil || gate.baselineOut != "" {
		return err
	}
	if code := exitStatus(sum, failOn); code != ExitOK {
		return &exitError{code: code}
	}
	return nil
}

// buffered returns the writer reports are written to and the func that
// flushes it: stdout itself on a terminal, where each report should show as
// soon as it is ready, else stdout behind a 64 KiB buffer, so that a run
// over thousands of files makes a write(2) per 64 KiB rather than one per
// report.
func buffered(stdout io.Writer) (io.Writer, func() error) {
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return stdout, func() error { return nil }
	}
	b := bufio.NewWriterSize(stdout, 64<<10)
	return b, b.Flush
}

// errorLine is the stderr line for an input that could not be linted: the
// file and the cause.
func errorLine(r *certlint.Report) string {
	return r.File + ": " + report.ErrorCause(r.Err) + limitHint(r.Err) + passwordHint(r.Err)
}

// useColor: ANSI colours only on a terminal, and never when NO_COLOR is set
// to anything but "" (https://no-color.org) or TERM is "dumb". On Windows,
// only terminals known to read ANSI sequences (Windows Terminal, or any that
// sets TERM, such as mintty or ConEmu).
func useColor(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	if runtime.GOOS == "windows" {
		return os.Getenv("WT_SESSION") != "" || os.Getenv("TERM") != ""
	}
	return true
}
