package certlint

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// SourceOpsMgr is the zlint lint source of every certlint lint.
const SourceOpsMgr lint.LintSource = "OpsMgr"

// Input is what a bundle lint sees: the bundle, the run's configuration, and
// the chain built for the leaf (nil when no trust store was given).
type Input struct {
	*Bundle
	Config Config
	Chain  *chain.Result

	leafProblems *[]chain.Problem // LeafProblems, once
}

// BundleLintInterface is implemented by lints that need more than the leaf
// certificate: the key, PFX attributes, chain, host, time or role.
//
// The result Execute returns is only read: a lint may return the same
// *lint.LintResult from every call (certlint's own return one shared Pass
// result), so a caller must not modify it. Lint.Execute returns a copy.
type BundleLintInterface interface {
	CheckApplies(in *Input) bool
	Execute(in *Input) *lint.LintResult
}

// OpsMgr carries the OpsMgr side of a lint's metadata.
type OpsMgr struct {
	// Event is the OpsMgr connector event the defect raises first: for this
	// computer's own certificate the load event that names the cause (0 =
	// none; a warning has none).
	Event int
	// RelatedEvents are the other events an admin may find in the log for
	// the same defect: those that follow Event (21021, 21007, 21016 after a
	// load event; the sender's 20071 after the receiver's 20072), and other
	// events the same defect may raise instead. LintsForEvent finds a lint by
	// either.
	RelatedEvents []int
	// EventSource is the public URL that backs the mapping of the defect to
	// Event (or, for a lint without Event, to RelatedEvents).
	EventSource string
	// EventConfidence says how well that mapping is established.
	EventConfidence events.Confidence
	// Fix says, in one or two sentences, how to fix the defect, written for
	// this computer's own certificate (role local).
	Fix string
	// FixRemote, when set, is the fix written for a peer's certificate (role
	// remote: a management server's or gateway's), whose owner is another
	// computer. FixFor picks it.
	FixRemote string
}

// FixFor returns the fix text for a certificate linted in role: FixRemote
// for RoleRemote when set, else Fix.
func (m OpsMgr) FixFor(role Role) string {
	if role == RoleRemote && m.FixRemote != "" {
		return m.FixRemote
	}
	return m.Fix
}

// Lint is one registered certlint lint: zlint metadata, OpsMgr metadata, and
// either a zlint certificate lint (it needs only the leaf certificate and is
// also registered in zlint's global registry) or a bundle lint.
type Lint struct {
	lint.LintMetadata
	OpsMgr
	// Certificate is set for lints that need only the leaf.
	Certificate *lint.CertificateLint
	// Bundle is set for lints that need the whole input.
	Bundle func() BundleLintInterface
}

// Execute runs the lint on one input. A panicking lint gives a Fatal
// result. The result is a new value, the caller's to keep or change.
func (l *Lint) Execute(in *Input) (res *lint.LintResult) {
	status, details := l.run(in)
	return &lint.LintResult{Status: status, Details: details}
}

// run is Execute without a result value: the status and details are
// copied out of the lint's result, which may be shared and is not kept. (A
// zlint result is about 150 bytes with pointers; allocating one per lint per
// input was a third of a plain run's lint time.)
func (l *Lint) run(in *Input) (status lint.LintStatus, details string) {
	defer func() {
		if r := recover(); r != nil {
			status, details = lint.Fatal, fmt.Sprintf("lint %s failed internally: %v", l.Name, r)
		}
	}()
	if in.Config.Role == RoleCA && !l.appliesToCA(in) {
		return lint.NA, ""
	}
	var res *lint.LintResult
	if l.Certificate != nil {
		if in.Leaf == nil || in.Leaf.Parsed == nil {
			return lint.NA, ""
		}
		res = l.Certificate.Execute(in.Leaf.Parsed, emptyConfig)
	} else {
		b := l.Bundle()
		if !b.CheckApplies(in) {
			return lint.NA, ""
		}
		res = b.Execute(in)
	}
	if res == nil {
		return lint.Fatal, "lint returned no result"
	}
	return res.Status, res.Details
}

// emptyConfig is shared: building one parses TOML, which cost 8% of a
// run's CPU when done per lint and file. Lints only read it.
var emptyConfig = lint.NewEmptyConfig()

var (
	registryMu sync.RWMutex
	registry   = map[string]*Lint{}
)

// RegisterCertificateLint registers a lint that needs only the leaf
// certificate, in certlint's registry and in zlint's global registry (source
// SourceOpsMgr), so zlint users can run it too. It panics on a duplicate name,
// as zlint does: that is a programming error.
func RegisterCertificateLint(l *lint.CertificateLint, m OpsMgr) {
	l.Source = SourceOpsMgr
	lint.RegisterCertificateLint(l)
	register(&Lint{LintMetadata: l.LintMetadata, OpsMgr: m, Certificate: l})
}

// RegisterBundleLint registers a lint that needs the whole input.
func RegisterBundleLint(meta lint.LintMetadata, m OpsMgr, newLint func() BundleLintInterface) {
	meta.Source = SourceOpsMgr
	register(&Lint{LintMetadata: meta, OpsMgr: m, Bundle: newLint})
}

func register(l *Lint) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[l.Name]; dup {
		panic("certlint: duplicate lint name " + l.Name)
	}
	registry[l.Name] = l
}

// Lints returns every registered lint, sorted by name.
func Lints() []*Lint {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]*Lint, 0, len(registry))
	for _, l := range registry {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LintByName returns the registered lint with that name, or nil.
func LintByName(name string) *Lint {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return registry[name]
}

// LintsForEvent returns the registered lints (see Lints) whose primary Event
// or RelatedEvents include id, sorted by name; nil if there are none or id is
// not positive (0 means "no event" in OpsMgr metadata).
func LintsForEvent(id int) []*Lint {
	return lintsForEvent(Lints(), id)
}

// lintsForEvent filters lints by event; it is LintsForEvent without the
// global registry, so tests can run it on lints of their own.
func lintsForEvent(lints []*Lint, id int) []*Lint {
	if id <= 0 {
		return nil
	}
	var out []*Lint
	for _, l := range lints {
		if l == nil {
			continue
		}
		if l.Event == id || slices.Contains(l.RelatedEvents, id) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
