package lints

import (
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// certificateUnparseable: a certificate that neither Go's crypto/x509 nor
// zcrypto can parse (a validity time that is not a valid UTCTime or
// GeneralizedTime, RFC 5280 §4.1.2.5; an EC key without its named curve, RFC
// 5480 §2.1.1; DSA parameters left to be inherited from the issuer, RFC 3279
// §2.3.2; a malformed CRL distribution points or authority information
// access extension, RFC 5280 §4.2.1.13, §4.2.2.1) cannot be checked: every
// check of the certificate itself would be "not applicable", and the report
// would read as a pass. It is an error that says what is wrong. Windows
// decodes certificates with its own parser: it refuses such a certificate at
// import, or the connector cannot load it (event 21021, "no certificate
// could be loaded", after 21022 when none was ever registered), and either
// way it cannot authenticate (21007). A peer that receives it cannot read
// its subject or issuer (20076).
type certificateUnparseable struct{}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_certificate_unparseable",
		Description: "Neither Go's crypto/x509 nor zcrypto can parse the certificate, so none of its checks can run; the connector " +
			"cannot load a certificate that is not valid DER X.509 (event 21021)",
		Citation: "OpsMgr events 21021, 21022, 20076, 21007; " + citeKB10066 + "; RFC 5280 §4.1 (certificate fields), §4.2 (extensions); " +
			"RFC 5480 §2.1.1; RFC 3279 §2.3.2",
	}, certlint.OpsMgr{
		Event:           eventNoCertLoaded,
		RelatedEvents:   []int{eventNoCertConfigured, eventSubjectRemote, eventNoSecure, eventNoChannel},
		EventSource:     events.URLAgentConnectivity,
		EventConfidence: events.ConfidenceInferred,
		Fix: "Request a new certificate from a CA that issues RFC 5280 certificates (the OpsMgr template of an AD CS enterprise CA, or a request " +
			"with the settings of Microsoft's \"Obtain a certificate\" doc) and run MOMCertImport with it; certutil -dump <file> shows where " +
			"Windows' own parser stops.",
	}, func() certlint.BundleLintInterface { return &certificateUnparseable{} })
}

func (l *certificateUnparseable) CheckApplies(in *certlint.Input) bool {
	return in != nil && in.Bundle != nil && in.Leaf != nil
}

func (l *certificateUnparseable) Execute(in *certlint.Input) *lint.LintResult {
	c := in.Leaf
	if c.Parsed != nil || c.Std != nil {
		return pass()
	}
	return result(lint.Error, "the certificate cannot be parsed: %s", parseProblem(c))
}

// parseProblem says what is wrong with a certificate a parser refused: the
// rule it breaks in plain words, then what crypto/x509 and zcrypto said.
func parseProblem(c *cert.Certificate) string {
	var said []string
	var errs []string
	if c.StdErr != nil {
		errs = append(errs, c.StdErr.Error())
		said = append(said, "crypto/x509: "+brief(c.StdErr.Error()))
	}
	if c.ParseErr != nil {
		errs = append(errs, c.ParseErr.Error())
		said = append(said, "zcrypto: "+brief(c.ParseErr.Error()))
	}
	why := ""
	for _, e := range errs {
		if why = parseRule(e); why != "" {
			break
		}
	}
	if why == "" {
		why = "it is not valid DER X.509 (RFC 5280 §4.1)"
	}
	if len(said) == 0 {
		return why
	}
	return why + " (" + strings.Join(said, "; ") + ")"
}

// parseRules map what the parsers say to the rule a certificate breaks.
var parseRules = []struct{ match, rule string }{
	{"utctime", "a validity date is not a valid UTCTime (RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ, seconds included, in UTC)"},
	{"generalizedtime", "a validity date is not a valid GeneralizedTime (RFC 5280 §4.1.2.5.2: YYYYMMDDHHMMSSZ, seconds included, no fraction, in UTC)"},
	{"validity", "the validity period is malformed (RFC 5280 §4.1.2.5)"},
	{"time", "a validity date is malformed (RFC 5280 §4.1.2.5)"},
	{"ecdsa parameters", "the EC public key does not name its curve (RFC 5480 §2.1.1: namedCurve is the only form allowed)"},
	{"named curve", "the EC public key does not name a curve certlint knows (RFC 5480 §2.1.1)"},
	{"dsa parameters", "the DSA public key has no domain parameters, or broken ones (RFC 3279 §2.3.2; parameters inherited from the issuer cannot be used on their own)"},
	{"crl distribution", "the CRL distribution points extension is malformed (RFC 5280 §4.2.1.13)"},
	{"authority info access", "the authority information access extension is malformed or marked critical (RFC 5280 §4.2.2.1: it must be non-critical)"},
	{"rdnsequence", "a distinguished name (subject or issuer) cannot be decoded (RFC 5280 §4.1.2.4)"},
	{"utf-8", "a name holds text that is not valid UTF-8 (RFC 5280 §4.1.2.4)"},
	{"duplicate extension", "an extension appears twice (RFC 5280 §4.2)"},
	{"basic constraints", "the basic constraints extension is malformed (RFC 5280 §4.2.1.9)"},
	{"key usage", "the key usage extension is malformed (RFC 5280 §4.2.1.3)"},
	{"subject alternative name", "the subject alternative name extension is malformed (RFC 5280 §4.2.1.6)"},
	{"serial", "the serial number is malformed (RFC 5280 §4.1.2.2)"},
	{"version", "the version is not v1, v2 or v3 (RFC 5280 §4.1.2.1)"},
	{"public key", "the subject public key is malformed (RFC 5280 §4.1.2.7)"},
	{"trailing data", "there are bytes after the end of the certificate's structure (X.690 DER)"},
}

func parseRule(msg string) string {
	m := strings.ToLower(msg)
	for _, r := range parseRules {
		if strings.Contains(m, r.match) {
			return r.rule
		}
	}
	return ""
}

// brief shortens a parser's message for one line: encoding/asn1 appends
// dumps of its internal field parameters that say nothing to a reader.
func brief(msg string) string {
	if i := strings.Index(msg, " ("); i > 0 && strings.Contains(msg[i:], "{") {
		msg = msg[:i]
	}
	if i := strings.Index(msg, " {"); i > 0 {
		msg = msg[:i]
	}
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return msg
}
