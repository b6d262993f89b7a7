package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// chainCAProfile: the CA certificates of the chain (intermediates and root)
// break an RFC 5280 or CA/B Forum Baseline Requirements profile rule that
// Windows tolerates but strict validators (OpenSSL -x509_strict, rustls,
// x509-limbo's profile) reject: missing or critical key identifiers, bad
// serial numbers, non-critical basicConstraints, weak keys, an MD5 root
// self-signature, and so on (certlint.ClassProfile problems). OpsMgr itself
// works, so it is a warning with no event; a PKI team gating its CA
// certificates wants to know. The leaf's own profile is the leaf lints',
// except for a CA certificate linted as trust material (role ca), whose own
// profile is the point.
type chainCAProfile struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "w_opsmgr_chain_ca_profile",
		Description: "The CA certificates of the chain should follow the RFC 5280 and CA/B Baseline Requirements profile; Windows " +
			"accepts these defects, stricter validators do not",
		Citation: "RFC 5280 4.1, 4.2; CA/Browser Forum Baseline Requirements 6.1.5, 7.1; " + citeMSDoc,
	}, certlint.OpsMgr{
		Fix: "Have the PKI team re-issue the CA certificate named with the profile fixed (the rule is cited in the message); " +
			"nothing needs to change for OpsMgr itself.",
	}, func() certlint.BundleLintInterface { return &chainCAProfile{} })
}

func (l *chainCAProfile) CheckApplies(in *certlint.Input) bool {
	return in.Leaf != nil && in.Chain != nil
}

func (l *chainCAProfile) Execute(in *certlint.Input) *lint.LintResult {
	var msgs []string
	for _, p := range in.Chain.Problems {
		if p.Class == certlint.ClassProfile && (p.Index > 0 || in.Config.Role == certlint.RoleCA) {
			msgs = append(msgs, fmt.Sprintf("%s: %s (%s)", chainCertName(p), p.Detail, p.Rule))
		}
	}
	if len(msgs) == 0 {
		return pass()
	}
	return result(lint.Warn, "%s", strings.Join(msgs, "; "))
}
