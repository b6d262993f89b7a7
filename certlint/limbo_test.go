package certlint_test

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints"
	"github.com/zmap/zlint/v3/lint"
)

// limboDir is ../shared/corpora/limbo seen from the project root (tests run in
// certlint/): 115 path-validation cases from C2SP/x509-limbo.
var limboDir = filepath.Join("..", "..", "shared", "corpora", "limbo")

// limboCases is the number of cases index.tsv lists; a different count means
// the corpus changed and the figures below must be measured again.
const limboCases = 115

// limboMinAgreement is the floor of agreement (reference points on the same
// cases: Go's crypto/x509 Verify agrees on 75, openssl verify -x509_strict on
// 87).
const limboMinAgreement = 110

// limboDisagreements lists every case where certlint's verdict differs from
// x509-limbo's expected result, with the reason. The test fails when a case
// not listed here disagrees, and when a listed case starts agreeing, so that
// this list stays exactly the set of known disagreements.
var limboDisagreements = map[string]string{
	// limbo holds two cases that present the same input (an end-entity with no
	// extendedKeyUsage, no usage asked for) and expect opposite results:
	// rfc5280::eku::ee-without-eku (SUCCESS, RFC 5280 4.2.1.12 makes EKU
	// optional) and webpki::eku::ee-without-eku (FAILURE, CA/B BR 7.1.2.7.6).
	// certlint reports the missing extension as OpsMgr's usage requirement
	// (e_opsmgr_eku_missing_server_or_client_auth, event 20050: OpsMgr needs
	// serverAuth and clientAuth named), which limbo asks for only through
	// eku.txt, empty here: by usage, the RFC 5280 verdict.
	"webpki__eku__ee-without-eku": "same input as rfc5280__eku__ee-without-eku, opposite verdict; certlint reports the missing EKU as OpsMgr's usage requirement (event 20050), and limbo asks for no usage here",
	// Likewise rfc5280::ca-as-leaf (SUCCESS) and webpki::ca-as-leaf (FAILURE)
	// present the same chain (a CA certificate with keyCertSign as the leaf).
	// RFC 5280 6.1 and Windows' chain engine accept it, and
	// pathlen::validation-ignores-pathlen-in-leaf (SUCCESS) needs a CA leaf to
	// be accepted too; certlint's leaf lints warn about a CA leaf instead
	// (w_opsmgr_ca_certificate_as_leaf, an OpsMgr question: see limboOpsMgrOnly).
	"webpki__ca-as-leaf": "same input as rfc5280__ca-as-leaf, opposite verdict; certlint follows RFC 5280 and Windows, which accept a CA certificate as the leaf (the leaf lints warn about it)",
	// rfc5280::ca-as-leaf-wrong-san fails only because the peer name
	// (some-other-ca.example.com) does not match the leaf's SAN: a host-name
	// check, which certlint makes with --host in its leaf lints (event 21007),
	// not in chain building.
	"rfc5280__ca-as-leaf-wrong-san": "fails only on the expected peer name, which is the host check of certlint's leaf lints (--host), not part of the chain verdict",
	// rfc5280::aki::cross-signed-root-missing-aki (FAILURE, marked pedantic by
	// limbo) trusts a root that is not self-signed and has no AKI;
	// cve::cve-2024-0567 (SUCCESS) trusts exactly such a root ("Root A",
	// issued by x509-limbo-root, no AKI). RFC 5280 6.1.1 (d) makes a trust
	// anchor only a name and a key, so certlint does not judge its AKI.
	"rfc5280__aki__cross-signed-root-missing-aki": "pedantic case that contradicts cve__cve-2024-0567 (both trust a cross-signed root without AKI); certlint does not judge a trust anchor's AKI (RFC 5280 6.1.1 (d))",
}

// The verdict is what a user of the CLI sees: each case is read the way
// the lint command reads its files (LoadFile on leaf.pem, LoadTrustStore on
// roots.pem and intermediates.pem), linted with every registered lint as a
// peer's certificate (role remote: limbo gives no private key) at the
// case's validation time, and certlint says FAILURE when a lint gives a
// finding (warning or worse) on it. Two kinds of findings answer a question
// limbo does not ask, and do not count:
//   - limboOpsMgrOnly: OpsMgr's own requirements of its certificate (an RSA
//     key exchange key, keyEncipherment, a computer certificate rather than a
//     CA), which a TLS path validator does not have;
//   - the usage lints (limboUsageLints): OpsMgr needs serverAuth and
//     clientAuth, limbo asks for one usage or none (eku.txt), so their
//     findings count only when they say a usage the case asks for is
//     missing.

// limboOpsMgrOnly are the lints that check what OpsMgr, not TLS path
// validation, requires of a certificate, with the reason.
var limboOpsMgrOnly = map[string]string{
	"e_opsmgr_key_not_rsa": "OpsMgr needs an RSA key exchange key in a CryptoAPI CSP; limbo's certificates use ECDSA",
	"e_opsmgr_ku_missing_digital_signature_or_key_encipherment": "OpsMgr needs digitalSignature and keyEncipherment for its RSA key exchange; a path validator does not read the leaf's key usage",
	"w_opsmgr_ca_certificate_as_leaf":                           "OpsMgr wants a computer certificate, not a CA; RFC 5280 6.1 accepts a CA as the leaf",
	"e_opsmgr_remote_subject_or_issuer_unreadable":              "OpsMgr reads the peer's subject name (event 20076); RFC 5280 4.1.2.6 allows an empty subject with a subjectAltName",
	"e_opsmgr_subject_or_issuer_unreadable":                     "OpsMgr reads its own certificate's subject name (event 20075); RFC 5280 4.1.2.6 allows an empty subject with a subjectAltName",
	"w_opsmgr_short_host_name":                                  "OpsMgr wants the computer's FQDN in the certificate; a path validator does not judge names without a peer name to match",
	"w_opsmgr_cert_expiring_soon":                               "a warning about the weeks after the validation time, not a verdict at it",
}

// limboUsageLints report an extended key usage OpsMgr needs that a
// certificate lacks.
var limboUsageLints = map[string]bool{
	"e_opsmgr_eku_missing_server_or_client_auth": true,
	"e_opsmgr_chain_ca_eku_excludes_auth":        true,
}

// limboUsages are the usages limbo asks for, by name and OID as the usage
// lints' messages name them.
var limboUsages = map[string][]string{
	"serverAuth": {"serverAuth", "1.3.6.1.5.5.7.3.1", "Server Authentication"},
	"clientAuth": {"clientAuth", "1.3.6.1.5.5.7.3.2", "Client Authentication"},
}

type limboCase struct {
	dir      string
	expected bool // SUCCESS
	at       time.Time
	ekus     []string
}

func TestLimboConformance(t *testing.T) {
	index, err := os.ReadFile(filepath.Join(limboDir, "index.tsv"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent: the x509-limbo conformance corpus lives in ../shared/corpora/limbo relative to the project root", limboDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	sc := bufio.NewScanner(strings.NewReader(string(index)))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 || f[0] == "dir" {
			continue
		}
		dirs = append(dirs, f[0])
	}
	if len(dirs) != limboCases {
		t.Fatalf("index.tsv lists %d cases, want %d: the corpus changed, measure again", len(dirs), limboCases)
	}
	agree := 0
	seen := map[string]bool{}
	for _, d := range dirs {
		seen[d] = true
		c := loadLimboCase(t, d)
		got, why := limboVerdict(t, c)
		reason, listed := limboDisagreements[d]
		switch {
		case got == c.expected && listed:
			t.Errorf("%s: now agrees with limbo (%s); remove it from limboDisagreements (it said: %s)", d, limboVerdictWord(got), reason)
		case got != c.expected && !listed:
			t.Errorf("%s: certlint says %s, limbo expects %s: %s", d, limboVerdictWord(got), limboVerdictWord(c.expected), why)
		}
		if got == c.expected {
			agree++
		}
	}
	for d := range limboDisagreements {
		if !seen[d] {
			t.Errorf("limboDisagreements lists %s, which index.tsv does not have", d)
		}
	}
	msg := fmt.Sprintf("x509-limbo conformance: certlint agrees on %d of %d cases (Go crypto/x509 Verify: 75, openssl verify -x509_strict: 87)", agree, len(dirs))
	t.Log(msg)
	if testing.Verbose() {
		fmt.Println(msg)
	}
	if agree < limboMinAgreement {
		t.Errorf("agreement %d is below the floor of %d", agree, limboMinAgreement)
	}
}

func limboVerdictWord(ok bool) string {
	if ok {
		return "SUCCESS"
	}
	return "FAILURE"
}

// limboVerdict lints a case as the CLI does and returns certlint's verdict
// (true: no finding that counts) and the findings that decided it.
func limboVerdict(t *testing.T, c *limboCase) (bool, string) {
	t.Helper()
	dir := filepath.Join(limboDir, c.dir)
	b, err := certlint.LoadFile(filepath.Join(dir, "leaf.pem"), nil)
	if err != nil {
		return false, "input refused: " + err.Error()
	}
	var roots, inters []string
	for _, f := range []struct {
		name string
		list *[]string
	}{{"roots.pem", &roots}, {"intermediates.pem", &inters}} {
		// An empty file is no --roots / --intermediates flag at all.
		if data, err := os.ReadFile(filepath.Join(dir, f.name)); err == nil && strings.Contains(string(data), "-----BEGIN") {
			*f.list = append(*f.list, filepath.Join(dir, f.name))
		}
	}
	ts, err := certlint.LoadTrustStore(roots, inters, false, nil)
	if err != nil {
		return false, "trust store refused: " + err.Error()
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote, At: c.at, Trust: ts}})
	if err != nil {
		t.Fatalf("%s: %v", c.dir, err)
	}
	var why []string
	for _, r := range rep.Results {
		if r.Status < lint.Warn || limboOpsMgrOnly[r.Lint.Name] != "" {
			continue
		}
		if limboUsageLints[r.Lint.Name] && !limboAsked(c, r.Details) {
			continue
		}
		why = append(why, fmt.Sprintf("%s %v: %s", r.Lint.Name, r.Status, r.Details))
	}
	return len(why) == 0, strings.Join(why, "; ")
}

// limboAsked says whether a usage lint's finding is about a usage the case
// asks for: one the message says is missing (after "but not" or "without").
// A leaf without any extendedKeyUsage is valid for every usage by RFC 5280
// 4.2.1.12; OpsMgr wants both named (see limboDisagreements).
func limboAsked(c *limboCase, details string) bool {
	for _, msg := range strings.Split(details, "; ") {
		_, missing, ok := strings.Cut(msg, " but not ")
		if !ok {
			_, missing, ok = strings.Cut(msg, " without ")
		}
		if !ok {
			continue
		}
		for _, u := range c.ekus {
			for _, word := range limboUsages[u] {
				if strings.Contains(missing, word) {
					return true
				}
			}
		}
	}
	return false
}

func loadLimboCase(t *testing.T, name string) *limboCase {
	t.Helper()
	dir := filepath.Join(limboDir, name)
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return strings.TrimSpace(string(b))
	}
	c := &limboCase{dir: name, expected: read("expected.txt") == "SUCCESS"}
	switch vt := read("validation_time"); vt {
	case "now", "":
		c.at = time.Now()
	default:
		at, err := time.Parse(time.RFC3339Nano, vt)
		if err != nil {
			t.Fatalf("%s: validation_time: %v", name, err)
		}
		c.at = at
	}
	c.ekus = strings.Fields(read("eku.txt"))
	for _, u := range c.ekus {
		if limboUsages[u] == nil {
			t.Fatalf("%s: eku.txt asks for %s, which the test does not know", name, u)
		}
	}
	return c
}

// Every listed disagreement gives its reason, and the list stays within
// what the agreement floor allows.
func TestLimboDisagreementsHaveReasons(t *testing.T) {
	for n, r := range limboDisagreements {
		if len(r) < 40 {
			t.Errorf("%s: the reason %q says too little", n, r)
		}
	}
	if n := len(limboDisagreements); n > limboCases-limboMinAgreement {
		t.Errorf("%d disagreements listed: more than the %d the floor allows", n, limboCases-limboMinAgreement)
	}
}

// Every lint the conformance count leaves out or reads specially is a
// registered lint: a renamed lint must not slip back into the verdict.
func TestLimboLintListsNameRegisteredLints(t *testing.T) {
	for name := range limboOpsMgrOnly {
		if certlint.LintByName(name) == nil {
			t.Errorf("limboOpsMgrOnly names %s, which is not a registered lint", name)
		}
	}
	for name := range limboUsageLints {
		if certlint.LintByName(name) == nil {
			t.Errorf("limboUsageLints names %s, which is not a registered lint", name)
		}
	}
}
