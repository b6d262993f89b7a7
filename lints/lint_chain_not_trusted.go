package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// eventNotTrusted: "the remote certificate is not trusted". The computer
// that receives the certificate logs it when the certificate's chain (root
// to issuer) does not verify against its Trusted Root Certification
// Authorities store (OpsMgr connector event 20072, text in Microsoft's
// KB10066). The computer that sent the certificate sees the connection
// closed before authentication (20071), then 21016.
const eventNotTrusted = 20072

// citeChain is the citation shared by the chain lints.
const citeChain = "OpsMgr events 20072 (receiver), 20071 (sender); " + citeKB10066 + "; RFC 5280 6.1 (path validation); " + citeMSDoc

// chainOpsMgr is the OpsMgr metadata of a chain lint: 20072 on the
// receiver, then the sender's 20071 and 21016.
func chainOpsMgr(fix, fixRemote string) certlint.OpsMgr {
	return certlint.OpsMgr{
		Event:           eventNotTrusted,
		RelatedEvents:   []int{eventRefused, eventNoChannel},
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             fix,
		FixRemote:       fixRemote,
	}
}

// chainNotTrusted: the certificate's chain must reach a root the verifying
// side trusts (OpsMgr event 20072). The chain is built by
// chain.Build from the input, --intermediates, --roots and
// --system-roots; this lint reports the two ways it can fail to reach a
// trusted root: an issuer that is nowhere to be found (often a PFX exported
// without its chain), and a root that is not trusted. The other defects of a
// chain that reaches a root are separate lints (the e_opsmgr_chain_* lints). Without a
// trust store the chain is not evaluated (NE).
type chainNotTrusted struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_chain_not_trusted",
		Description: "The certificate's chain must reach a root CA the computer verifying it trusts; otherwise that computer " +
			"logs event 20072 (the remote certificate is not trusted): an issuer is missing or the root is not trusted",
		Citation: citeChain,
	}, chainOpsMgr(
		"On the management server or gateway this computer connects to (it verifies this certificate and logs 20072; this computer "+
			"logs 20071): "+fixTrustBody,
		"On this computer (it verifies the peer's certificate and logs 20072; the peer logs 20071): "+fixTrustBody,
	), func() certlint.BundleLintInterface { return &chainNotTrusted{} })
}

// fixTrustBody is the fix of e_opsmgr_chain_not_trusted; the verifying
// computer depends on the role.
const fixTrustBody = "import the root CA certificate into Local Computer > Trusted Root Certification Authorities (not the Current " +
	"User store) and the intermediate CA certificates into Intermediate Certification Authorities; export the PFX with \"Include all " +
	"certificates in the certification path\"; then restart HealthService on both ends."

func (l *chainNotTrusted) CheckApplies(in *certlint.Input) bool { return in.Leaf != nil }

func (l *chainNotTrusted) Execute(in *certlint.Input) *lint.LintResult {
	if in.Chain == nil {
		return result(lint.NE, "the chain was not evaluated: give the roots %s trusts with --roots FILE (PEM, DER, P7B or a directory), "+
			"or --system-roots for this computer's Trusted Root store", chainVerifier(in))
	}
	// A trusted chain passes, unless path building stopped at a limit
	// before it could judge the chain it found.
	kinds := []chain.ProblemKind{chain.ProblemIssuerNotFound, chain.ProblemRootNotTrusted, chain.ProblemSearchLimit, chain.ProblemMalformed}
	if in.Chain.Trusted {
		kinds = []chain.ProblemKind{chain.ProblemSearchLimit}
	}
	var msgs []string
	for _, p := range in.Chain.Find(kinds...) {
		switch p.Kind {
		case chain.ProblemIssuerNotFound:
			kid, hint := "", ""
			if p.IssuerKeyID != "" {
				kid = " (key identifier " + p.IssuerKeyID + ")"
			}
			if p.Hint != "" {
				hint = " (" + p.Hint + ")"
			}
			msgs = append(msgs, fmt.Sprintf("the chain stops at %q: its issuer %q%s is in neither the input nor the certificates given with --roots / --intermediates%s. "+
				"Get that CA certificate (certutil -ca.cert on the CA, or from your PKI team); put it in the PFX (export with \"Include all certificates "+
				"in the certification path\") or import it on %s into Intermediate Certification Authorities, or into Trusted Root Certification Authorities "+
				"if it is the root %s", p.Subject, p.IssuerName, kid, hint, chainVerifier(in), chainRuling(p)))
		case chain.ProblemRootNotTrusted:
			msgs = append(msgs, fmt.Sprintf("the chain ends at the root %q (thumbprint %s), which is not among the trusted roots given: import it on %s into "+
				"Local Computer > Trusted Root Certification Authorities (certutil -addstore Root root.cer); if it is already trusted there, pass it to certlint with --roots %s",
				p.Subject, p.Thumbprint, chainVerifier(in), chainRuling(p)))
		default:
			msgs = append(msgs, fmt.Sprintf("%s: %s %s", p.Subject, p.Detail, chainRuling(p)))
		}
	}
	if in.Chain.Trusted && len(msgs) == 0 {
		return pass()
	}
	if len(msgs) == 0 {
		msgs = append(msgs, "the chain does not reach a trusted root")
	}
	return result(lint.Error, "%s", strings.Join(msgs, "; "))
}

// chainVerifier names the computer that verifies the chain of the
// certificate linted: for this computer's own certificate (role local) the
// other side, for a peer's certificate (role remote) this computer.
func chainVerifier(in *certlint.Input) string {
	if roleLocal(in) {
		return "the management server or gateway this computer connects to"
	}
	return "this computer"
}

// chainProblemLint is a chain lint that reports the ClassTrust problems of
// some kinds that chain.Build found, one sentence each. The
// e_opsmgr_chain_* lints are instances of it with their own kinds and wording.
type chainProblemLint struct {
	kinds   []chain.ProblemKind
	message func(in *certlint.Input, p chain.Problem) string
}

// CheckApplies: the chain was built (a trust store was given).
func (l *chainProblemLint) CheckApplies(in *certlint.Input) bool {
	return in.Leaf != nil && in.Chain != nil
}

func (l *chainProblemLint) Execute(in *certlint.Input) *lint.LintResult {
	var msgs []string
	for _, p := range in.Chain.Find(l.kinds...) {
		if p.Class == chain.ClassTrust {
			msgs = append(msgs, l.message(in, p)+" "+chainRuling(p))
		}
	}
	if len(msgs) == 0 {
		return pass()
	}
	return result(lint.Error, "%s", strings.Join(msgs, "; "))
}

// registerChainLint registers one chain lint (event 20072).
func registerChainLint(name, description, citation, fix string, message func(*certlint.Input, chain.Problem) string, kinds ...chain.ProblemKind) {
	certlint.RegisterBundleLint(lint.LintMetadata{Name: name, Description: description, Citation: citation},
		chainOpsMgr(fix, ""),
		sharedLint(&chainProblemLint{kinds: kinds, message: message}))
}

// chainCertName names a chain certificate for a message.
func chainCertName(p chain.Problem) string {
	return fmt.Sprintf("%q (thumbprint %s)", p.Subject, p.Thumbprint)
}
