package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
	"github.com/zmap/zlint/v3/lint"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/fix"
)

// fixCommand is `certlint fix IN.pfx -o OUT.pfx`: rewrap a PFX whose
// certificate and key are right (package fix).
func fixCommand() *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "rewrap a PFX so that Windows imports its key the way OpsMgr needs (legacy CSP, KEY_EX, machine key set, chain)",
		ArgsUsage: "IN.pfx -o OUT.pfx",
		Description: "Reads IN.pfx and lints it. When every error finding is one the PFX's wrapping causes (the key named into a\n" +
			"CNG key storage provider, marked KEY_SIG, not in the machine key set, the chain missing, encryption the\n" +
			"Windows version cannot read), writes OUT.pfx with the same certificate and key and: the key in a legacy CSP\n" +
			"(\"" + fix.DefaultCSP + "\" unless --csp names another), key usage KEY_EX, the\n" +
			"local machine key set, the chain from IN.pfx and --intermediates (the root only with --include-root), a\n" +
			"friendly name, and AES-256-CBC / PBKDF2-HMAC-SHA256 / HMAC-SHA256 (Windows 10 1709, Server 2019 and later;\n" +
			"--legacy: 3DES / HMAC-SHA1 for Server 2016 and older). Then it lints OUT.pfx and prints the findings before\n" +
			"and after. A defect in the certificate itself (EKU, names, validity, key type or length, a missing or foreign\n" +
			"key) is listed with its event and why a new certificate is needed, and nothing is written.\n\n" +
			"OUT.pfx is readable by its owner only (mode 0600; on Windows an owner-only ACL), written through a temporary\n" +
			"file, never over IN.pfx and never over an existing file without --force. It is protected with the input's\n" +
			"password unless --out-password-file or --out-password-env give another. Flags may come before or after IN.pfx.\n\n" +
			"Exit status: 0 OUT.pfx written and its lint has no error; 1 nothing written (a new certificate, or a change outside\n" +
			"the PFX, is needed); 2 IN.pfx could not be read, OUT.pfx could not be written, or a usage error.\n\n" +
			"Examples:\n" +
			"   certlint fix agent.pfx -o agent-fixed.pfx --password-file pw.txt --roots contoso-root.cer\n" +
			"   certlint fix agent.pfx -o agent-2016.pfx --legacy --intermediates contoso-issuing.cer --password-file pw.txt",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write the rewrapped PFX to `FILE` (required)", TakesFile: true},
			&cli.BoolFlag{Name: "force", Usage: "replace FILE when it exists (never IN.pfx)"},
			&cli.StringFlag{Name: "password-file", Usage: "read the password of IN.pfx from the first line of `FILE`", TakesFile: true},
			&cli.StringFlag{Name: "password-env", Value: "CERTLINT_PASSWORD", Usage: "read the password of IN.pfx from the environment variable `NAME`"},
			&cli.StringFlag{Name: "out-password-file", Usage: "protect OUT.pfx with the password on the first line of `FILE` (default: the input's password)", TakesFile: true},
			&cli.StringFlag{Name: "out-password-env", Usage: "protect OUT.pfx with the password in the environment variable `NAME`"},
			&cli.StringSliceFlag{Name: "intermediates", Usage: "CA certificates in `PATH` (file or directory) to add to the chain when they issued the certificate or its issuers; repeatable", TakesFile: true},
			&cli.BoolFlag{Name: "include-root", Usage: "also write the chain's root CA certificate (left out by default: importing the PFX would add it to the trusted roots)"},
			&cli.StringSliceFlag{Name: "roots", Usage: "the root CA certificates the computers verifying this certificate trust, in `PATH`, to check the chain before and after; repeatable", TakesFile: true},
			&cli.BoolFlag{Name: "system-roots", Usage: "also trust the operating system's root certificates when checking the chain"},
			&cli.StringFlag{Name: "host", Usage: "the `FQDN` of the computer the certificate is for (checked against the CN and DNS names)"},
			&cli.StringFlag{Name: "at", Usage: "judge validity at `TIME` (RFC 3339, e.g. 2026-01-31T00:00:00Z) instead of now"},
			&cli.StringFlag{Name: "csp", Usage: "the legacy RSA CryptoAPI CSP to import the key into (`NAME`, default \"" + fix.DefaultCSP + "\")"},
			&cli.BoolFlag{Name: "legacy", Usage: "encrypt with 3DES and an HMAC-SHA1 MAC, for Windows Server 2016 and older"},
			&cli.StringFlag{Name: "friendly-name", Usage: "the certificate's friendly `NAME` in the Windows store (default: the input's, else the subject CN)"},
		}, limitFlags()...),
		HideHelpCommand: true,
		Action:          fixAction,
	}
}

// outPassword returns the output password source the flags give, nil for
// "the input's".
func outPassword(c *cli.Context) (func() (string, error), error) {
	switch {
	case c.IsSet("out-password-file") && c.IsSet("out-password-env"):
		return nil, usageErrorf("fix: give --out-password-file or --out-password-env, not both")
	case c.IsSet("out-password-file"):
		path := c.String("out-password-file")
		pw, err := readPasswordFile(path)
		if err != nil {
			return nil, usageErrorf("fix: --out-password-file %s: %v", path, err)
		}
		return func() (string, error) { return pw, nil }, nil
	case c.IsSet("out-password-env"):
		name := c.String("out-password-env")
		pw, ok := os.LookupEnv(name)
		if name == "" || !ok {
			return nil, usageErrorf("fix: --out-password-env: environment variable %s is not set", report.CleanText(name))
		}
		return func() (string, error) { return pw, nil }, nil
	}
	return nil, nil
}

func fixAction(c *cli.Context) error {
	args, err := interleavedArgs(c)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usageErrorf("fix: give one IN.pfx and -o OUT.pfx (see certlint fix --help)")
	}
	in, out := args[0], c.String("out")
	if in == certlint.StdinName {
		return usageErrorf("fix: IN.pfx must be a file (standard input is not supported here)")
	}
	if out == "" {
		return usageErrorf("fix: no output file: give -o OUT.pfx")
	}
	opts := &fix.Options{
		Force: c.Bool("force"), IncludeRoot: c.Bool("include-root"), Legacy: c.Bool("legacy"),
		FriendlyName: c.String("friendly-name"),
	}
	if c.IsSet("csp") {
		csp, ok := fix.LegacyCSP(c.String("csp"))
		if !ok {
			return usageErrorf("fix: --csp must name a legacy RSA CryptoAPI CSP, one of: %s", strings.Join(quoted(fix.LegacyRSACSPs), ", "))
		}
		opts.CSP = csp
	}
	opts.Config.Host = strings.TrimSpace(c.String("host"))
	if c.IsSet("host") && opts.Config.Host == "" {
		return usageErrorf("fix: --host is empty")
	}
	at, err := evaluationTime(c, "fix")
	if err != nil {
		return err
	}
	if !at.IsZero() {
		opts.Config.At = at
	}
	if opts.OutPassword, err = outPassword(c); err != nil {
		return err
	}
	password, prompts, err := passwordSource(c, c.App.Reader, false, c.App.ErrWriter, &sync.Mutex{})
	if err != nil {
		return err
	}
	if password != nil {
		password = sync.OnceValues(password)
	}
	load := &certlint.LoadOptions{Password: password, PasswordPrompts: prompts}
	if err := applyLimits(c, load); err != nil {
		return err
	}
	opts.Load = load

	// The roots judge the chain; the intermediates are material to write,
	// not part of the trust store: a chain that builds only thanks to them is
	// a chain the PFX does not carry.
	roots, inters := c.StringSlice("roots"), c.StringSlice("intermediates")
	if len(roots) > 0 || c.Bool("system-roots") {
		if opts.Config.Trust, err = certlint.LoadTrustStore(roots, nil, c.Bool("system-roots"), load); err != nil {
			return &exitError{code: ExitError, msg: err.Error() + limitHint(err)}
		}
	}
	if len(inters) > 0 {
		ts, err := certlint.LoadTrustStore(nil, inters, false, load)
		if err != nil {
			return &exitError{code: ExitError, msg: err.Error() + limitHint(err)}
		}
		opts.Intermediates = ts.Intermediates
	}

	res, err := fix.File(in, out, opts)
	if res != nil {
		if werr := writeFixText(c.App.Writer, in, out, res); werr != nil && err == nil {
			err = werr
		}
	}
	switch {
	case err != nil:
		var le *certlint.LoadError
		if errors.As(err, &le) {
			return &exitError{code: ExitError, msg: err.Error() + limitHint(err)}
		}
		return &exitError{code: ExitError, msg: strings.TrimPrefix(err.Error(), "fix: ")}
	case !res.Fixed():
		return &exitError{code: ExitFindings}
	}
	return nil
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// writeFixText prints the before and after findings, the changes, the
// notes and the verdict. It prints certificate facts and lint details only:
// never a password, never key material.
func writeFixText(w io.Writer, in, out string, res *fix.Result) error {
	var b strings.Builder
	clean := report.CleanText
	findings := func(title string, r *certlint.Report) {
		fmt.Fprintf(&b, "%s\n", title)
		n := 0
		for _, f := range r.Results {
			if f.Status < lint.Notice {
				continue
			}
			n++
			ev := ""
			if f.Lint.Event != 0 {
				ev = fmt.Sprintf("  event %d", f.Lint.Event)
			}
			fmt.Fprintf(&b, "  %-6s %s%s\n         %s\n", strings.ToUpper(report.StatusName(f.Status)), f.Lint.Name, ev, clean(f.Details))
		}
		if n == 0 {
			b.WriteString("  no findings\n")
		}
	}
	findings("before: "+clean(in), res.Before)
	if res.Fixed() {
		if len(res.Changes) > 0 {
			b.WriteString("changes\n")
			for _, ch := range res.Changes {
				fmt.Fprintf(&b, "  %s\n      before: %s\n      after:  %s\n", ch.What, clean(ch.Before), clean(ch.After))
			}
		}
		if res.After != nil {
			findings("after: "+clean(out), res.After)
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("notes\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "  - %s\n", clean(n))
		}
	}
	switch {
	case !res.Fixed():
		b.WriteString("cannot fix by rewrapping (what the rewrapped PFX would still have)\n")
		for _, u := range res.Unfixable {
			name := u.Lint
			if name == "" {
				name = "the input"
			}
			ev := ""
			if u.Event != 0 {
				ev = fmt.Sprintf(" (event %d)", u.Event)
			}
			fmt.Fprintf(&b, "  %-6s %s%s", strings.ToUpper(report.StatusName(u.Status)), name, ev)
			if u.Details != "" {
				fmt.Fprintf(&b, ": %s", clean(u.Details))
			}
			fmt.Fprintf(&b, "\n         why: %s\n", clean(u.Reason))
		}
		fmt.Fprintf(&b, "verdict: nothing written; %s needs a new certificate or the action above\n", clean(in))
	case res.Output != "":
		pw := "another password (--out-password-*)"
		if res.OutPasswordFromInput {
			pw = "the input's password"
		}
		if res.OutPasswordEmpty {
			pw = "the empty password: anyone with the file has the key; give --out-password-file or --out-password-env"
		}
		fmt.Fprintf(&b, "verdict: written %s (readable by its owner only), protected with %s\n", clean(res.Output), pw)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
