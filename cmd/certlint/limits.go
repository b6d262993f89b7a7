package main

import (
	"errors"

	"github.com/certlint/certlint/certlint"
	"github.com/urfave/cli/v2"
)

// limitFlags are the resource limits of loading, shared by lint and pair.
func limitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-size", Value: certlint.DefaultMaxSize, Usage: "refuse inputs larger than `BYTES`"},
		&cli.IntFlag{Name: "max-iterations", Value: certlint.DefaultMaxIterations, Usage: "refuse PFX and encrypted PEM inputs declaring more than `N` KDF or MAC iterations (checked before any key derivation)"},
	}
}

// applyLimits copies the limit flags into opts.
func applyLimits(c *cli.Context, opts *certlint.LoadOptions) error {
	size, iters := c.Int64("max-size"), c.Int("max-iterations")
	if size <= 0 {
		return usageErrorf("%s: --max-size must be a positive number of bytes", c.Command.Name)
	}
	if iters <= 0 {
		return usageErrorf("%s: --max-iterations must be positive", c.Command.Name)
	}
	opts.MaxSize, opts.MaxIterations = size, iters
	return nil
}

// limitHint says which flag raises the limit an error hit, or that none
// does ("" for other errors).
func limitHint(err error) string {
	switch {
	case errors.Is(err, certlint.ErrCountLimit):
		return " (a fixed limit: no flag raises it, --max-size included)"
	case errors.Is(err, certlint.ErrTooLarge):
		return " (if the file is genuine, raise the limit with --max-size)"
	case errors.Is(err, certlint.ErrTooManyIterations):
		return " (if the file is genuine, raise the limit with --max-iterations)"
	}
	return ""
}
