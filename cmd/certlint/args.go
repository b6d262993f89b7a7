package main

import (
	"strings"
	"time"

	"github.com/certlint/certlint/certlint/report"
	"github.com/urfave/cli/v2"
)

// interleavedArgs returns the positional arguments of c and applies the flags
// that came after them: urfave/cli stops parsing flags at the first
// argument, and `certlint pair LOCAL REMOTE --roots R` and `certlint fix
// IN.pfx -o OUT.pfx` are the documented forms. Boolean
// flags take no value unless written --name=value. Only flag names are
// repeated in errors, never values.
func interleavedArgs(c *cli.Context) ([]string, error) {
	cmd := c.Command.Name
	// primary maps every name of a flag (-o) to its first (--out): values
	// set after parsing go to the name the command reads.
	primary, boolean := map[string]string{}, map[string]bool{}
	for _, f := range c.Command.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			primary[n], boolean[n] = f.Names()[0], isBool
		}
	}
	args := c.Args().Slice()
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if primary[name] == "" {
			return nil, usageErrorf("%s: unknown flag --%s (see certlint %s --help)", cmd, report.CleanText(name), cmd)
		}
		switch {
		case hasValue:
		case boolean[name]:
			value = "true"
		case i+1 >= len(args):
			return nil, usageErrorf("%s: flag --%s needs a value", cmd, name)
		default:
			i++
			value = args[i]
		}
		if err := c.Set(primary[name], value); err != nil {
			return nil, usageErrorf("%s: invalid value for --%s", cmd, name)
		}
	}
	return pos, nil
}

// evaluationTime is the --at flag of command cmd: the time certificates are
// judged at (RFC 3339), zero when the flag is not given.
func evaluationTime(c *cli.Context, cmd string) (time.Time, error) {
	at := c.String("at")
	if at == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return time.Time{}, usageErrorf("%s: --at is not an RFC 3339 time (e.g. 2026-01-31T00:00:00Z)", cmd)
	}
	return t, nil
}
