package lints

import (
	"bytes"
	"encoding/asn1"
	"sort"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

// TestEveryLintDeclaresCA: a lint added without saying whether it applies to
// a CA certificate linted as trust material would run on roots and issuing
// CAs as if they were computer certificates.
func TestEveryLintDeclaresCA(t *testing.T) {
	for _, l := range certlint.Lints() {
		if !certlint.CAApplicabilityDeclared(l.Name) {
			t.Errorf("%s: add it to caApplicability (does it apply to a CA certificate linted as trust material?)", l.Name)
		}
	}
	for name := range caApplicability {
		if certlint.LintByName(name) == nil {
			t.Errorf("caApplicability names %s, which is not a registered lint", name)
		}
	}
}

// caRun lints der (one certificate, DER) with every lint, in the role given,
// with the chain built against roots and intermediates, and returns the
// status of each lint by name.
func caRun(t *testing.T, der []byte, role certlint.Role, roots, inters []*testpki.Cert) map[string]certlint.Result {
	t.Helper()
	b, err := certlint.LoadReader("ca.cer", bytes.NewReader(der), &certlint.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := &chain.Store{}
	for _, c := range roots {
		ts.Roots = append(ts.Roots, certFrom(c))
	}
	for _, c := range inters {
		ts.Intermediates = append(ts.Intermediates, certFrom(c))
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{Role: role, At: fixtureAt, Trust: ts}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Role != role {
		t.Errorf("report role %q, want %q", rep.Role, role)
	}
	out := map[string]certlint.Result{}
	for _, r := range rep.Results {
		out[r.Lint.Name] = r
	}
	return out
}

func certFrom(c *testpki.Cert) *cert.Certificate {
	return &cert.Certificate{Raw: c.DER, Parsed: c.Z, Std: c.X}
}

// findingsOf lists the lints that found something.
func findingsOf(res map[string]certlint.Result) []string {
	var out []string
	for name, r := range res {
		if r.Status >= lint.Notice {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestRoleCA: a root and an issuing CA linted as trust material get none of
// the computer-certificate findings they get as role local (the 20050, 20069
// and 21036 a root in a PKI repository used to raise), and still get what
// Windows checks on a CA: validity, the chain, the CA profile, a weak
// signature on a CA whose signature is checked.
func TestRoleCA(t *testing.T) {
	pki := testpki.PKI{Org: "certlint roles"}
	rootKey := testpki.NewRSAKey(t)
	root := pki.CA(t, "Roles Root", nil, testpki.Key(rootKey))
	issuing := pki.CA(t, "Roles Issuing", root, testpki.Key(testpki.NewRSAKey(t)))

	policyConstrained := pki.CA(t, "Roles Policy", root, testpki.Extension(asn1.ObjectIdentifier{2, 5, 29, 36}, false, []byte{0x30, 0x03, 0x80, 0x01, 0x00}))
	// The profile lints cover every certificate of the chain, the leaf's own
	// included, in every role.
	if r := caRun(t, policyConstrained.DER, certlint.RoleLocal, []*testpki.Cert{root}, nil)["w_opsmgr_chain_extension_criticality"]; r.Status != lint.Warn {
		t.Errorf("role local: w_opsmgr_chain_extension_criticality on the leaf's own profile is %v, want warn", r.Status)
	}

	local := caRun(t, root.DER, certlint.RoleLocal, []*testpki.Cert{root}, nil)
	for _, name := range []string{"w_opsmgr_ca_certificate_as_leaf", "e_opsmgr_eku_missing_server_or_client_auth", "e_opsmgr_private_key_missing"} {
		if local[name].Status < lint.Notice {
			t.Errorf("root as role local: %s is %v, want a finding (the test PKI must show the old behaviour)", name, local[name].Status)
		}
	}
	for _, c := range []struct {
		name   string
		der    []byte
		roots  []*testpki.Cert
		inters []*testpki.Cert
		want   []string
	}{
		{"root", root.DER, []*testpki.Cert{root}, nil, nil},
		{"issuing", issuing.DER, []*testpki.Cert{root}, nil, nil},
		{"issuing without its root", issuing.DER, nil, nil, []string{"e_opsmgr_chain_not_trusted"}},
		{"expired issuing", pki.CA(t, "Roles Old", root, testpki.Validity(fixtureAt.AddDate(-5, 0, 0), fixtureAt.AddDate(0, 0, -1))).DER,
			[]*testpki.Cert{root}, nil, []string{"e_opsmgr_cert_expired"}},
		{"issuing expiring in 10 days", pki.CA(t, "Roles Soon", root, testpki.Validity(fixtureAt.AddDate(-5, 0, 0), fixtureAt.AddDate(0, 0, 10))).DER,
			[]*testpki.Cert{root}, nil, []string{"w_opsmgr_cert_expiring_soon"}},
		// Its own profile: a policyConstraints extension not marked critical
		// (RFC 5280 4.2.1.11).
		{"issuing with non-critical policyConstraints", policyConstrained.DER, []*testpki.Cert{root}, nil, []string{"w_opsmgr_chain_extension_criticality"}},
		// A trust anchor's own MD5 signature is harmless to Windows (RFC 5280
		// 6.1.1 (d)): a profile warning only, not the weak-signature lint; an
		// issuing CA's MD5 signature breaks the chain.
		{"MD5 self-signed root", testpki.ResignMD5(t, root, rootKey).DER, []*testpki.Cert{testpki.ResignMD5(t, root, rootKey)}, nil, []string{"w_opsmgr_chain_root_md5_self_signature"}},
		{"MD5-signed issuing", testpki.ResignMD5(t, issuing, rootKey).DER, []*testpki.Cert{root}, nil,
			[]string{"e_opsmgr_chain_md5_md2_signature", "w_opsmgr_weak_signature_algorithm"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := caRun(t, c.der, certlint.RoleCA, c.roots, c.inters)
			got := findingsOf(res)
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				for _, n := range got {
					t.Logf("%s: %s", n, res[n].Details)
				}
				t.Errorf("findings %v, want %v", got, c.want)
			}
			for name, r := range res {
				if caApplicability[name] == nil && r.Status != lint.NA {
					t.Errorf("%s is %v on a CA, want NA", name, r.Status)
				}
			}
		})
	}
}
