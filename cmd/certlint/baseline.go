package main

import (
	"github.com/certlint/certlint/config"
	"github.com/urfave/cli/v2"
)

func init() { extraCommands = append(extraCommands, baselineCommand()) }

// baselineCommand is `certlint baseline [flags] [PATH...]`: lint as
// `certlint lint` does, and write today's findings to the baseline file, so
// that later runs report only new ones.
func baselineCommand() *cli.Command {
	lint := lintCommand(nil)
	return &cli.Command{
		Name:      "baseline",
		Usage:     "accept today's findings: write them to the baseline file, so later runs report only new ones",
		ArgsUsage: "[PATH...]",
		Description: "Lints like certlint lint (same flags, same configuration file) and writes every finding to the\n" +
			"baseline file: --baseline FILE, else the configuration's baseline, else " + config.BaselineName + " beside\n" +
			"the configuration file (or in the working directory). Each entry accepts one lint on one certificate,\n" +
			"by its SHA-1 thumbprint, so a re-issued certificate is checked again; an entry already in the file\n" +
			"keeps its reason and expiry date. Findings a [[suppress]] of the configuration accepts are not\n" +
			"written. certlint lint then reports only the findings the baseline does not hold, and names the\n" +
			"entries that no longer match a finding.\n\n" +
			"Exit status: 0 the baseline was written; 2 some input could not be linted (nothing is written) or a\n" +
			"usage error.\n\n" +
			"Example:\n" +
			"   certlint baseline && git add " + config.BaselineName,
		Flags:           lint.Flags,
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			return lintAction(c, c.App.Reader)
		},
	}
}
