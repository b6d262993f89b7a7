package fix

import (
	"strings"

	"github.com/zmap/zlint/v3/lint"

	"github.com/certlint/certlint/certlint"
)

// What rewrapping can change: the provider, key specification and key set
// the PFX names, the CA certificates it carries, its friendly name and
// encryption. Everything else is in the certificate, which its CA signed:
// changing any of it means a new certificate. The reasons below say so per
// lint, in the words of Microsoft's "Obtain a certificate for use with
// Windows Servers and System Center Operations Manager" (Microsoft Learn).
const newCertificate = " Rewrapping cannot change a signed certificate: request a new certificate from the OpsMgr certificate template " +
	"(RSA 2048 bits or more, Server and Client Authentication, the computer's FQDN as CN and DNS name, a legacy CSP), " +
	"import it and run MOMCertImport again."

const chainDefect = "The defect is in a CA certificate of the chain, which its issuer signed: rewrapping cannot change it. " +
	"The CA must be fixed (a new CA certificate) or this certificate issued again under a valid chain."

var reasons = map[string]string{
	"e_opsmgr_eku_missing_server_or_client_auth":                "The extended key usage is part of the certificate." + newCertificate,
	"e_opsmgr_host_name_mismatch":                               "The names are part of the certificate; the certificate for this computer must name its FQDN." + newCertificate,
	"e_opsmgr_subject_or_issuer_unreadable":                     "The subject and issuer names are part of the certificate." + newCertificate,
	"e_opsmgr_remote_subject_or_issuer_unreadable":              "The subject and issuer names are part of the certificate." + newCertificate,
	"e_opsmgr_cert_expired":                                     "The validity period is part of the certificate: renew it." + newCertificate,
	"e_opsmgr_cert_not_yet_valid":                               "The validity period is part of the certificate; wait until it starts, or:" + newCertificate,
	"e_opsmgr_key_not_rsa":                                      "A legacy CryptoAPI CSP holds only RSA keys, and OpsMgr needs an RSA exchange key: the key type is fixed when the key is made." + newCertificate,
	"w_opsmgr_rsa_key_too_short":                                "The key length is fixed when the key is made." + newCertificate,
	"e_opsmgr_ku_missing_digital_signature_or_key_encipherment": "The key usage extension is part of the certificate." + newCertificate,
	"e_opsmgr_no_certificate":                                   "The PFX holds no certificate, and rewrapping cannot make one: export the certificate together with its private key.",
	"e_opsmgr_certificate_unparseable":                          "The certificate's encoding is broken, and it is signed as it is: rewrapping cannot repair it." + newCertificate,
	"e_opsmgr_private_key_missing":                              "The PFX has no private key, and rewrapping cannot make one. Export the certificate again with its private key from the computer that requested it (\"Yes, export the private key\"), or request a new certificate.",
	"e_opsmgr_private_key_mismatch":                             "The key in the PFX is not the certificate's own key. Find the PFX (or the computer) holding the certificate's key, or request a new certificate.",
	"e_opsmgr_private_key_unusable":                             "The private key cannot be read or fails its own consistency check; rewrapping carries the key as it is. Export it again from the computer holding it, or request a new certificate.",
	"e_opsmgr_chain_not_trusted": "Rewrapping adds only the CA certificates it is given: give the missing issuing CA certificates with --intermediates. " +
		"A root the verifying computer does not trust cannot be fixed in the PFX: import the root there into Trusted Root Certification Authorities, " +
		"and give certlint the roots it trusts with --roots.",
	"e_opsmgr_chain_bad_signature":              chainDefect,
	"e_opsmgr_chain_ca_eku_excludes_auth":       chainDefect,
	"e_opsmgr_chain_ca_outside_validity":        chainDefect,
	"e_opsmgr_chain_issuer_not_ca":              chainDefect,
	"e_opsmgr_chain_md5_md2_signature":          chainDefect,
	"e_opsmgr_chain_name_constraints":           chainDefect,
	"e_opsmgr_chain_path_length_exceeded":       chainDefect,
	"e_opsmgr_chain_unknown_critical_extension": chainDefect,
}

// reason says why rewrapping cannot fix a finding that is still in the
// rewrapped PFX, and what can.
func reason(r certlint.Result) string {
	if r.Status == lint.Fatal {
		return "The lint could not run to the end, so certlint cannot confirm the rewrapped PFX; nothing is written."
	}
	if s, ok := reasons[r.Lint.Name]; ok {
		return s
	}
	// A lint this table does not know: the rewrapping did not make it pass.
	s := "Rewrapping changes only the provider, key specification, key set, chain, friendly name and encryption, and the finding remains."
	if fix := strings.TrimSpace(r.Lint.Fix); fix != "" {
		s += " " + fix
	}
	return s
}
