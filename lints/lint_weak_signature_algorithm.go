package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// weakSignatureAlgorithm: Microsoft's "Obtain a certificate" doc asks for
// SHA-256. Certificates signed with SHA-1 or MD5 (MD2) are deprecated by
// Microsoft's SHA-1 deprecation policy and refused by current TLS stacks,
// so the secure channel can stop working after an update to either side.
type weakSignatureAlgorithm struct{}

var weakSignatureAlgorithms = map[x509.SignatureAlgorithm]bool{
	x509.MD2WithRSA:    true,
	x509.MD5WithRSA:    true,
	x509.SHA1WithRSA:   true,
	x509.DSAWithSHA1:   true,
	x509.ECDSAWithSHA1: true,
}

func init() {
	fix, fixRemote := ownerFix("request a new certificate signed with SHA-256 (if the issuing CA still signs with SHA-1, move the CA " +
		"to SHA-256 first), then run MOMCertImport and restart HealthService.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "w_opsmgr_weak_signature_algorithm",
			Description: "Microsoft's OpsMgr certificate doc asks for SHA-256; a SHA-1 or MD5 signature is deprecated by Windows and " +
				"may be refused by either end of the OpsMgr channel after an update",
			Citation: citeMSDoc + "; RFC 9155",
		},
		Lint: func() lint.CertificateLintInterface { return &weakSignatureAlgorithm{} },
	}, certlint.OpsMgr{
		Fix:       fix,
		FixRemote: fixRemote,
	})
}

func (l *weakSignatureAlgorithm) CheckApplies(c *x509.Certificate) bool { return true }

func (l *weakSignatureAlgorithm) Execute(c *x509.Certificate) *lint.LintResult {
	if !weakSignatureAlgorithms[c.SignatureAlgorithm] {
		return newPass()
	}
	return result(lint.Warn, "the certificate is signed with %s (%s)", c.SignatureAlgorithm, c.SignatureAlgorithmOID)
}
