package machine

import (
	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// The machine lints judge the computer's state around the certificate: what
// the registry names, what LocalMachine\My holds, what the store says about
// the key. They are not in certlint's registry, because a file holds none of
// that state; Check and Candidates report them beside the registered lints,
// and Lints lists them.

// Citations.
const (
	citeObtain = `Microsoft Learn, "Obtain a certificate for use with Windows Servers and System Center Operations Manager" ` +
		`(https://learn.microsoft.com/en-us/system-center/scom/obtain-certificate-windows-server-and-operations-manager)`
	citeConnectivity = `Microsoft Learn, "Troubleshoot agent connectivity issues in Operations Manager" ` +
		`(https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/troubleshoot-agent-connectivity-issues)`
	citeKeyProvInfo = `Microsoft Learn, CRYPT_KEY_PROV_INFO structure (wincrypt.h) ` +
		`(https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/ns-wincrypt-crypt_key_prov_info)`
	citeStores = `Microsoft Learn, System Store Locations ` +
		`(https://learn.microsoft.com/en-us/windows/win32/seccrypto/system-store-locations)`
	citeFieldScript = `Test-SCOMCertificate.ps1, a field script that checks OpsMgr certificates ` +
		`(https://github.com/blakedrumm/SCOM-Scripts-and-SQL)`
)

// OpsMgr connector events the machine lints name.
const (
	eventUnusableKey   = 20068
	eventKeySpec       = 20069
	eventNotFound      = 20066
	eventNotTrusted    = 20072
	eventExpired       = 20051
	eventNoneSpecified = 21022
)

// Fixes shared by several lints.
const (
	fixRunMOMCertImport = `Register the certificate with MOMCertImport.exe /SubjectName <computer FQDN> (from \SupportTools\AMD64 on the ` +
		"installation media; `certlint machine --candidates` lists the certificates it could register, best first), then Restart-Service HealthService."
	fixReimportCSP = `Re-import the PFX as an exchange key in a legacy CryptoAPI CSP, into the computer's key set, from an elevated prompt: ` +
		`certutil -f -csp "Microsoft Enhanced RSA and AES Cryptographic Provider" -importPFX My <file.pfx> AT_KEYEXCHANGE, ` +
		"then run MOMCertImport again and restart HealthService."
)

func machineLint(name, description, citation string, m certlint.OpsMgr) *certlint.Lint {
	return &certlint.Lint{
		LintMetadata: lint.LintMetadata{
			Name:        name,
			Description: description,
			Citation:    citation,
			Source:      certlint.SourceOpsMgr,
		},
		OpsMgr: m,
		Bundle: func() certlint.BundleLintInterface { return stateOnly{} },
	}
}

// stateOnly is the bundle interface of a machine lint: a bundle alone never
// holds the computer state it judges, so run on a bundle it does not apply.
type stateOnly struct{}

func (stateOnly) CheckApplies(*certlint.Input) bool        { return false }
func (stateOnly) Execute(*certlint.Input) *lint.LintResult { return &lint.LintResult{Status: lint.NA} }

var (
	lintNoneRegistered = machineLint("e_opsmgr_machine_no_certificate_registered",
		"No certificate is registered for OpsMgr certificate authentication: "+ValueSerial+" is absent from "+SettingsPath+
			", so the connector logs event 21022 and cannot authenticate with a certificate",
		"OpsMgr event 21022; "+citeObtain+"; "+citeConnectivity,
		certlint.OpsMgr{Event: eventNoneSpecified, Fix: fixRunMOMCertImport})

	lintNotFound = machineLint("e_opsmgr_machine_registered_certificate_not_found",
		"The serial number "+ValueSerial+" names (bytes reversed) must be that of a certificate in LocalMachine\\My; "+
			"otherwise the connector logs event 20066 (typically after a renewal or auto-enrollment without re-running MOMCertImport)",
		"OpsMgr event 20066; "+citeObtain+"; "+citeConnectivity,
		certlint.OpsMgr{Event: eventNotFound, Fix: fixRunMOMCertImport + " MOMCertImport writes the serial number the right way round."})

	lintSerialAmbiguous = machineLint("w_opsmgr_machine_registered_serial_ambiguous",
		"Several certificates in LocalMachine\\My have the serial number "+ValueSerial+" names (different issuers); "+
			"which one the connector loads is not defined",
		citeObtain+"; RFC 5280 4.1.2.2 (a serial number is unique per issuer only)",
		certlint.OpsMgr{RelatedEvents: []int{eventNotFound}, Fix: "Remove the certificates OpsMgr must not use from LocalMachine\\My (certlm.msc > Personal), then run MOMCertImport again."})

	lintHashMismatch = machineLint("w_opsmgr_machine_certificate_hash_mismatch",
		ValueHash+" names another certificate than "+ValueSerial+": the registration is half updated",
		citeObtain,
		certlint.OpsMgr{RelatedEvents: []int{eventNotFound}, Fix: fixRunMOMCertImport})

	lintDuplicateSubject = machineLint("w_opsmgr_machine_duplicate_subject",
		"No other certificate in LocalMachine\\My should have the subject of the registered certificate: with several, "+
			"MOMCertImport /SubjectName, a renewal or a clean-up can pick the wrong one",
		citeFieldScript+"; "+citeObtain,
		certlint.OpsMgr{Fix: "Delete the certificates OpsMgr does not use from LocalMachine\\My (certlm.msc > Personal > Certificates), keep the registered one, and run MOMCertImport again if you keep another."})

	lintRenewalNotRegistered = machineLint("w_opsmgr_machine_renewal_not_registered",
		"LocalMachine\\My holds a newer valid certificate for this computer, with a private key, than the registered one: "+
			"a renewal or auto-enrollment that MOMCertImport was not run for; when the registered one expires the connector logs 20051, "+
			"and if it is deleted 20066",
		"OpsMgr events 20066, 20051; "+citeObtain+"; "+citeConnectivity,
		certlint.OpsMgr{RelatedEvents: []int{eventNotFound, eventExpired}, Fix: fixRunMOMCertImport})

	lintRootOnlyInUser = machineLint("w_opsmgr_machine_root_only_in_current_user",
		"The root CA of the certificate's chain is in the current user's Trusted Root store but not the computer's "+
			"(LocalMachine\\Root): the HealthService runs as Local System and does not see it, so it rejects its peers' "+
			"certificates from that CA (event 20072)",
		"OpsMgr event 20072; "+citeObtain+"; "+citeStores,
		certlint.OpsMgr{RelatedEvents: []int{eventNotTrusted}, Fix: "Import the root CA certificate into the computer's store from an elevated prompt: " +
			"certutil -addstore Root <root.cer> (certlm.msc > Trusted Root Certification Authorities), and remove it from the user's store if it does not belong there."})

	lintKeyInKSP = machineLint("e_opsmgr_machine_key_in_cng_ksp",
		"The certificate's private key is held by a CNG key storage provider (KeySpec 0); OpsMgr supports only keys in a "+
			"legacy CryptoAPI CSP as AT_KEYEXCHANGE and the connector logs event 20069",
		"OpsMgr event 20069; "+citeObtain+"; "+citeKeyProvInfo,
		certlint.OpsMgr{Event: eventKeySpec, Fix: fixReimportCSP + ` In an AD CS template, choose "Legacy Cryptographic Service Provider" as the provider category.`})

	lintKeySpec = machineLint("e_opsmgr_machine_key_spec_not_exchange",
		"The certificate's private key must be a key exchange key (KeySpec 1, AT_KEYEXCHANGE) in a CSP that holds RSA "+
			"exchange keys; a signature key (AT_SIGNATURE) makes the connector log event 20069",
		"OpsMgr event 20069; "+citeObtain+"; "+citeKeyProvInfo,
		certlint.OpsMgr{Event: eventKeySpec, Fix: fixReimportCSP})

	lintUserKeySet = machineLint("e_opsmgr_machine_key_in_user_profile",
		"The certificate's private key is in a user's key set, not the computer's (no CRYPT_MACHINE_KEYSET): the "+
			"HealthService runs as Local System and cannot open it, and the connector logs event 20068",
		"OpsMgr event 20068; "+citeObtain+"; "+citeKeyProvInfo,
		certlint.OpsMgr{Event: eventUnusableKey, Fix: "Export the certificate with its key from the user's store and import the PFX into the computer's store " +
			"(Import-PfxCertificate -CertStoreLocation Cert:\\LocalMachine\\My, or certutil -importPFX My <file.pfx> AT_KEYEXCHANGE), then run MOMCertImport again."})

	lintKeyNotChecked = machineLint("e_opsmgr_machine_key_not_checked",
		"certlint could not open the certificate's private key to check it (access denied), so whether the HealthService "+
			"can use it is unknown (else event 20068)",
		"OpsMgr event 20068; "+citeKeyProvInfo,
		certlint.OpsMgr{RelatedEvents: []int{eventUnusableKey}, Fix: "Run certlint machine from an elevated prompt (Run as administrator): computer keys are readable by Administrators and Local System only."})
)

// machineLints lists every machine lint, sorted by name.
var machineLints = sortedLints(
	lintNoneRegistered, lintNotFound, lintSerialAmbiguous, lintHashMismatch, lintDuplicateSubject,
	lintRenewalNotRegistered, lintRootOnlyInUser, lintKeyInKSP, lintKeySpec, lintUserKeySet, lintKeyNotChecked,
)

// Lints returns the machine lints, sorted by name. They are not registered
// with certlint (no file holds what they check); Check and Candidates report
// them beside the registered lints.
func Lints() []*certlint.Lint { return append([]*certlint.Lint(nil), machineLints...) }

func sortedLints(ls ...*certlint.Lint) []*certlint.Lint {
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].Name < ls[j-1].Name; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
	return ls
}

func lintByName(name string) *certlint.Lint {
	for _, l := range machineLints {
		if l.Name == name {
			return l
		}
	}
	return nil
}
