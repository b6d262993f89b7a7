package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// hostNameMismatch: Microsoft's "Obtain a certificate" doc requires the
// subject CN to be the computer's FQDN as it appears in DNS; the management
// server or gateway checks that the certificate an agent presents names the
// computer it knows. When neither the subject CN nor a DNS SAN names
// Config.Host, no secure channel is set up and the connector logs 21007.
//
// Matching: case-insensitive, a trailing dot on either side ignored. A
// wildcard name (*.contoso.com) does not count: OpsMgr identifies each
// computer by its own certificate and Microsoft's doc asks for the FQDN in the
// CN, so certlint does not treat wildcard certificates as naming the host (the
// message says when one was found). NA when Config.Host is empty.
type hostNameMismatch struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_host_name_mismatch",
		Description: "OpsMgr expects the certificate's subject CN (or a DNS SAN) to be the FQDN of the computer it belongs to; a " +
			"certificate for another name cannot set up the secure channel and the connector logs event 21007",
		Citation: "OpsMgr event 21007; " + citeMSDoc + "; " + citeKB947691 + "; RFC 5280 4.2.1.6",
	}, certlint.OpsMgr{
		Event: eventNoSecure,
		Fix: "Request a certificate whose subject CN is this computer's FQDN as the management server knows it (and the same FQDN as a DNS SAN), " +
			"import it and run MOMCertImport again; check --host if the computer is known by another name.",
	}, func() certlint.BundleLintInterface { return &hostNameMismatch{} })
}

func (l *hostNameMismatch) CheckApplies(in *certlint.Input) bool {
	return leaf(in) != nil && normHost(in.Config.Host) != ""
}

func (l *hostNameMismatch) Execute(in *certlint.Input) *lint.LintResult {
	c := leaf(in)
	want := normHost(in.Config.Host)
	names := append(append([]string{}, c.Subject.CommonNames...), c.DNSNames...)
	var wildcard bool
	for _, n := range names {
		h := normHost(n)
		if h == want {
			return pass()
		}
		wildcard = wildcard || strings.HasPrefix(h, "*.")
	}
	if len(names) == 0 {
		return result(lint.Error, "the certificate has no subject CN and no DNS SAN, so it does not name %q", in.Config.Host)
	}
	msg := "the certificate names %s, not %q"
	if wildcard {
		msg += " (certlint does not accept a wildcard name for an OpsMgr computer certificate)"
	}
	return result(lint.Error, msg, quoteList(dedupe(names)), in.Config.Host)
}

// normHost lower-cases a host name and drops surrounding space and one
// trailing dot.
func normHost(h string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
}
