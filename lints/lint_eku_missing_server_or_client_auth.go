package lints

import (
	"encoding/asn1"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// ekuMissingServerOrClientAuth: OpsMgr authenticates both ends of a
// connection with certificates, so each certificate acts as a TLS server and
// a TLS client. Microsoft's "Obtain a certificate" doc requires the extended
// key usage extension (RFC 5280 4.2.1.12) to carry Server Authentication
// (1.3.6.1.5.5.7.3.1) and Client Authentication (1.3.6.1.5.5.7.3.2); without
// both, or without the extension, the connector of the computer that owns the
// certificate refuses it at load with event 20050 (its message text is in
// Microsoft's KB10066), then 21021, 21007 and 21016. certlint
// does not count anyExtendedKeyUsage (2.5.29.37.0) as either: the doc asks for
// the two OIDs by name.
type ekuMissingServerOrClientAuth struct{}

func init() {
	fix, fixRemote := ownerFix(fixRequestFromTemplate + " The template's Application Policies must include Server Authentication and Client Authentication.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "e_opsmgr_eku_missing_server_or_client_auth",
			Description: "OpsMgr mutual authentication uses the certificate both as TLS server and as TLS client: its extended key usage " +
				"must list Server Authentication (1.3.6.1.5.5.7.3.1) and Client Authentication (1.3.6.1.5.5.7.3.2), or the connector logs event 20050",
			Citation: "OpsMgr event 20050; " + citeKB10066 + "; " + citeMSDoc + "; RFC 5280 4.2.1.12",
		},
		Lint: func() lint.CertificateLintInterface { return &ekuMissingServerOrClientAuth{} },
	}, certlint.OpsMgr{
		Event:           eventEKU,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceDocumented,
		Fix:             fix,
		FixRemote:       fixRemote,
	})
}

func (l *ekuMissingServerOrClientAuth) CheckApplies(c *x509.Certificate) bool { return true }

func (l *ekuMissingServerOrClientAuth) Execute(c *x509.Certificate) *lint.LintResult {
	oids, present, err := ekuOIDs(c)
	if !present {
		return result(lint.Error, "the certificate has no extended key usage extension; OpsMgr needs 1.3.6.1.5.5.7.3.1 (Server Authentication) and 1.3.6.1.5.5.7.3.2 (Client Authentication)")
	}
	if err != nil {
		return result(lint.Error, "the extended key usage extension cannot be decoded (%v); OpsMgr needs Server Authentication and Client Authentication", err)
	}
	var server, client bool
	have := make([]string, 0, len(oids))
	for _, o := range oids {
		server = server || o.Equal(oidServerAuth)
		client = client || o.Equal(oidClientAuth)
		have = append(have, ekuString(o))
	}
	if server && client {
		return newPass()
	}
	var missing []string
	for _, m := range []struct {
		ok  bool
		oid asn1.ObjectIdentifier
	}{{server, oidServerAuth}, {client, oidClientAuth}} {
		if !m.ok {
			missing = append(missing, ekuString(m.oid))
		}
	}
	has := "no usage"
	if len(have) > 0 {
		has = capList(have, len(have), ", ")
	}
	return result(lint.Error, "EKU has %s but not %s", has, strings.Join(missing, " nor "))
}
