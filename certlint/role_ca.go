package certlint

// RoleCA: a CA certificate kept as trust material, a root or an
// intermediate that the computers trust or chain through, not a computer's
// own certificate. The rules Microsoft's "Obtain a certificate for use with
// Windows Servers and System Center Operations Manager"
// (learn.microsoft.com/system-center/scom/obtain-certificate-windows-server-and-operations-manager)
// sets for the computer's certificate (subject = FQDN, Server and Client
// Authentication EKUs, key encipherment, an RSA key exchange key in a legacy
// CSP) are not its rules; what Windows' chain engine checks on every
// certificate of a chain (validity, signatures, key size, the CA profile of
// RFC 5280 4.2.1.9, the path to a trusted root) is.
const RoleCA Role = "ca"

// caRule says whether a lint applies to a certificate linted as RoleCA: never
// when applies is nil, else as applies decides for the input.
type caRule struct {
	applies func(*Input) bool
}

// caRules holds the declarations of SetCAApplicability (guarded by
// registryMu).
var caRules = map[string]caRule{}

// SetCAApplicability declares whether the lint named applies when a CA
// certificate is linted as trust material (Config.Role RoleCA): never when
// applies is nil, else when applies returns true for the input. A lint with
// no declaration runs for RoleCA as for any other role (a spurious finding
// is better than a missed one). Lint packages call it from init, beside
// their registrations.
func SetCAApplicability(name string, applies func(*Input) bool) {
	registryMu.Lock()
	defer registryMu.Unlock()
	caRules[name] = caRule{applies: applies}
}

// CAApplicabilityDeclared reports whether SetCAApplicability was called for
// the lint named.
func CAApplicabilityDeclared(name string) bool {
	registryMu.RLock()
	defer registryMu.RUnlock()
	_, ok := caRules[name]
	return ok
}

// appliesToCA reports whether l runs on in, a certificate linted as RoleCA.
func (l *Lint) appliesToCA(in *Input) bool {
	registryMu.RLock()
	r, declared := caRules[l.Name]
	registryMu.RUnlock()
	switch {
	case !declared:
		return true
	case r.applies == nil:
		return false
	}
	return r.applies(in)
}
