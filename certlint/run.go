package certlint

import (
	"errors"
	"time"

	"fmt"

	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// Result is the outcome of one lint on one input.
type Result struct {
	Lint    *Lint
	Status  lint.LintStatus
	Details string
}

// Report is the outcome of linting one input. When the input could not be
// loaded, Err is set (a *LoadError) and Bundle and Results are empty.
type Report struct {
	File    string
	Bundle  *Bundle
	Chain   *chain.Result
	Results []Result
	Err     error
	// Role and Host are the Config.Role and Config.Host the input was
	// linted with (fix texts are worded for Role: OpsMgr.FixFor); Basis,
	// when set, says why (a per-path rule, trust material, a CA
	// certificate without a key).
	Role  Role
	Host  string
	Basis string
	// Suppressed are findings taken out of Results because a reviewer
	// accepted them (a suppression or a baseline entry), with the reason.
	Suppressed []Suppressed
}

// Suppressed is a finding a reviewer accepted, with the reason given and
// where it was given (a file and line, "FILE:LINE").
type Suppressed struct {
	Result
	Reason string
	Source string
}

// Worst returns the most severe status among the results (Reserved when none).
func (r *Report) Worst() lint.LintStatus {
	w := lint.Reserved
	for _, res := range r.Results {
		if res.Status > w {
			w = res.Status
		}
	}
	return w
}

// RunOptions selects lints and sets their configuration.
type RunOptions struct {
	Config
	// Include, when not empty, runs only the lints named; Exclude skips lints.
	Include []string
	Exclude []string
}

// SelectLints returns the registered lints the options select, by name. A
// nil *RunOptions selects every registered lint. An unknown Role is an
// error: the lints that apply to one role would otherwise all be skipped
// without a word.
func (o *RunOptions) SelectLints() ([]*Lint, error) {
	if o == nil {
		o = &RunOptions{}
	}
	if err := o.Role.check(); err != nil {
		return nil, err
	}
	all := Lints()
	include := map[string]bool{}
	for _, n := range o.Include {
		include[n] = true
	}
	exclude := map[string]bool{}
	for _, n := range o.Exclude {
		exclude[n] = true
	}
	for n := range include {
		if LintByName(n) == nil {
			return nil, errors.New("certlint: unknown lint " + n)
		}
	}
	for n := range exclude {
		if LintByName(n) == nil {
			return nil, errors.New("certlint: unknown lint " + n)
		}
	}
	var out []*Lint
	for _, l := range all {
		if (len(include) > 0 && !include[l.Name]) || exclude[l.Name] {
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, ErrNoLints
	}
	return out, nil
}

// Run lints one loaded bundle with the selected lints and returns its report.
// Results are in lint-name order. nil opts means every lint with the
// default configuration (role local, now, no trust store).
//
// Errors of Run and Linter (besides the LoadError of an input).
var (
	// ErrNoLints is returned by Run when no lint is registered or selected: a
	// program must import package lints (for its side effect) to register them.
	ErrNoLints = errors.New(`certlint: no lints selected; import _ "github.com/certlint/certlint/lints" to register them, or check --include/--exclude`)
	// ErrNoBundle is returned by Run for a nil bundle.
	ErrNoBundle = errors.New("certlint: Run needs a loaded bundle (from Load, LoadFile or LoadReader), got nil")
)

// Run lints b as it is: the leaf and what surrounds it. An input that holds
// several end-entity certificates and no private key is about each of them;
// lint each bundle of b.Split() (Linter does), or Run reports the
// certificates it did not lint as a finding
// (w_opsmgr_extra_end_entity_certificate).
func Run(b *Bundle, opts *RunOptions) (*Report, error) {
	if b == nil {
		return nil, ErrNoBundle
	}
	if opts == nil {
		opts = &RunOptions{}
	}
	lints, err := opts.SelectLints()
	if err != nil {
		return nil, err
	}
	return runLints(b, opts.Config, lints), nil
}

func runLints(b *Bundle, cfg Config, lints []*Lint) *Report {
	if cfg.At.IsZero() {
		cfg.At = time.Now()
	}
	// RFC 5280 4.1.2.5 validity times have one-second granularity (as
	// chain.Build judges them): a fraction of a second does not count.
	cfg.At = cfg.At.Truncate(time.Second)
	if cfg.Role == "" {
		cfg.Role = RoleLocal
	}
	if cfg.ExpiryWarning == 0 {
		cfg.ExpiryWarning = 30 * 24 * time.Hour
	}
	in := &Input{Bundle: b, Config: cfg}
	if cfg.Trust != nil && b.Leaf != nil {
		in.Chain = chain.Build(b.ChainInput(), cfg.Trust, cfg.At)
	}
	rep := &Report{File: b.Name, Bundle: b, Chain: in.Chain, Results: make([]Result, 0, len(lints)), Role: cfg.Role, Host: cfg.Host}
	for _, l := range lints {
		status, details := l.run(in)
		rep.Results = append(rep.Results, Result{Lint: l, Status: status, Details: details})
	}
	return rep
}

// Role says whose certificate is being linted.
type Role string

const (
	// RoleLocal: this computer's own certificate, imported with
	// MOMCertImport; a private key is required.
	RoleLocal Role = "local"
	// RoleRemote: a peer's certificate (management server, gateway); no key.
	RoleRemote Role = "remote"
)

// check returns an error for a role certlint does not know; "" is RoleLocal.
// A lint that applies to one role must never be skipped silently because the
// role was misspelled.
func (r Role) check() error {
	switch r {
	case "", RoleLocal, RoleRemote, RoleCA:
		return nil
	}
	return fmt.Errorf("certlint: unknown role %q (want %q, %q or %q)", string(r), RoleLocal, RoleRemote, RoleCA)
}

// Config is what lints may consult besides the bundle.
type Config struct {
	Role Role
	// Host is the FQDN of the computer the certificate is for ("" = unchecked).
	Host string
	// At is the evaluation time (zero = time.Now() when Run starts).
	At time.Time
	// ExpiryWarning is how long before NotAfter a warning is given
	// (0 = 30 days).
	ExpiryWarning time.Duration
	// Trust holds the trust anchors and extra intermediates; nil means the
	// chain is not evaluated.
	Trust *chain.Store
}
