package lints

import (
	"encoding/asn1"
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

// subjectOrIssuerUnreadable: the OpsMgr connector reads the subject and the
// issuer of the certificate (RFC 5280 4.1.2.4, 4.1.2.6). When the subject is
// empty (a certificate named only in its SAN), has no common name, has only
// a blank one, or when a name attribute cannot be decoded (e.g. a UTF8String
// holding invalid UTF-8), or when the issuer is empty or undecodable, it logs
// event 20075 for its own certificate (role local; at load, then 21021, 21007
// and 21016) and 20076 for the certificate a peer presented (role remote).
// Both IDs come from field reports, which call them rare. Microsoft's doc requires the
// subject CN to be the computer's FQDN. This lint covers role local (20075);
// e_opsmgr_remote_subject_or_issuer_unreadable, the same check, role remote
// (20076), so that each result carries the event the role raises.
type subjectOrIssuerUnreadable struct {
	// remote selects the role the lint applies to.
	remote bool
}

func init() {
	certlint.RegisterBundleLint(lint.LintMetadata{
		Name: "e_opsmgr_subject_or_issuer_unreadable",
		Description: "OpsMgr reads the subject common name and the issuer of this computer's own certificate; an empty subject or issuer, " +
			"no usable CN, or a name that cannot be decoded raises event 20075",
		Citation: "OpsMgr events 20075, 20076; " + citeFieldGuide + "; " + citeMSDoc + "; RFC 5280 4.1.2.4, 4.1.2.6",
	}, certlint.OpsMgr{
		Event:           eventSubjectLocal,
		RelatedEvents:   afterLoad(eventSubjectRemote),
		EventSource:     events.URLFieldGuide,
		EventConfidence: events.ConfidenceField,
		Fix:             fixSubjectUnreadable,
	}, func() certlint.BundleLintInterface { return &subjectOrIssuerUnreadable{} })
}

// CheckApplies: the lint reads the names from the leaf's DER itself, so it
// also applies to a leaf that zcrypto and crypto/x509 refuse to parse, which
// is what an undecodable name (invalid UTF-8 in a UTF8String) causes.
func (l *subjectOrIssuerUnreadable) CheckApplies(in *certlint.Input) bool {
	return in.Bundle != nil && in.Leaf != nil && len(in.Leaf.Raw) > 0 && roleLocal(in) != l.remote
}

// fixSubjectUnreadable and fixSubjectUnreadableRemote are the fixes of the
// two role variants: this computer's certificate, and a peer's.
var fixSubjectUnreadable, fixSubjectUnreadableRemote = ownerFix("request a new certificate whose subject is CN=<the computer's FQDN> " +
	"(in an AD CS template: \"Supply in the request\", or build the subject from Active Directory with the DNS name), from a CA with " +
	"a readable subject name, then run MOMCertImport and restart HealthService.")

func (l *subjectOrIssuerUnreadable) Execute(in *certlint.Input) *lint.LintResult {
	var rawSubject, rawIssuer []byte
	parsed := false
	if c := leaf(in); c != nil {
		rawSubject, rawIssuer, parsed = c.RawSubject, c.RawIssuer, true
	} else {
		var err error
		if rawSubject, rawIssuer, err = tbsNames(in.Leaf.Raw); err != nil {
			return result(lint.Error, "the certificate's names cannot be read (%v)", err)
		}
	}
	var problems []string
	subj, err := parseName(rawSubject)
	switch {
	case err != nil:
		problems = append(problems, "the subject cannot be decoded ("+err.Error()+")")
	case len(subj) == 0:
		problems = append(problems, "the subject is empty")
	default:
		cns, cnErr := commonNames(subj)
		switch {
		case cnErr != nil:
			problems = append(problems, "the subject CN cannot be decoded ("+cnErr.Error()+")")
		case len(cns) == 0:
			subjectText := "" // rendered only here: the message is the only reader
			if parsed {
				subjectText = cert.NameTextOr(rawSubject, "")
			}
			problems = append(problems, fmt.Sprintf("the subject %q has no common name (CN)", subjectText))
		case strings.TrimSpace(strings.Join(cns, "")) == "":
			problems = append(problems, "the subject CN is blank")
		}
		if cnErr == nil {
			if e := firstAttrErr(subj); e != nil {
				problems = append(problems, "a subject attribute cannot be decoded ("+e.Error()+")")
			}
		}
	}
	iss, err := parseName(rawIssuer)
	switch {
	case err != nil:
		problems = append(problems, "the issuer cannot be decoded ("+err.Error()+")")
	case len(iss) == 0:
		problems = append(problems, "the issuer is empty")
	default:
		if e := firstAttrErr(iss); e != nil {
			problems = append(problems, "an issuer attribute cannot be decoded ("+e.Error()+")")
		}
	}
	if len(problems) == 0 {
		return pass()
	}
	return result(lint.Error, "%s", strings.Join(problems, "; "))
}

func firstAttrErr(attrs []nameAttr) error {
	for _, a := range attrs {
		if a.Err != nil {
			return fmt.Errorf("%s: %v", attrName(a.Type), a.Err)
		}
	}
	return nil
}

// attrName gives the short name of a common name attribute (RFC 4514 3),
// else its OID.
func attrName(oid asn1.ObjectIdentifier) string {
	if len(oid) == 4 && oid[0] == 2 && oid[1] == 5 && oid[2] == 4 {
		switch oid[3] {
		case 3:
			return "CN"
		case 6:
			return "C"
		case 7:
			return "L"
		case 8:
			return "ST"
		case 10:
			return "O"
		case 11:
			return "OU"
		}
	}
	return oid.String()
}

// tbsNames returns the DER issuer and subject Names of a certificate
// (RFC 5280 4.1: tbsCertificate = [0] version OPTIONAL, serialNumber,
// signature, issuer, validity, subject, ...) without decoding their values.
func tbsNames(der []byte) (subject, issuer []byte, err error) {
	var cert struct {
		TBS asn1.RawValue
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return nil, nil, fmt.Errorf("not a DER certificate: %v", err)
	}
	rest := cert.TBS.Bytes
	var fields []asn1.RawValue
	for len(rest) > 0 && len(fields) < 6 {
		var v asn1.RawValue
		if rest, err = asn1.Unmarshal(rest, &v); err != nil {
			return nil, nil, fmt.Errorf("tbsCertificate is not valid DER: %v", err)
		}
		fields = append(fields, v)
	}
	if len(fields) > 0 && fields[0].Class == asn1.ClassContextSpecific && fields[0].Tag == 0 {
		fields = fields[1:] // version
	}
	if len(fields) < 5 {
		return nil, nil, fmt.Errorf("tbsCertificate is truncated")
	}
	return fields[4].FullBytes, fields[2].FullBytes, nil
}
