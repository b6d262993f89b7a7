package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// chainRuling renders, for a finding, the rule a chain problem breaks and
// what Windows' chain engine (CertGetCertificateChain, which Schannel uses
// for OpsMgr) does with it.
func chainRuling(p chain.Problem) string {
	var w string
	switch p.Windows {
	case chain.WindowsRejects:
		w = "Windows' chain engine rejects it"
	case chain.WindowsAccepts:
		w = "Windows' chain engine accepts it"
	default:
		w = "whether Windows' chain engine accepts it is not known"
	}
	if p.WindowsNote != "" {
		w += ": " + p.WindowsNote
	}
	if p.Rule == "" {
		return "[" + w + "]"
	}
	return "[" + p.Rule + "; " + w + "]"
}

// chainProfileLint reports the ClassProfile problems of some kinds: rules of
// RFC 5280 and the CA/Browser Forum Baseline Requirements that a
// certificate of the chain breaks, the leaf included. With a trust store the
// problems are those of the chain chain.Build built; without one,
// those of the leaf alone (certlint.CertProblems, through Input.LeafProblems). Windows' chain engine
// tolerates most of them (each message says), stricter validators and PKI
// policies do not: a warning, with no OpsMgr event.
type chainProfileLint struct {
	kinds []chain.ProblemKind
	// leafCovered, when set, skips a problem of the leaf that a leaf lint
	// already reports with its OpsMgr event.
	leafCovered func(in *certlint.Input, p chain.Problem) bool
}

func (l *chainProfileLint) CheckApplies(in *certlint.Input) bool { return in.Leaf != nil }

func (l *chainProfileLint) Execute(in *certlint.Input) *lint.LintResult {
	var problems []chain.Problem
	if in.Chain != nil {
		problems = in.Chain.Problems
	} else {
		problems = in.LeafProblems()
	}
	var msgs []string
	for _, p := range problems {
		if p.Class != chain.ClassProfile || !chainKindIn(p.Kind, l.kinds) {
			continue
		}
		if p.Index == 0 && l.leafCovered != nil && l.leafCovered(in, p) {
			continue
		}
		msgs = append(msgs, fmt.Sprintf("%s: %s %s", chainCertName(p), p.Detail, chainRuling(p)))
	}
	if len(msgs) == 0 {
		return pass()
	}
	return result(lint.Warn, "%s", strings.Join(msgs, "; "))
}

func chainKindIn(k chain.ProblemKind, kinds []chain.ProblemKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// registerChainProfileLint registers one profile lint (w_, no event).
func registerChainProfileLint(name, description, citation, fix string, leafCovered func(*certlint.Input, chain.Problem) bool, kinds ...chain.ProblemKind) {
	certlint.RegisterBundleLint(lint.LintMetadata{Name: name, Description: description, Citation: citation},
		certlint.OpsMgr{Fix: fix},
		sharedLint(&chainProfileLint{kinds: kinds, leafCovered: leafCovered}))
}

// citeProfile is the citation shared by the profile lints.
const citeProfile = "Microsoft Learn, CERT_TRUST_STATUS https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_status"

// fixReissueProfile is the fix shared by the profile lints.
const fixReissueProfile = "Have the PKI team re-issue the certificate named with the rule cited in the message followed; " +
	"OpsMgr itself works where the message says Windows accepts it."
