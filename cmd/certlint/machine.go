package main

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/machine"
	"github.com/urfave/cli/v2"
)

// localSystem is the computer `certlint machine` reads (tests replace it).
var localSystem = machine.Local

// machineCommand is `certlint machine`: the certificate this Windows
// computer's OpsMgr connector will load, checked in place (package machine).
func machineCommand() *cli.Command {
	return &cli.Command{
		Name:  "machine",
		Usage: "on Windows: check the certificate OpsMgr will load on this computer (registry, LocalMachine\\My, key, chain)",
		Description: "Reads " + machine.ValueSerial + " under\n" + machine.SettingsPath + "\n" +
			"(the serial number MOMCertImport registered, bytes reversed), finds that certificate in LocalMachine\\My\n" +
			"and lints it with every lint, using this computer's FQDN as host (or --host), the key facts the store holds\n" +
			"(provider, KeySpec, computer or user key set, whether the key opens) and the chain this computer's\n" +
			"LocalMachine chain engine builds. Adds what only the computer shows: nothing registered (21022), a serial\n" +
			"that names no certificate (20066), a ChannelCertificateHash that disagrees, other certificates with the same\n" +
			"subject, a newer certificate not registered, a root only in the user's Trusted Root store. Run it from an\n" +
			"elevated prompt, so that the computer's private keys can be opened.\n\n" +
			"--candidates lints every certificate of LocalMachine\\My instead, best first; each report's \"registry\n" +
			"serial\" is the value MOMCertImport would write for it.\n\n" +
			"Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 the computer could not be read, a\n" +
			"certificate could not be read, a usage error, or not Windows.\n\n" +
			"Examples:\n" +
			"   certlint machine\n" +
			"   certlint machine --candidates\n" +
			"   certlint machine --format json --host gw01.dmz.contoso.com",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "candidates", Usage: "lint every certificate of LocalMachine\\My that MOMCertImport could register, best first"},
			&cli.StringFlag{Name: "host", Usage: "the `FQDN` the certificate must name (default: this computer's DNS name)"},
			&cli.StringFlag{Name: "at", Usage: "judge validity at `TIME` (RFC 3339, e.g. 2026-01-31T00:00:00Z) instead of now"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text, json (JSON Lines, one object per certificate) or sarif (SARIF 2.1.0)"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest `STATUS` that makes the exit status 1: notice, warn or error"},
			&cli.StringSliceFlag{Name: "include", Usage: "report only the lint `NAME` (see certlint lints, and the e_/w_opsmgr_machine_ lints); repeatable"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "skip the lint `NAME`; repeatable"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also report passing and not-applicable results"},
		},
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action:          machineAction,
	}
}

func machineAction(c *cli.Context) error {
	if c.Args().Present() {
		return usageErrorf("machine: takes no arguments (got %d; it reads this computer's stores)", c.Args().Len())
	}
	format := c.String("format")
	switch format {
	case "text", "json", "sarif":
	default:
		return usageErrorf("machine: unknown --format (want text, json or sarif)")
	}
	failOn, err := report.ParseFailOn(c.String("fail-on"))
	if err != nil {
		return usageErrorf("machine: unknown --fail-on (want notice, warn or error)")
	}
	opts := machine.Options{
		Host:    strings.TrimSpace(c.String("host")),
		Include: lintNames(c.StringSlice("include")),
		Exclude: lintNames(c.StringSlice("exclude")),
	}
	if c.IsSet("host") && opts.Host == "" {
		return usageErrorf("machine: --host is empty")
	}
	at, err := evaluationTime(c, "machine")
	if err != nil {
		return err
	}
	if !at.IsZero() {
		opts.At = at
	}
	for _, n := range append(append([]string{}, opts.Include...), opts.Exclude...) {
		if certlint.LintByName(n) == nil && !isMachineLint(n) {
			if looksLikeLintName(n) {
				return usageErrorf("machine: unknown lint %s (certlint lints lists them)", n)
			}
			return usageErrorf("machine: unknown lint name in --include or --exclude (certlint lints lists them)")
		}
	}
	lints, err := opts.SelectedLints()
	if err != nil {
		return usageErrorf("machine: %s", strings.TrimPrefix(err.Error(), "certlint: "))
	}
	sys, err := localSystem()
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error()}
	}
	var reps []*certlint.Report
	if c.Bool("candidates") {
		reps, err = machine.Candidates(sys, opts)
	} else {
		var rep *certlint.Report
		if rep, err = machine.Check(sys, opts); err == nil {
			reps = []*certlint.Report{rep}
		}
	}
	if err != nil {
		return &exitError{code: ExitError, msg: "machine: " + err.Error()}
	}
	if len(reps) == 0 {
		return &exitError{code: ExitError, msg: "machine: " + string(machine.StoreMy) + " holds no certificate: there is nothing MOMCertImport could register"}
	}

	stdout, stderr := c.App.Writer, c.App.ErrWriter
	verbose := c.Bool("verbose")
	var w report.Writer
	switch format {
	case "json":
		w = report.NewJSON(stdout, verbose)
	case "sarif":
		w = report.NewSARIF(stdout, lints, report.SARIFOptions{Version: version(), Verbose: verbose})
	default:
		w = report.NewText(stdout, report.TextOptions{Verbose: verbose, Color: useColor(stdout)})
	}
	var sum report.Summary
	for _, r := range reps {
		sum.Add(r)
		if r.Err != nil {
			fmt.Fprintf(stderr, "certlint: %s\n", report.CleanText(errorLine(r)))
		}
		if err = w.WriteReport(r); err != nil {
			break
		}
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error()}
	}
	if code := exitStatus(sum, failOn); code != ExitOK {
		return &exitError{code: code}
	}
	return nil
}

func isMachineLint(name string) bool {
	for _, l := range machine.Lints() {
		if l.Name == name {
			return true
		}
	}
	return false
}
