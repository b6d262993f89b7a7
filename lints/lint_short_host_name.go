package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// shortHostName: Microsoft's "Obtain a certificate" doc requires the subject
// CN to be the computer's fully qualified domain name as it appears in DNS.
// A single-label name ("agent01") only matches when the management server and
// agent resolve it the same way, which is exactly what fails across domains,
// workgroups and DMZ gateways, the places certificates are used; where the
// connector's name check fails it refuses the certificate with event 20052
// (see e_opsmgr_host_name_mismatch, which checks a given --host). CA
// certificates are left to w_opsmgr_ca_certificate_as_leaf.
type shortHostName struct{}

func init() {
	fix, fixRemote := ownerFix("request a new certificate whose subject CN (and first DNS SAN) is the computer's FQDN as it appears " +
		"in DNS, e.g. agent01.contoso.com, not agent01; then run MOMCertImport and restart HealthService.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "w_opsmgr_short_host_name",
			Description: "OpsMgr matches the certificate to the computer's fully qualified domain name; a short host name in the CN " +
				"or DNS SANs (no dot) breaks across domains, workgroups and gateways where certificate authentication is used",
			Citation: "OpsMgr event 20052; " + citeMSDoc + "; " + citeKB947691,
		},
		Lint: func() lint.CertificateLintInterface { return &shortHostName{} },
	}, certlint.OpsMgr{
		RelatedEvents:   afterLoad(eventName),
		EventSource:     events.URLWorkgroup,
		EventConfidence: events.ConfidenceField,
		Fix:             fix,
		FixRemote:       fixRemote,
	})
}

func (l *shortHostName) CheckApplies(c *x509.Certificate) bool {
	if c.BasicConstraintsValid && c.IsCA {
		return false
	}
	return len(c.Subject.CommonNames) > 0 || len(c.DNSNames) > 0
}

func (l *shortHostName) Execute(c *x509.Certificate) *lint.LintResult {
	var short []string
	for _, n := range append(append([]string{}, c.Subject.CommonNames...), c.DNSNames...) {
		h := strings.TrimSuffix(strings.TrimSpace(n), ".")
		if h == "" || strings.ContainsAny(h, ".:") { // FQDN, IPv4 or IPv6 literal
			continue
		}
		short = append(short, n)
	}
	if len(short) == 0 {
		return newPass()
	}
	return result(lint.Warn, "the certificate names %s, a short host name instead of a fully qualified domain name", quoteList(dedupe(short)))
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
