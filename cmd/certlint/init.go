package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/config"
	"github.com/urfave/cli/v2"
)

func init() { extraCommands = append(extraCommands, initCommand()) }

// initCommand is `certlint init [DIR]`: write a commented starting
// configuration for the certificates found in DIR.
func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented " + config.FileName + " for the certificates found in a directory",
		ArgsUsage: "[DIR]",
		Description: "Reads every certificate file under DIR (default: the working directory) and writes\n" +
			"DIR/" + config.FileName + ": the self-signed CA certificates as roots, the other CA certificates as\n" +
			"intermediates, one rule per directory for the certificates with a private key (role local) and\n" +
			"those without (role remote), with the host their file names give, and every other setting\n" +
			"commented. Check it, then commit it. A PFX that needs a password is opened with --password-file or\n" +
			"--password-env when given; otherwise it is still taken for a computer's own certificate.\n\n" +
			"Example:\n" +
			"   certlint init . && certlint lint",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "password-file", Usage: "read the password of the PFX files from the first line of `FILE`", TakesFile: true},
			&cli.StringFlag{Name: "password-env", Value: "CERTLINT_PASSWORD", Usage: "read the password from the environment variable `NAME`"},
			&cli.BoolFlag{Name: "force", Usage: "replace an existing " + config.FileName},
			&cli.BoolFlag{Name: "stdout", Usage: "print the file instead of writing it"},
		}, limitFlags()...),
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action:          initAction,
	}
}

func initAction(c *cli.Context) error {
	if c.Args().Len() > 1 {
		return usageErrorf("init: takes one DIR (got %d arguments)", c.Args().Len())
	}
	dir := c.Args().First()
	if dir == "" {
		dir = "."
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return usageErrorf("init: %s is not a directory", dir)
	}
	var outMu sync.Mutex
	password, _, err := passwordSource(c, nil, true, c.App.ErrWriter, &outMu)
	if err != nil {
		return err
	}
	load := certlint.LoadOptions{Password: password}
	if err := applyLimits(c, &load); err != nil {
		return err
	}
	if password != nil {
		load.Password = sync.OnceValues(password)
	}
	target := filepath.Join(dir, config.FileName)
	if _, err := os.Stat(target); err == nil && !c.Bool("force") && !c.Bool("stdout") {
		return usageErrorf("init: %s exists (--force replaces it, --stdout prints the new one)", target)
	}
	text, found, err := config.Scaffold(dir, &load, time.Now())
	if err != nil {
		return &exitError{code: ExitError, msg: "init: " + err.Error()}
	}
	if c.Bool("stdout") {
		_, err := fmt.Fprint(c.App.Writer, text)
		return err
	}
	if err := os.WriteFile(target, []byte(text), 0o644); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &exitError{code: ExitError, msg: fmt.Sprintf("init: %s: %v", target, err)}
	}
	kinds := map[string][]string{}
	for _, f := range found {
		kinds[f.Kind] = append(kinds[f.Kind], f.Rel)
	}
	var parts []string
	for _, k := range []string{"root", "intermediate", "local", "remote", "skipped"} {
		if n := len(kinds[k]); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(c.App.Writer, "wrote %s: %d files (%s)\n", target, len(found), strings.Join(parts, ", "))
	for _, f := range found {
		if f.Kind == "skipped" || f.Note != "" {
			fmt.Fprintf(c.App.Writer, "  %s: %s: %s\n", report.CleanText(f.Rel), f.Kind, report.CleanText(f.Note))
		}
	}
	return nil
}
