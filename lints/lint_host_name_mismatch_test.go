package lints

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"net"
	"strings"
	"testing"

	zx509 "github.com/zmap/zcrypto/x509"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/zmap/zlint/v3/lint"
)

func TestHostNameMismatch(t *testing.T) {
	host := func(h string) certlint.Config { return certlint.Config{Host: h} }
	testLint(t, "e_opsmgr_host_name_mismatch", []lintCase{
		{file: "good_agent.pfx", cfg: host("agent01.contoso.test"), want: lint.Pass},
		{file: "good_agent.pfx", cfg: host("AGENT01.Contoso.Test."), want: lint.Pass},        // case and trailing dot
		{file: "fail_empty_subject.pfx", cfg: host("agent01.contoso.test"), want: lint.Pass}, // named by its DNS SAN
		{file: "good_ms.pfx", cfg: certlint.Config{Role: certlint.RoleRemote, Host: "ms01.contoso.test"}, want: lint.Pass},
		{file: "fail_wrong_host.pfx", cfg: host("agent01.contoso.test"), want: lint.Error},
		{file: "good_agent.pfx", cfg: host("agent01"), want: lint.Error}, // a short name does not match the FQDN
		{file: "warn_short_hostname.pfx", cfg: host("agent01.contoso.test"), want: lint.Error},
		{file: "fail_wrong_host.pfx", want: lint.NA}, // no --host
		{file: noLeaf, cfg: host("agent01.contoso.test"), want: lint.NA},
	})
}

func TestNormHost(t *testing.T) {
	for in, want := range map[string]string{
		"Agent01.Contoso.TEST.": "agent01.contoso.test",
		" agent01.contoso.test": "agent01.contoso.test",
		"*.contoso.test":        "*.contoso.test",
		"":                      "",
		".":                     "",
	} {
		if got := normHost(in); got != want {
			t.Errorf("normHost(%q) = %q, want %q", in, got, want)
		}
	}
}

// nameCert builds a certificate with the given subject CNs (in order), DNS
// SANs (in order) and IP SANs, as a bundle for the lint. No fixture has
// these name layouts, so they are made here.
func nameCert(t *testing.T, cns, dns []string, ips ...net.IP) *certlint.Bundle {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var subject pkix.Name
	for _, cn := range cns {
		subject.ExtraNames = append(subject.ExtraNames, pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: cn})
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      subject,
		DNSNames:     dns,
		IPAddresses:  ips,
		NotBefore:    fixtureAt.AddDate(-1, 0, 0),
		NotAfter:     fixtureAt.AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	zc, err := zx509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &certlint.Bundle{Name: "names", Format: certlint.FormatDER, Leaf: &cert.Certificate{Raw: der, Parsed: zc}}
}

// A wildcard certificate does not name the host (documented choice, see
// hostNameMismatch); its message says why.
func TestHostNameMismatchWildcard(t *testing.T) {
	b := nameCert(t, []string{"*.contoso.test"}, []string{"*.contoso.test"})
	res := runOne(t, "e_opsmgr_host_name_mismatch", b, certlint.Config{Role: certlint.RoleRemote, Host: "agent01.contoso.test"})
	if res.Status != lint.Error || !strings.Contains(res.Details, "wildcard") {
		t.Errorf("wildcard: %v %q, want an error naming the wildcard", res.Status, res.Details)
	}
}

// The first-name rule (CertGetNameString CERT_NAME_DNS_TYPE): OpsMgr reads
// the first DNS SAN when there is one, else the subject CN. A matching name
// later in the SAN does not help; a CN that differs does not matter when the
// first DNS SAN is right; IP SANs are not DNS names.
func TestHostNameMismatchFirstName(t *testing.T) {
	const host = "agent01.contoso.test"
	for _, tc := range []struct {
		name     string
		cns, dns []string
		ips      []net.IP
		want     lint.LintStatus
		details  []string
	}{
		{"later SAN matches, first does not", []string{host}, []string{"agent01", host}, nil, lint.Error,
			[]string{`first DNS name of the Subject Alternative Name, "agent01"`, `"agent01.contoso.test" is only DNS name #2`, "put it first"}},
		{"alias first, CN right", []string{host}, []string{"www.contoso.test", "lb.contoso.test", host}, nil, lint.Error,
			[]string{`"www.contoso.test"`, "#3"}},
		{"first SAN matches", []string{host}, []string{host, "agent01"}, nil, lint.Pass, nil},
		{"first SAN matches, CN is another name", []string{"web01.contoso.test"}, []string{host}, nil, lint.Pass, nil},
		{"no SAN: the CN", []string{host}, nil, nil, lint.Pass, nil},
		{"no SAN: another CN", []string{"web01.contoso.test"}, nil, nil, lint.Error, []string{`reads the subject CN, "web01.contoso.test"`}},
		{"IP SAN only: the CN", []string{host}, nil, []net.IP{net.ParseIP("192.0.2.10")}, lint.Pass, nil},
		{"IP SAN before the DNS SAN", nil, []string{host}, []net.IP{net.ParseIP("192.0.2.10")}, lint.Pass, nil},
		{"two CNs, no SAN, one is short", []string{host, "agent01"}, nil, nil, lint.Error, []string{"2 common names", `"agent01" not`}},
		{"two CNs, no SAN, both right", []string{host, "AGENT01.contoso.test."}, nil, nil, lint.Pass, nil},
		{"no name at all", nil, nil, []net.IP{net.ParseIP("192.0.2.10")}, lint.Error, []string{"no DNS name in its SAN and no subject CN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := nameCert(t, tc.cns, tc.dns, tc.ips...)
			for _, role := range []certlint.Role{certlint.RoleLocal, certlint.RoleRemote} {
				res := runOne(t, "e_opsmgr_host_name_mismatch", b, certlint.Config{Role: role, Host: host})
				if res.Status != tc.want {
					t.Fatalf("role %s: %v %q, want %v", role, res.Status, res.Details, tc.want)
				}
				for _, d := range tc.details {
					if !strings.Contains(res.Details, d) {
						t.Errorf("role %s: details %q lack %q", role, res.Details, d)
					}
				}
			}
		})
	}
}
