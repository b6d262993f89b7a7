package lints

import (
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/zmap/zlint/v3/lint"
)

func TestCertificateUnparseable(t *testing.T) {
	testLint(t, "e_opsmgr_certificate_unparseable", []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "good_agent.cer", cfg: remote, want: lint.Pass},
		{file: noLeaf, want: lint.NA},
		// Neither crypto/x509 nor zcrypto reads these (RFC 5280 §4.1.2.5
		// time; RFC 5480 §2.1.1 curve; RFC 5280 §4.1.2.4 name).
		{file: "corpus:malformed/pyca/badasn1time.pem|", want: lint.Error},
		{file: "corpus:malformed/pyca/ec_no_named_curve.pem|", cfg: remote, want: lint.Error},
		{file: "corpus:malformed/pyca/invalid_utf8_common_name.pem|", want: lint.Error},
		// Go refuses it but zcrypto reads it: the other lints check it.
		{file: "corpus:malformed/pyca/v1_cert.pem|", want: lint.Pass},
	})
}

// Each message names the rule the certificate breaks.
func TestCertificateUnparseableSaysWhy(t *testing.T) {
	for file, want := range map[string]string{
		"malformed/pyca/badasn1time.pem":              "UTCTime (RFC 5280 §4.1.2.5.1",
		"malformed/pyca/ec_no_named_curve.pem":        "does not name its curve (RFC 5480 §2.1.1",
		"malformed/pyca/invalid_utf8_common_name.pem": "RFC 5280 §4.1.2.4",
	} {
		res := runOne(t, "e_opsmgr_certificate_unparseable", loadCorpus(t, file, ""), local)
		if res.Status != lint.Error || !strings.Contains(res.Details, want) {
			t.Errorf("%s: %v %q, want an error naming %q", file, res.Status, res.Details, want)
		}
	}
}

func TestParseRule(t *testing.T) {
	for msg, want := range map[string]string{
		"x509: malformed GeneralizedTime":                         "GeneralizedTime (RFC 5280 §4.1.2.5.2",
		"x509: invalid ECDSA parameters":                          "RFC 5480",
		"x509: invalid DSA parameters":                            "RFC 3279 §2.3.2",
		"x509: invalid CRL distribution points":                   "RFC 5280 §4.2.1.13",
		"x509: authority info access incorrectly marked critical": "RFC 5280 §4.2.2.1",
		"asn1: something else entirely":                           "",
	} {
		if got := parseRule(msg); (want == "" && got != "") || !strings.Contains(got, want) {
			t.Errorf("parseRule(%q) = %q, want it to name %q", msg, got, want)
		}
	}
	c := &cert.Certificate{}
	if got := parseProblem(c); !strings.Contains(got, "not valid DER X.509") {
		t.Errorf("parseProblem with no parser message = %q", got)
	}
}
