package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// keyNotRSA: OpsMgr needs an RSA key held as AT_KEYEXCHANGE in a legacy
// CryptoAPI CSP (Microsoft's "Obtain a certificate" doc: KSP keys are not
// supported, the request uses the RSA "Microsoft Enhanced RSA and AES
// Cryptographic Provider"). CryptoAPI CSPs cannot hold ECDSA or EdDSA keys,
// so such a certificate raises event 20069 (KEY_SPEC).
type keyNotRSA struct{}

func init() {
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "e_opsmgr_key_not_rsa",
			Description: "OpsMgr needs an RSA key exchange key (AT_KEYEXCHANGE) in a legacy CryptoAPI CSP; ECDSA and other key types " +
				"can only live in a CNG key storage provider, which OpsMgr does not support (event 20069, KEY_SPEC)",
			Citation: "OpsMgr event 20069; " + citeMSDoc + "; RFC 5280 4.1.2.7",
		},
		Lint: func() lint.CertificateLintInterface { return &keyNotRSA{} },
	}, certlint.OpsMgr{
		Event: eventKeySpec,
		Fix:   "Request a new certificate with an RSA key (2048 bits or more) from the OpsMgr certificate template; the template's cryptography must use a legacy CSP such as \"Microsoft Enhanced RSA and AES Cryptographic Provider\", not a key storage provider.",
	})
}

func (l *keyNotRSA) CheckApplies(c *x509.Certificate) bool { return true }

func (l *keyNotRSA) Execute(c *x509.Certificate) *lint.LintResult {
	if c.PublicKeyAlgorithm == x509.RSA {
		return pass()
	}
	alg := c.PublicKeyAlgorithm.String()
	if c.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		alg = "unknown (" + c.PublicKeyAlgorithmOID.String() + ")"
	}
	return result(lint.Error, "the certificate's public key is %s, not RSA", alg)
}
