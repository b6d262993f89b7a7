package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zcrypto/rsa"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// rsaKeyTooShort: Microsoft's "Obtain a certificate" doc asks for a 2048-bit
// (or larger) RSA key. A shorter key still authenticates today, but Windows
// and AD CS templates refuse it under current policy (and any 1024-bit key is
// breakable), so renewal will fail or the certificate will be rejected later.
type rsaKeyTooShort struct{}

// minRSABits is the smallest RSA modulus Microsoft's doc accepts.
const minRSABits = 2048

func init() {
	fix, fixRemote := ownerFix("request a new certificate with an RSA key of 2048 bits or more (set the template's minimum key " +
		"size to 2048), then run MOMCertImport and restart HealthService.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "w_opsmgr_rsa_key_too_short",
			Description: "Microsoft's OpsMgr certificate doc asks for RSA 2048 bits or more; a shorter key is weak and is refused by " +
				"current Windows and CA policy, so the certificate will stop working or cannot be renewed as is",
			Citation: citeMSDoc,
		},
		Lint: func() lint.CertificateLintInterface { return &rsaKeyTooShort{} },
	}, certlint.OpsMgr{
		Fix:       fix,
		FixRemote: fixRemote,
	})
}

func (l *rsaKeyTooShort) CheckApplies(c *x509.Certificate) bool {
	k, ok := c.PublicKey.(*rsa.PublicKey)
	return ok && k != nil && k.N != nil
}

func (l *rsaKeyTooShort) Execute(c *x509.Certificate) *lint.LintResult {
	bits := c.PublicKey.(*rsa.PublicKey).N.BitLen()
	if bits >= minRSABits {
		return newPass()
	}
	return result(lint.Warn, "the RSA key has %d bits, fewer than %d", bits, minRSABits)
}
