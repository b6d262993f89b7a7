package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/certlint/certlint/certlint/pair"
	"github.com/certlint/certlint/certlint/report"
	"github.com/urfave/cli/v2"
)

func init() { extraCommands = append(extraCommands, pairCommand()) }

// pairCommand is `certlint pair LOCAL REMOTE`: will these two computers
// authenticate each other (certlint.Pair)?
func pairCommand() *cli.Command {
	return &cli.Command{
		Name:      "pair",
		Usage:     "check that two computers (agent, gateway, management server) will authenticate each other",
		ArgsUsage: "LOCAL REMOTE",
		Description: "LOCAL is this computer's own certificate (with its private key, e.g. the PFX for MOMCertImport);\n" +
			"REMOTE is the other computer's certificate (a .cer, .p7b or PFX). Each certificate's chain is built\n" +
			"against the roots the OTHER computer trusts: --remote-roots for LOCAL's chain, --local-roots for\n" +
			"REMOTE's, both defaulting to --roots. LOCAL is linted as role local, REMOTE as role remote, and the\n" +
			"report says which OpsMgr events each computer would log (20072 on the one that does not trust the\n" +
			"other's chain). Flags may come before or after LOCAL and REMOTE.\n\n" +
			"Exit status: 0 they would authenticate each other; 1 they would not; 2 an input could not be read\n" +
			"or a usage error.\n\n" +
			"Examples:\n" +
			"   certlint pair agent.pfx ms01.cer --roots contoso-root.cer --password-file pw.txt\n" +
			"   certlint pair gw01.pfx ms01.cer --local-roots dmz-and-corp-roots/ --remote-roots corp-root.cer",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "roots", Usage: "CA certificates both computers trust, in `PATH` (PEM, DER or P7B file, or a directory); repeatable", TakesFile: true},
			&cli.StringSliceFlag{Name: "local-roots", Usage: "CA certificates the LOCAL computer trusts (default: --roots); repeatable", TakesFile: true},
			&cli.StringSliceFlag{Name: "remote-roots", Usage: "CA certificates the REMOTE computer trusts (default: --roots); repeatable", TakesFile: true},
			&cli.StringSliceFlag{Name: "intermediates", Usage: "intermediate CA certificates both computers have (not trusted, only for path building); repeatable", TakesFile: true},
			&cli.StringFlag{Name: "password-file", Usage: "read the password for PFX and encrypted PEM inputs from the first line of `FILE`", TakesFile: true},
			&cli.StringFlag{Name: "password-env", Value: "CERTLINT_PASSWORD", Usage: "read the password from the environment variable `NAME`"},
			&cli.StringFlag{Name: "at", Usage: "judge validity at `TIME` (RFC 3339, e.g. 2026-01-31T00:00:00Z) instead of now"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json (one object)"},
		}, limitFlags()...),
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action:          pairAction,
	}
}

func pairAction(c *cli.Context) error {
	args, err := interleavedArgs(c)
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return usageErrorf("pair: give LOCAL and REMOTE, two certificate files (see certlint pair --help)")
	}
	format := c.String("format")
	if format != "text" && format != "json" {
		return usageErrorf("pair: unknown --format (want text or json)")
	}
	opts := pair.Options{}
	at, err := evaluationTime(c, "pair")
	if err != nil {
		return err
	}
	if !at.IsZero() {
		opts.At = at
	}
	for _, a := range args {
		if a == certlint.StdinName {
			return usageErrorf("pair: LOCAL and REMOTE must be files (standard input is not supported here)")
		}
	}
	password, prompts, err := passwordSource(c, c.App.Reader, false, c.App.ErrWriter, &sync.Mutex{}) // output starts after loading
	if err != nil {
		return err
	}
	loadOpts := &certlint.LoadOptions{Password: password, PasswordPrompts: prompts}
	if err := applyLimits(c, loadOpts); err != nil {
		return err
	}
	if password != nil {
		loadOpts.Password = sync.OnceValues(password) // asked (or read) once for all inputs
	}

	roots := c.StringSlice("roots")
	localRoots, remoteRoots := roots, roots
	if c.IsSet("local-roots") {
		localRoots = c.StringSlice("local-roots")
	}
	if c.IsSet("remote-roots") {
		remoteRoots = c.StringSlice("remote-roots")
	}
	inters := c.StringSlice("intermediates")
	if len(localRoots) == 0 || len(remoteRoots) == 0 {
		return usageErrorf("pair: say what each computer trusts: --roots, or --local-roots and --remote-roots")
	}
	if opts.LocalRoots, err = certlint.LoadTrustStore(localRoots, inters, false, loadOpts); err != nil {
		return &exitError{code: ExitError, msg: err.Error() + limitHint(err) + passwordHint(err)}
	}
	if opts.RemoteRoots, err = certlint.LoadTrustStore(remoteRoots, inters, false, loadOpts); err != nil {
		return &exitError{code: ExitError, msg: err.Error() + limitHint(err) + passwordHint(err)}
	}
	local, err := certlint.LoadFile(args[0], loadOpts)
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error() + limitHint(err) + passwordHint(err)}
	}
	remote, err := certlint.LoadFile(args[1], loadOpts)
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error() + limitHint(err) + passwordHint(err)}
	}

	pr := pair.Check(local, remote, opts)
	if pr.Err != nil {
		return &exitError{code: ExitError, msg: pr.Err.Error()}
	}
	out := c.App.Writer
	if format == "json" {
		err = writePairJSON(out, pr)
	} else {
		err = writePairText(out, pr, useColor(out))
	}
	if err != nil {
		return &exitError{code: ExitError, msg: err.Error()}
	}
	if !pr.OK {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// pairJSON is the output of `certlint pair --format json`: each side as a
// `certlint lint --format json` object plus what the pair adds.
type pairJSON struct {
	OK     bool         `json:"ok"`
	Local  pairJSONSide `json:"local"`
	Remote pairJSONSide `json:"remote"`
}

type pairJSONSide struct {
	*report.JSONLine
	Role          certlint.Role `json:"role"`
	TrustedByPeer bool          `json:"trusted_by_peer"`
	Logs          []pair.Event  `json:"logs"`
}

func writePairJSON(w io.Writer, pr *pair.Report) error {
	side := func(s pair.Side) pairJSONSide {
		return pairJSONSide{JSONLine: report.NewJSONLine(s.Report, false), Role: s.Role, TrustedByPeer: s.TrustedByPeer, Logs: s.Logs}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(pairJSON{OK: pr.OK, Local: side(pr.Local), Remote: side(pr.Remote)})
}

func writePairText(w io.Writer, pr *pair.Report, color bool) error {
	tw := report.NewText(w, report.TextOptions{Color: color})
	for _, s := range []pair.Side{pr.Local, pr.Remote} {
		if err := tw.WriteReport(s.Report); err != nil {
			return err
		}
	}
	var b strings.Builder
	b.WriteString("\npair\n")
	for _, s := range []struct {
		side      pair.Side
		name, gap string
		peer      string
	}{{pr.Local, "LOCAL", " ", "REMOTE"}, {pr.Remote, "REMOTE", "", "LOCAL"}} {
		trust := "trusted"
		if !s.side.TrustedByPeer {
			trust = "NOT trusted"
		}
		fmt.Fprintf(&b, "  %s%s %s: its chain is %s by %s\n", s.name, s.gap, report.CleanText(s.side.File), trust, s.peer)
		if len(s.side.Logs) == 0 {
			fmt.Fprintf(&b, "         %s logs no certificate event\n", s.name)
		}
		for _, e := range s.side.Logs {
			title := ""
			if ev, ok := events.Lookup(e.Event); ok {
				title = ": " + ev.Title
			}
			about := "its own certificate"
			if e.About == "peer" {
				about = s.peer + "'s certificate"
			}
			fmt.Fprintf(&b, "         %s logs event %d%s (about %s; %s)\n", s.name, e.Event, title, about, e.Lint)
		}
	}
	if pr.OK {
		b.WriteString("  verdict: the two computers would authenticate each other\n")
	} else {
		b.WriteString("  verdict: the two computers would NOT authenticate each other\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
