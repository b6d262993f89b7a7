package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// caCertificateAsLeaf: the certificate OpsMgr uses identifies one computer;
// a certificate with basicConstraints cA=TRUE (RFC 5280 4.2.1.9) is a CA
// certificate. Windows picks CA certificates into the intermediate or root
// store on import and path builders may treat it as an issuer, so
// MOMCertImport can register a certificate that is not where the connector
// looks for it, or the wrong certificate.
type caCertificateAsLeaf struct{}

func init() {
	fix, fixRemote := ownerFix("request an end-entity certificate for the computer from the OpsMgr certificate template (Basic " +
		"Constraints: not a CA), then run MOMCertImport with it and restart HealthService.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "w_opsmgr_ca_certificate_as_leaf",
			Description: "The OpsMgr certificate must be an end-entity certificate for one computer; a CA certificate (basicConstraints " +
				"cA=TRUE) used as the computer's certificate is imported into the CA stores and confuses path building",
			Citation: citeMSDoc + "; RFC 5280 4.2.1.9",
		},
		Lint: func() lint.CertificateLintInterface { return &caCertificateAsLeaf{} },
	}, certlint.OpsMgr{
		Fix:       fix,
		FixRemote: fixRemote,
	})
}

func (l *caCertificateAsLeaf) CheckApplies(c *x509.Certificate) bool { return true }

func (l *caCertificateAsLeaf) Execute(c *x509.Certificate) *lint.LintResult {
	if c.BasicConstraintsValid && c.IsCA {
		return result(lint.Warn, "the certificate has basicConstraints cA=TRUE: it is a CA certificate, not a computer certificate")
	}
	return newPass()
}
