package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
	"github.com/zmap/zlint/v3/util"
)

// kuMissingSignatureOrEncipherment: the certificate's key authenticates the
// TLS handshake of every OpsMgr connection, which needs digitalSignature
// (ECDHE suites) and keyEncipherment (RSA key transport). When the key usage
// extension is present (RFC 5280 4.2.1.3) it must assert both: 0xA0, the
// minimum the field script Test-SCOMCertificate.ps1 requires. (Microsoft's
// sample request writes 0xf0, which adds nonRepudiation and
// dataEncipherment.) Without the extension the key is unrestricted
// (RFC 5280 4.2.1.3) and the lint does not apply.
//
// The event is an inference: Microsoft lists 20049 among the events of a
// badly imported certificate but publishes no message text for it; it sits
// just before 20050 (EKU) in the connector's load checks, and key usage is
// the one load property the field scripts check that no other event covers.
// certlint therefore maps this defect to 20049, with confidence "inferred",
// followed by 21021, 21007 and 21016. It used to be mapped to 20069, the
// KeySpec event, which is about how Windows stores the key, not about the
// certificate's key usage.
type kuMissingSignatureOrEncipherment struct{}

// kuOpsMgr is the key usage OpsMgr needs: digitalSignature | keyEncipherment,
// 0xA0 in the bit string's first byte.
const kuOpsMgr = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment

func init() {
	fix, fixRemote := ownerFix(fixRequestFromTemplate + " The template's key usage must allow digital signature and key " +
		"encipherment (Extensions > Key Usage: Digital signature, and \"Allow key exchange only with key encryption\").")
	certlint.RegisterCertificateLint(&lint.CertificateLint{
		LintMetadata: lint.LintMetadata{
			Name: "e_opsmgr_ku_missing_digital_signature_or_key_encipherment",
			Description: "OpsMgr authenticates each connection with the certificate's key: a key usage extension must allow " +
				"digitalSignature and keyEncipherment (0xA0); otherwise the connector most likely refuses the certificate at load " +
				"(event 20049, which has no public message text, then 21021 and 21007)",
			Citation: "OpsMgr event 20049 (inferred); " + citeFieldScript + "; " + citeKB10066 + "; " + citeMSDoc + "; RFC 5280 4.2.1.3",
		},
		Lint: func() lint.CertificateLintInterface { return &kuMissingSignatureOrEncipherment{} },
	}, certlint.OpsMgr{
		Event:           eventKeyUsage,
		RelatedEvents:   afterLoad(),
		EventSource:     events.URLFieldScript,
		EventConfidence: events.ConfidenceInferred,
		Fix:             fix,
		FixRemote:       fixRemote,
	})
}

func (l *kuMissingSignatureOrEncipherment) CheckApplies(c *x509.Certificate) bool {
	return util.IsExtInCert(c, util.KeyUsageOID)
}

func (l *kuMissingSignatureOrEncipherment) Execute(c *x509.Certificate) *lint.LintResult {
	if c.KeyUsage&kuOpsMgr == kuOpsMgr {
		return newPass()
	}
	var missing []string
	for _, b := range []struct {
		bit  x509.KeyUsage
		name string
	}{{x509.KeyUsageDigitalSignature, "digitalSignature"}, {x509.KeyUsageKeyEncipherment, "keyEncipherment"}} {
		if c.KeyUsage&b.bit == 0 {
			missing = append(missing, b.name)
		}
	}
	has := keyUsageNames(c.KeyUsage)
	desc := "no usage"
	if len(has) > 0 {
		desc = strings.Join(has, ", ")
	}
	return result(lint.Error, "key usage has %s but not %s (OpsMgr needs digitalSignature and keyEncipherment, 0xA0)", desc, strings.Join(missing, " nor "))
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
