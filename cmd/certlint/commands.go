package main

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/certlint/certlint/certlint/report"
	"github.com/urfave/cli/v2"
)

func init() { extraCommands = append(extraCommands, machineCommand()) }

func lintsCommand() *cli.Command {
	return &cli.Command{
		Name:  "lints",
		Usage: "list every lint: name, status it raises, OpsMgr event, related events, what it checks",
		Description: "Lists the lints certlint runs, sorted by name. The name's prefix says the status a defect\n" +
			"gets: e_ error, w_ warn, n_ notice. Each lint names the first event OpsMgr logs for its defect,\n" +
			"the related events that follow it, and the public source and confidence (documented, field,\n" +
			"inferred) of that mapping. Use the names with lint --include and --exclude.\n" +
			"--format json writes JSON Lines, one object per lint.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
		},
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageErrorf("lints: takes no arguments (got %d)", c.Args().Len())
			}
			lints := certlint.Lints()
			switch c.String("format") {
			case "text":
				return report.WriteLintsText(c.App.Writer, lints)
			case "json":
				return report.WriteLintsJSON(c.App.Writer, lints)
			default:
				return usageErrorf("lints: unknown --format (want text or json)")
			}
		},
	}
}

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain OpsMgr connector events: what they mean, usual causes, fixes, checks",
		ArgsUsage: "EVENT...",
		Description: "Prints certlint's catalog entry for each EVENT id of the \"OpsMgr Connector\" source in the\n" +
			"Operations Manager event log (e.g. 20069, 21006): what it means, how well that is established\n" +
			"(documented by Microsoft, field reports, or inferred) with its public source, the order in which\n" +
			"the connector logs the events of the same cause (a load event, 21021, 21007 on each connection,\n" +
			"21016), causes, fixes, checks, and the lints that detect it. Without EVENT, lists the events\n" +
			"certlint knows with their confidence.\n\n" +
			"Example:\n" +
			"   certlint explain 20069 21036",
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			w := c.App.Writer
			if !c.Args().Present() {
				for _, e := range events.All() {
					fmt.Fprintf(w, "%d  %-11s  %-10s  %s\n", e.ID, e.Kind, e.Confidence, e.Title)
				}
				return nil
			}
			var list []events.Event
			for _, arg := range c.Args().Slice() {
				id, err := strconv.Atoi(strings.TrimSpace(arg))
				if err != nil {
					return usageErrorf("explain: EVENT must be an event id, a number such as 20069")
				}
				e, ok := events.Lookup(id)
				if !ok {
					return usageErrorf("explain: unknown event %d (certlint explain, without arguments, lists the events it knows)", id)
				}
				list = append(list, e)
			}
			for i, e := range list {
				if i > 0 {
					fmt.Fprintln(w)
				}
				if err := report.WriteEventText(w, e, certlint.LintsForEvent(e.ID)); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:            "version",
		Usage:           "print certlint's version: the module version and the commit it was built from",
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintf(c.App.Writer, "certlint %s\n%s", version(), buildDetails())
			return err
		},
	}
}

// version is the module version from the build information ("devel" for a
// build from a source tree), with the VCS revision when the build recorded it.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "devel" {
			v += "+" + s.Value[:12]
		}
	}
	return v
}
func init() { extraCommands = append(extraCommands, fixCommand()) }
