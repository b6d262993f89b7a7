// Command certlint checks, before MOMCertImport, whether a certificate will
// work for Operations Manager (OpsMgr / SCOM) certificate-based mutual
// authentication, and if not, which OpsMgr event it will raise and how to fix
// it.
//
//	certlint lint [flags] PATH...     lint PFX/PEM/DER/P7B files, directories, or - (stdin)
//	certlint pair LOCAL REMOTE        will two computers authenticate each other?
//	certlint lints                    list the lints
//	certlint explain EVENT...         what an OpsMgr connector event means and how to fix it
//	certlint version
//
// Exit status of lint: 0 no finding at or above --fail-on, 1 at least one, 2
// some input could not be linted or the command line is wrong (2 wins).
//
// This package only parses flags and prints: loading, linting and the output
// formats live in package certlint.
//
// It must not know ASN.1: certificates are decoded by the library only.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/certlint/certlint/certlint/report"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints
	"github.com/urfave/cli/v2"
)

// extraCommands are commands other files of this package add in their init
// (the pair command adds "pair").
var extraCommands []*cli.Command

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// exitError ends a command with an exit status; msg, when not empty, is
// printed to stderr as one line.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErrorf is a usage error: exit status 2 and a one-line message.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitError, msg: fmt.Sprintf(format, args...)}
}

// run runs the certlint command line args (args[0] is the program name) and
// returns the exit status. Tests call it instead of main.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "certlint: %s\n", report.CleanText(ee.msg))
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "certlint: %s\n", report.CleanText(safeFlagError(err)))
	return ExitError
}

// safeFlagError words a flag parsing error (from Go's flag package) without
// repeating the value the user typed: it may be a password given to the
// wrong flag. Only the flag's name is kept.
func safeFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "invalid value ") || strings.HasPrefix(msg, "invalid boolean value "):
		// invalid [boolean] value "VALUE" for [flag ]-NAME: cause
		i := strings.LastIndex(msg, " for ")
		if i < 0 {
			return "invalid flag value"
		}
		name := strings.TrimPrefix(msg[i+len(" for "):], "flag ")
		name, _, _ = strings.Cut(strings.TrimLeft(name, "-"), ":")
		return "invalid value for --" + name
	case strings.HasPrefix(msg, "invalid boolean flag "):
		// invalid boolean flag NAME: cause
		name, _, _ := strings.Cut(strings.TrimPrefix(msg, "invalid boolean flag "), ":")
		return "invalid value for --" + name
	case strings.HasPrefix(msg, "bad flag syntax"):
		return "bad flag syntax (flags are written --name VALUE or --name=VALUE)"
	}
	msg = strings.Replace(msg, "provided but not defined: -", "provided but not defined: --", 1)
	msg = strings.Replace(msg, "needs an argument: -", "needs an argument: --", 1)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usageErrorf("%s (see --help)", safeFlagError(err))
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "certlint",
		Usage: "check a certificate for OpsMgr (SCOM) certificate authentication before MOMCertImport",
		UsageText: "certlint lint [flags] PATH...\n" +
			"certlint pair LOCAL REMOTE --roots PATH [flags]\n" +
			"certlint lints [--format text|json]\n" +
			"certlint explain EVENT...\n" +
			"certlint init [DIR]\n" +
			"certlint baseline [flags] [PATH...]\n" +
			"certlint version",
		Description: "certlint reads what you have in hand (a .pfx/.p12, PEM, DER or Base64 .cer, a .p7b chain) and tells\n" +
			"you whether Operations Manager's certificate-based mutual authentication will accept it. Each finding\n" +
			"names the OpsMgr connector event it would raise (20050, 20069, 21007, ...) and how to fix it.\n\n" +
			"Example:\n" +
			"   certlint lint --password-file testdata/password.txt testdata/examples",
		Version:                   version(),
		EnableBashCompletion:      true,
		DisableSliceFlagSeparator: true,
		Reader:                    stdin,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		OnUsageError:              onUsageError,
		ExitErrHandler:            func(*cli.Context, error) {}, // run maps errors to exit statuses
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				// Not repeated: it could be anything, a password included.
				return usageErrorf("unknown command (the commands are lint, lints, explain, version; see certlint --help)")
			}
			return cli.ShowAppHelp(c)
		},
	}
	app.Commands = []*cli.Command{
		lintCommand(stdin),
		lintsCommand(),
		explainCommand(),
		versionCommand(),
	}
	for _, c := range extraCommands {
		// urfave/cli rewrites a command's HelpName when an App is set up:
		// give each App its own copy, so running several Apps in one
		// process (the tests do) leaves the original untouched.
		cp := *c
		if cp.OnUsageError == nil {
			cp.OnUsageError = onUsageError
		}
		app.Commands = append(app.Commands, &cp)
	}
	return app
}
