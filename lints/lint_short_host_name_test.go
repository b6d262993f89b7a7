package lints

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

func TestShortHostName(t *testing.T) {
	testLint(t, "w_opsmgr_short_host_name", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_empty_subject.pfx", want: lint.Pass}, // the SAN is an FQDN
		{file: "warn_short_hostname.pfx", want: lint.Warn},
		{file: "ca/root.pem", cfg: remote, want: lint.NA}, // CA certificates are w_opsmgr_ca_certificate_as_leaf's
	})
}

// TestShortHostNameMessageBounded: a certificate of thousands of short
// names, one of them a kilobyte long, gets a message that quotes a few,
// each cut, and counts the rest.
func TestShortHostNameMessageBounded(t *testing.T) {
	names := []string{strings.Repeat("x", 1000)}
	for i := range 5000 {
		names = append(names, fmt.Sprintf("host%d", i))
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "agent01.contoso.test"}, DNSNames: names,
		NotBefore: fixtureAt.AddDate(-1, 0, 0), NotAfter: fixtureAt.AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := certlint.Load("many.der", der, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := runOne(t, "w_opsmgr_short_host_name", b, certlint.Config{Role: certlint.RoleRemote})
	if res.Status != lint.Warn || len(res.Details) > 1000 || !strings.Contains(res.Details, `"host0"`) ||
		!strings.Contains(res.Details, "and 4991 more") || !strings.Contains(res.Details, strings.Repeat("x", maxItemText)+`..."`) {
		t.Errorf("%v, %d bytes: %s", res.Status, len(res.Details), res.Details)
	}
}
