package lints

import (
	"bytes"

	"github.com/certlint/certlint/certlint"
)

// caApplicability says, for every lint of this package, whether it applies
// to a CA certificate linted as trust material (role ca: a root or an
// intermediate the computers trust or chain through, not a computer's own
// certificate).
//
// Microsoft's "Obtain a certificate" doc sets its rules for the computer's
// certificate: subject = FQDN, Server and Client Authentication EKUs, key
// encipherment, an RSA key exchange key in a legacy CSP, the private key
// present. None of them is a rule for a CA certificate (RFC 5280 4.2.1.9,
// 4.2.1.12: a CA needs no EKU, signs with keyCertSign). What does apply to a
// CA is what Windows' chain engine (CertGetCertificateChain) checks on every
// certificate of a chain: the validity period (an expired root or issuing CA
// breaks every certificate under it), the signature, the key size, the CA
// profile and the path to a trusted root.
var caApplicability = map[string]func(*certlint.Input) bool{
	// The computer-certificate rules: never for a CA.
	"w_opsmgr_ca_certificate_as_leaf":                           nil,
	"e_opsmgr_eku_missing_server_or_client_auth":                nil,
	"e_opsmgr_host_name_mismatch":                               nil,
	"e_opsmgr_key_not_rsa":                                      nil,
	"e_opsmgr_ku_missing_digital_signature_or_key_encipherment": nil,
	"w_opsmgr_extra_end_entity_certificate":                     nil,
	"e_opsmgr_pfx_key_in_cng_ksp":                               nil,
	"w_opsmgr_pfx_key_provider_unrecognized":                    nil,
	"e_opsmgr_pfx_key_spec_signature":                           nil,
	"e_opsmgr_private_key_mismatch":                             nil,
	"e_opsmgr_private_key_missing":                              nil,
	"e_opsmgr_private_key_unusable":                             nil,
	"e_opsmgr_subject_or_issuer_unreadable":                     nil,
	"e_opsmgr_remote_subject_or_issuer_unreadable":              nil,
	"w_opsmgr_short_host_name":                                  nil,

	// What certlint could not check, or found nothing to check in: never
	// a silent pass, whatever the role.
	"e_opsmgr_no_certificate":                always,
	"e_opsmgr_certificate_unparseable":       always,
	"w_opsmgr_certificate_not_fully_checked": always,

	// Validity and key strength: for every certificate of a chain.
	"e_opsmgr_cert_expired":       always,
	"w_opsmgr_cert_expiring_soon": always,
	"e_opsmgr_cert_not_yet_valid": always,
	"w_opsmgr_rsa_key_too_short":  always,
	// A trust anchor's own signature is never checked (RFC 5280 6.1.1 (d)):
	// a SHA-1 self-signed root is harmless, a SHA-1 issuing CA is not.
	"w_opsmgr_weak_signature_algorithm": notSelfIssued,

	// The chain from the CA certificate to a trusted root.
	"e_opsmgr_chain_bad_signature":        always,
	"e_opsmgr_chain_ca_eku_excludes_auth": always,
	"e_opsmgr_chain_ca_outside_validity":  always,
	"e_opsmgr_chain_key_unsupported":      always,

	// The RFC 5280 profile of every certificate of the chain, the CA's own
	// included: each finding says whether Windows' chain engine accepts it.
	"w_opsmgr_chain_cert_not_v3":                  always,
	"w_opsmgr_chain_cert_unparsable":              always,
	"w_opsmgr_chain_duplicate_extension":          always,
	"w_opsmgr_chain_eku_profile":                  always,
	"w_opsmgr_chain_empty_name":                   always,
	"w_opsmgr_chain_extension_criticality":        always,
	"w_opsmgr_chain_key_identifier":               always,
	"w_opsmgr_chain_key_usage_basic_constraints":  always,
	"w_opsmgr_chain_name_encoding":                always,
	"w_opsmgr_chain_public_key":                   always,
	"w_opsmgr_chain_root_md5_self_signature":      always,
	"w_opsmgr_chain_serial_number":                always,
	"w_opsmgr_chain_signature_algorithm_mismatch": always,
	"e_opsmgr_chain_issuer_not_ca":                always,
	"e_opsmgr_chain_md5_md2_signature":            always,
	"e_opsmgr_chain_name_constraints":             always,
	"e_opsmgr_chain_not_trusted":                  always,
	"e_opsmgr_chain_path_length_exceeded":         always,
	"e_opsmgr_chain_unknown_critical_extension":   always,
}

func always(*certlint.Input) bool { return true }

// notSelfIssued: the certificate's issuer is not its own subject.
func notSelfIssued(in *certlint.Input) bool {
	c := leaf(in)
	return c == nil || !bytes.Equal(c.RawSubject, c.RawIssuer)
}

func init() {
	for name, applies := range caApplicability {
		certlint.SetCAApplicability(name, applies)
	}
}
