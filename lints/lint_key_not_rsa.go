package lints

import (
	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// keyNotRSA: OpsMgr needs an RSA key held as AT_KEYEXCHANGE in a legacy
// CryptoAPI CSP (Microsoft's "Obtain a certificate" doc: KSP keys are not
// supported; its request uses the RSA "Microsoft RSA SChannel Cryptographic
// Provider"). CryptoAPI CSPs cannot hold ECDSA or EdDSA keys, so Windows puts
// such a key in a CNG KSP, which reports KeySpec 0, and the connector refuses
// it at load with event 20069 (KEY_SPEC), then 21021, 21007 and 21016. The
// mapping is certlint's inference from those facts.
type keyNotRSA struct{}

func init() {
	fix, fixRemote := ownerFix("request a new certificate with an RSA key (2048 bits or more) from the OpsMgr certificate template; " +
		`the template's cryptography must use the legacy CSP "` + events.RecommendedCSP + `", not a key storage provider; then ` +
		"run MOMCertImport and restart HealthService.")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "e_opsmgr_key_not_rsa",
			Description: "OpsMgr needs an RSA key exchange key (AT_KEYEXCHANGE) in a legacy CryptoAPI CSP; ECDSA and other key types " +
				"can only live in a CNG key storage provider, which OpsMgr does not support (event 20069, KEY_SPEC)",
			Citation: "OpsMgr event 20069; " + citeKB10066 + "; " + citeMSDoc + "; RFC 5280 4.1.2.7",
		},
		Lint: func() lint.CertificateLintInterface { return &keyNotRSA{} },
	}, certlint.OpsMgr{
		Event:           eventKeySpec,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLObtainCertificate,
		EventConfidence: events.ConfidenceInferred,
		Fix:             fix,
		FixRemote:       fixRemote,
	})
}

func (l *keyNotRSA) CheckApplies(c *x509.Certificate) bool { return true }

func (l *keyNotRSA) Execute(c *x509.Certificate) *lint.LintResult {
	if c.PublicKeyAlgorithm == x509.RSA {
		return newPass()
	}
	alg := c.PublicKeyAlgorithm.String()
	if c.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		alg = "unknown (" + c.PublicKeyAlgorithmOID.String() + ")"
	}
	return result(lint.Error, "the certificate's public key is %s, not RSA", alg)
}
