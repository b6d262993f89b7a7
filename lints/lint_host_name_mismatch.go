package lints

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// hostNameMismatch: when the connector loads a computer's own certificate it
// compares the name the certificate carries with the computer's name, and
// refuses a certificate for another name: event 20052, then 21021, 21007 and
// 21016 (Microsoft's KB947691 quotes the message, "the Subject name on the
// certificate does not match the local computer name"; the ID comes from
// field reports). NA when Config.Host is empty.
//
// The name: the connector reads ONE name, not a list. certlint takes it the
// way Windows' CertGetNameString(CERT_NAME_DNS_TYPE) reads a certificate's
// DNS name: the first dNSName of the Subject Alternative Name extension, in
// certificate order, when the extension holds one; otherwise the subject CN.
// The field script Test-SCOMCertificate.ps1 checks the same first DNS SAN.
// So a certificate whose SAN lists the computer's FQDN second, after an alias
// or a short name, is refused although it "contains" the name. When there is
// no DNS SAN and the subject holds several CNs, Windows does not document
// which one it reads, so certlint requires every CN to be the host (the
// field script likewise rejects subjects with duplicate CNs).
//
// Matching: case-insensitive, a trailing dot on either side ignored. A
// wildcard name (*.contoso.com) does not count: OpsMgr identifies each
// computer by its own certificate and Microsoft's doc asks for the FQDN in the
// CN, so certlint does not treat wildcard certificates as naming the host (the
// message says when one was found).
type hostNameMismatch struct{}

func init() {
	fix, fixRemote := ownerFix("request a certificate whose subject is CN=<the computer's FQDN as DNS resolves it> and, if it has a " +
		"Subject Alternative Name, with that same FQDN as the FIRST DNS name (OpsMgr reads only the first one); import it, run " +
		"MOMCertImport and restart HealthService. If the computer is known by another name, check the --host given to certlint.")
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_host_name_mismatch",
		Description: "OpsMgr reads one name from the certificate, the first DNS name of the SAN, else the subject CN, and it must be " +
			"the FQDN of the computer the certificate belongs to; otherwise the connector refuses the certificate at load (event " +
			"20052, then 21021 and 21007)",
		Citation: "OpsMgr event 20052; " + citeKB947691 + "; " + citeFieldScript + "; Microsoft Learn, CertGetNameString " +
			"(CERT_NAME_DNS_TYPE): " + events.URLCertGetNameString + "; " + citeMSDoc + "; RFC 5280 4.2.1.6",
	}, certlint.OpsMgr{
		Event:           eventName,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLWorkgroup,
		EventConfidence: events.ConfidenceField,
		Fix:             fix,
		FixRemote:       fixRemote,
	}, func() certlint.BundleLintInterface { return &hostNameMismatch{} })
}

func (l *hostNameMismatch) CheckApplies(in *certlint.Input) bool {
	return leaf(in) != nil && normHost(in.Config.Host) != ""
}

func (l *hostNameMismatch) Execute(in *certlint.Input) *lint.LintResult {
	c := leaf(in)
	host := in.Config.Host
	want := normHost(host)
	read, from := opsMgrNames(c.DNSNames, c.Subject.CommonNames)
	if len(read) == 0 {
		return result(lint.Error, "the certificate has no DNS name in its SAN and no subject CN, so it does not name %q", host)
	}
	var bad []string
	for _, n := range read {
		if normHost(n) != want {
			bad = append(bad, n)
		}
	}
	if len(bad) == 0 {
		return pass()
	}
	var msg string
	switch from {
	case "san":
		msg = fmt.Sprintf("OpsMgr reads the first DNS name of the Subject Alternative Name, %q, which is not %q", read[0], host)
		for i, n := range c.DNSNames[1:] {
			if normHost(n) == want {
				msg += fmt.Sprintf("; %q is only DNS name #%d of the SAN, and the later ones are not read: put it first", n, i+2)
				break
			}
		}
	case "cn":
		if len(read) == 1 {
			msg = fmt.Sprintf("the certificate has no DNS name in a SAN, so OpsMgr reads the subject CN, %q, which is not %q", read[0], host)
		} else {
			msg = fmt.Sprintf("the subject has %d common names (%s) and no DNS SAN; OpsMgr reads one of them and Windows does not document "+
				"which, so each must be %q: %s not", len(read), quoteList(read), host, quoteList(bad))
		}
	}
	for _, n := range bad {
		if strings.HasPrefix(normHost(n), "*.") {
			msg += " (certlint does not accept a wildcard name for an OpsMgr computer certificate)"
			break
		}
	}
	return result(lint.Error, "%s", msg)
}

// opsMgrNames returns the name(s) OpsMgr compares with the computer's name,
// by CertGetNameString(CERT_NAME_DNS_TYPE)'s rule: the first DNS SAN when
// there is one (from "san"), else the subject CNs (from "cn"; normally one).
func opsMgrNames(dnsNames, commonNames []string) (names []string, from string) {
	if len(dnsNames) > 0 {
		return dnsNames[:1], "san"
	}
	if len(commonNames) > 0 {
		return commonNames, "cn"
	}
	return nil, ""
}

// normHost lower-cases a host name and drops surrounding space and one
// trailing dot.
func normHost(h string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
}
