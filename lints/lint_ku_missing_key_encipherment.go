package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
	"github.com/zmap/zlint/v3/util"
)

// kuMissingKeyEncipherment: OpsMgr uses the certificate's RSA key as a key
// exchange key (AT_KEYEXCHANGE). When the key usage extension is present
// (RFC 5280 4.2.1.3) it must assert keyEncipherment, the bit that allows RSA
// key transport; a key usage of digitalSignature alone makes Windows treat
// the key as a signature key and the connector logs event 20069 (KEY_SPEC).
// Without the extension the key is unrestricted and the lint does not apply.
type kuMissingKeyEncipherment struct{}

func init() {
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "e_opsmgr_ku_missing_key_encipherment",
			Description: "OpsMgr needs a key exchange key: a key usage extension without keyEncipherment limits the key to signatures " +
				"and the connector logs event 20069 (KEY_SPEC)",
			Citation: "OpsMgr event 20069; " + citeMSDoc + "; RFC 5280 4.2.1.3",
		},
		Lint: func() lint.CertificateLintInterface { return &kuMissingKeyEncipherment{} },
	}, certlint.OpsMgr{
		Event: eventKeySpec,
		Fix:   fixRequestFromTemplate + " The template's key usage must allow key exchange (\"Allow key exchange only with key encryption\": keyEncipherment).",
	})
}

func (l *kuMissingKeyEncipherment) CheckApplies(c *x509.Certificate) bool {
	return util.IsExtInCert(c, util.KeyUsageOID)
}

func (l *kuMissingKeyEncipherment) Execute(c *x509.Certificate) *lint.LintResult {
	if c.KeyUsage&x509.KeyUsageKeyEncipherment != 0 {
		return pass()
	}
	has := keyUsageNames(c.KeyUsage)
	desc := "no usage"
	if len(has) > 0 {
		desc = strings.Join(has, ", ")
	}
	return result(lint.Error, "key usage has %s but not keyEncipherment", desc)
}

// keyUsageNames lists the bits set in ku by their RFC 5280 4.2.1.3 names,
// in bit order (zlint's util.GetKeyUsageStrings ranges over a map, so its
// order changes from run to run).
func keyUsageNames(ku x509.KeyUsage) []string {
	names := []string{"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
		"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"}
	var out []string
	for i, n := range names {
		if ku&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}
