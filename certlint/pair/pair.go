package pair

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

// Options says what each computer of a pair trusts and how to lint them.
type Options struct {
	// LocalRoots is what the local computer trusts (its Trusted Root and
	// Intermediate Certification Authorities stores): the remote
	// certificate's chain is built against it. nil trusts nothing.
	LocalRoots *chain.Store
	// RemoteRoots is what the remote computer trusts: the local
	// certificate's chain is built against it. nil trusts nothing.
	RemoteRoots *chain.Store
	// At is the evaluation time (zero = now).
	At time.Time
	// LocalHost and RemoteHost are the FQDNs the certificates are for
	// ("" = not checked).
	LocalHost, RemoteHost string
	// Include and Exclude select lints as in RunOptions.
	Include, Exclude []string
}

// Report answers "will these two computers authenticate each other?".
type Report struct {
	Local  Side `json:"local"`
	Remote Side `json:"remote"`
	// OK is true when neither side has an error (or fatal) finding: each
	// certificate chains to a root the other side trusts and passes its
	// role's lints.
	OK bool `json:"ok"`
	// Err is set when the lints could not be run (none registered, an
	// unknown name in Include or Exclude); the sides are then empty.
	Err error `json:"-"`
}

// Side is one computer of a pair and its certificate.
type Side struct {
	// File is the input's path. Its JSON form is JSONFileName's: escaped,
	// with the exact bytes in "file_bytes", when it is not UTF-8.
	File string        `json:"file"`
	Role certlint.Role `json:"role"`
	// Report is the lint report of this side's certificate: role local for
	// the local side, remote for the remote side, its chain built against
	// what the other side trusts. It holds the Bundle (and its private key),
	// so it is not part of the JSON form.
	Report *certlint.Report `json:"-"`
	// TrustedByPeer is true when the chain of this side's certificate
	// reaches a root the other side trusts without a trust problem
	// (chain.Result.OK).
	TrustedByPeer bool `json:"trusted_by_peer"`
	// Logs are the OpsMgr events this computer would log when the two
	// connect: the events of the error findings on its own certificate, and
	// 20072 when it does not trust the other side's chain.
	Logs []Event `json:"logs"`
}

// MarshalJSON writes the side with its file name as JSONFileName says.
func (s Side) MarshalJSON() ([]byte, error) {
	v := struct {
		File          string        `json:"file"`
		FileBytes     []byte        `json:"file_bytes,omitempty"`
		Role          certlint.Role `json:"role"`
		TrustedByPeer bool          `json:"trusted_by_peer"`
		Logs          []Event       `json:"logs"`
	}{Role: s.Role, TrustedByPeer: s.TrustedByPeer, Logs: s.Logs}
	v.File, v.FileBytes = report.JSONFileName(s.File)
	return json.Marshal(v)
}

// PairEvent is one event a computer of the pair would log, with the lint
// that predicts it and that lint's message.
type Event struct {
	Event int `json:"event"`
	// About is "own" for a defect of the computer's own certificate,
	// "peer" for the other side's certificate (20072: not trusted).
	About   string `json:"about"`
	Lint    string `json:"lint"`
	Message string `json:"message"`
}

// pairEventNotTrusted is the event the receiving computer logs when the
// other side's certificate chain is not trusted (OpsMgr connector event
// 20072, "the remote certificate is not trusted").
const eventNotTrusted = 20072

// Pair lints a pair of computers that authenticate each other with
// certificates (OpsMgr mutual authentication: agent and management server,
// agent and gateway, gateway and management server). OpsMgr uses mutual TLS:
// each side presents its certificate and verifies the other's chain against
// its own Trusted Root store, so the local certificate is linted as role
// local (private key required) with its chain built against
// opts.RemoteRoots, and the remote certificate as role remote against
// opts.LocalRoots (Run, with the same lints). The report says which events
// each computer would log: its own certificate's defects on itself, and
// 20072 on the computer that does not trust the other's chain.
//
// Pair never fails on a bad certificate: every defect is a finding. It sets
// Report.Err only when the lints cannot be selected.
func Check(local, remote *certlint.Bundle, opts Options) *Report {
	pr := &Report{Local: Side{Role: certlint.RoleLocal, Logs: []Event{}}, Remote: Side{Role: certlint.RoleRemote, Logs: []Event{}}}
	if local == nil || remote == nil {
		pr.Err = errors.New("certlint: Pair needs both certificates")
		return pr
	}
	pr.Local.File, pr.Remote.File = local.Name, remote.Name
	at := opts.At
	if at.IsZero() {
		at = time.Now()
	}
	lr, rr := opts.LocalRoots, opts.RemoteRoots
	if lr == nil {
		lr = &chain.Store{}
	}
	if rr == nil {
		rr = &chain.Store{}
	}
	run := func(b *certlint.Bundle, role certlint.Role, host string, trust *chain.Store) (*certlint.Report, error) {
		return certlint.Run(b, &certlint.RunOptions{
			Config:  certlint.Config{Role: role, Host: host, At: at, Trust: trust},
			Include: opts.Include,
			Exclude: opts.Exclude,
		})
	}
	var err error
	if pr.Local.Report, err = run(local, certlint.RoleLocal, opts.LocalHost, rr); err != nil {
		pr.Err = err
		return pr
	}
	if pr.Remote.Report, err = run(remote, certlint.RoleRemote, opts.RemoteHost, lr); err != nil {
		pr.Err = err
		return pr
	}
	pr.OK = true
	for _, s := range []*Side{&pr.Local, &pr.Remote} {
		s.TrustedByPeer = s.Report.Chain.OK()
		if s.Report.Worst() >= lint.Error {
			pr.OK = false
		}
	}
	pr.Local.Logs = logs(pr.Local.Report, pr.Remote.Report)
	pr.Remote.Logs = logs(pr.Remote.Report, pr.Local.Report)
	return pr
}

// pairLogs lists the events a computer logs: those of the error findings on
// its own certificate, except 20072, which the other computer logs (it is
// the one that does not trust the chain), and 20072 for the error findings
// of the chain lints on the other side's certificate.
func logs(own, peer *certlint.Report) []Event {
	out := []Event{}
	for _, res := range own.Results {
		if res.Status >= lint.Error && res.Lint.Event != 0 && res.Lint.Event != eventNotTrusted {
			out = append(out, Event{Event: res.Lint.Event, About: "own", Lint: res.Lint.Name, Message: res.Message()})
		}
	}
	for _, res := range peer.Results {
		if res.Status >= lint.Error && res.Lint.Event == eventNotTrusted {
			out = append(out, Event{Event: eventNotTrusted, About: "peer", Lint: res.Lint.Name, Message: res.Message()})
		}
	}
	return out
}
