package certlint

import (
	"bufio"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// limboDir is ../shared/corpora/limbo seen from the project root (tests run in
// certlint/): 115 path-validation cases from C2SP/x509-limbo.
var limboDir = filepath.Join("..", "..", "shared", "corpora", "limbo")

// limboCases is the number of cases index.tsv lists; a different count means
// the corpus changed and the figures below must be measured again.
const limboCases = 115

// limboMinAgreement is the floor issue 5 sets (reference points on the same
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
	// certlint sides with the CA/B BR, because OpsMgr needs serverAuth and
	// clientAuth on the leaf (event 20050), so it reports ProfileEKU.
	"rfc5280__eku__ee-without-eku": "same input as webpki__eku__ee-without-eku, opposite verdict; certlint follows CA/B BR 7.1.2.7.6 (and OpsMgr's EKU requirement) and flags an end-entity without EKU",
	// Likewise rfc5280::ca-as-leaf (SUCCESS) and webpki::ca-as-leaf (FAILURE)
	// present the same chain (a CA certificate with keyCertSign as the leaf).
	// RFC 5280 6.1 and Windows' chain engine accept it, and
	// pathlen::validation-ignores-pathlen-in-leaf (SUCCESS) needs a CA leaf to
	// be accepted too; certlint's leaf lints warn about a CA leaf instead.
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

type limboCase struct {
	dir       string
	expected  bool // SUCCESS
	at        time.Time
	ekus      []string
	leaf      *Certificate
	inters    []*Certificate
	roots     []*Certificate
	loadError error
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
		got, why := limboVerdict(c)
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

// limboVerdict is certlint's trust verdict on a limbo case: the chain reaches
// a trust anchor and has no problem at all (trust, leaf or profile), except
// EKU problems about a usage the case does not ask for (eku.txt).
func limboVerdict(c *limboCase) (bool, string) {
	if c.loadError != nil {
		return false, "input refused: " + c.loadError.Error()
	}
	r := BuildChain(&Bundle{Name: c.dir, Leaf: c.leaf}, &TrustStore{Roots: c.roots, Intermediates: c.inters}, c.at)
	var why []string
	for _, p := range r.Problems {
		if p.Usage != "" && !limboContains(c.ekus, p.Usage) {
			continue
		}
		why = append(why, fmt.Sprintf("[%s] %s", p.Kind, p))
	}
	if !r.Trusted && len(why) == 0 {
		why = append(why, "no trusted chain")
	}
	return len(why) == 0, strings.Join(why, "; ")
}

func limboContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
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
	for _, u := range strings.Fields(read("eku.txt")) {
		c.ekus = append(c.ekus, u)
	}
	leaves := limboPEM(read("leaf.pem"))
	if len(leaves) != 1 {
		c.loadError = fmt.Errorf("leaf.pem holds %d certificates", len(leaves))
		return c
	}
	c.leaf = leaves[0]
	c.inters = limboPEM(read("intermediates.pem"))
	c.roots = limboPEM(read("roots.pem"))
	return c
}

// limboPEM reads the CERTIFICATE blocks of a PEM file the way the loader
// does (zcrypto and crypto/x509 both), keeping certificates zcrypto refuses:
// chain building reads them from their DER.
func limboPEM(s string) []*Certificate {
	var out []*Certificate
	data := []byte(s)
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c := &Certificate{Raw: b.Bytes}
		c.Parsed, _ = zParse(b.Bytes)
		c.Std, c.StdErr = stdParse(b.Bytes)
		out = append(out, c)
	}
	return out
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
