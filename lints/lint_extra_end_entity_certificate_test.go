package lints

import (
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

func TestExtraEndEntityCertificate(t *testing.T) {
	testLint(t, "w_opsmgr_extra_end_entity_certificate", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},         // leaf, intermediate, root
		{file: "chain.p7b", cfg: remote, want: lint.Pass}, // the same chain, no key
		{file: "fail_unknown_root.pfx", want: lint.Pass},
		{file: "good_agent.cer", cfg: remote, want: lint.NA},
		{file: noLeaf, want: lint.NA},
		// Python cryptography's PFX: the key's certificate plus an unrelated
		// end-entity certificate (www.cryptography.io).
		{file: "corpus:pkcs12/pyca/name-1-pwd.p12|password", want: lint.Warn},
	})
}

// twoAgents issues this computer's certificate (whose key goes into the
// PFX), its expired predecessor with the same subject, and another
// computer's certificate, all under one CA.
func twoAgents(t *testing.T) (ca, agent, old, other *testpki.Cert) {
	pki := testpki.PKI{Org: "certlint extra EE test", RSALeaves: true}
	ca = pki.CA(t, "Issuing CA", nil)
	agent = pki.Leaf(t, "agent01.contoso.test", ca)
	old = pki.Leaf(t, "agent01.contoso.test", ca, testpki.Key(testpki.NewKey(t)),
		testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	other = pki.Leaf(t, "agent02.contoso.test", ca, testpki.Key(testpki.NewKey(t)))
	return ca, agent, old, other
}

// A PFX with one key: the key's certificate is the leaf, and every other
// end-entity certificate is named (by position, subject and thumbprint), the
// one with the leaf's subject marked as such.
func TestExtraEndEntityCertificateInPFX(t *testing.T) {
	ca, agent, old, other := twoAgents(t)
	pfx, err := pkcs12.Modern.Encode(agent.Key, agent.X, []*x509.Certificate{old.X, ca.X, other.X}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	b, err := certlint.Load("agent.pfx", pfx, &certlint.LoadOptions{Password: func() (string, error) { return "pw", nil }})
	if err != nil {
		t.Fatal(err)
	}
	if b.Leaf.Std == nil || !b.Leaf.Std.Equal(agent.X) {
		t.Fatalf("leaf %s, want the key's certificate", b.LeafReason)
	}
	if parts := b.Split(); len(parts) != 1 || parts[0] != b {
		t.Fatalf("a PFX with a key is about its key's certificate; Split made %d bundles", len(parts))
	}
	res := runOne(t, "w_opsmgr_extra_end_entity_certificate", b, local)
	if res.Status != lint.Warn {
		t.Fatalf("status %v (%s), want warn", res.Status, res.Details)
	}
	oldInfo, otherInfo := cert.Describe(&cert.Certificate{Raw: old.DER}), cert.Describe(&cert.Certificate{Raw: other.DER})
	for _, want := range []string{
		"2 other end-entity certificates",
		oldInfo.SHA1 + ") (same subject as the leaf)",
		"agent02.contoso.test",
		otherInfo.SHA1,
		"Personal store",
	} {
		if !strings.Contains(res.Details, want) {
			t.Errorf("details lack %q: %s", want, res.Details)
		}
	}
	if strings.Contains(res.Details, ca.X.Subject.CommonName) {
		t.Errorf("the CA is named as an end-entity certificate: %s", res.Details)
	}
}

// Run on a key-less bundle of several computers' certificates as a whole
// (not split), the lint names the certificates that were not linted.
func TestExtraEndEntityCertificateUnsplit(t *testing.T) {
	ca, agent, old, other := twoAgents(t)
	var data []byte
	for _, c := range []*testpki.Cert{agent, ca, old, other} {
		data = append(data, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.DER})...)
	}
	b, err := certlint.Load("agents.pem", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.EndEntities()); n != 3 {
		t.Fatalf("%d end-entity certificates, want 3", n)
	}
	res := runOne(t, "w_opsmgr_extra_end_entity_certificate", b, remote)
	if res.Status != lint.Warn || !strings.Contains(res.Details, "only certificate #1") || !strings.Contains(res.Details, "certificate #3") || !strings.Contains(res.Details, "certificate #4") {
		t.Fatalf("%v: %s", res.Status, res.Details)
	}
	// Each part Split makes is about one certificate: nothing left over.
	for _, part := range b.Split() {
		if res := runOne(t, "w_opsmgr_extra_end_entity_certificate", part, remote); res.Status != lint.Pass {
			t.Errorf("part %d: %v %s", part.Part, res.Status, res.Details)
		}
	}
}
