package config

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

var gateAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// bundle loads der as the input named name (relative to dir).
func bundle(t *testing.T, dir, name string, der []byte) *certlint.Bundle {
	t.Helper()
	b, err := certlint.LoadReader(filepath.Join(dir, filepath.FromSlash(name)), bytes.NewReader(der), &certlint.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gateFile(t *testing.T, dir, text string) *File {
	t.Helper()
	f, err := Parse(filepath.Join(dir, FileName), []byte(text), Options{KnownLint: known, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// gateFlags are the command-line settings of a Gate.
type gateFlags struct {
	trust   []TrustPath
	role    certlint.Role
	host    string
	warnSet bool
}

// TestGateConfigure: the role and host each input gets, and why, in the
// order the Gate documents: rule, trust material, --role, CA without key,
// local.
func TestGateConfigure(t *testing.T) {
	dir := t.TempDir()
	pki := testpki.PKI{Org: "gate"}
	root := pki.CA(t, "Gate Root", nil)
	leaf := pki.Leaf(t, "agent01.contoso.com", root)
	f := gateFile(t, dir, `
[[rule]]
match = "certs/agents/*.cer"
role = "local"
host = "{stem}"
expiry_warning = "10d"

[[rule]]
match = "certs/ms/*.cer"
host = "{stem}.contoso.com"

[[rule]]
match = "certs/odd/*"
role = "remote"
`)
	trust := []TrustPath{{Path: filepath.Join(dir, "certs", "roots"), Source: "--roots"}}
	for _, c := range []struct {
		name     string
		der      []byte
		gate     gateFlags
		want     string
		wantWhy  string
		wantWarn time.Duration
	}{
		{"certs/agents/agent02.contoso.com.cer", leaf.DER, gateFlags{}, "local agent02.contoso.com", "rule at .certlint.toml:2", 10 * 24 * time.Hour},
		{"certs/agents/agent02.contoso.com.cer", leaf.DER, gateFlags{role: certlint.RoleRemote, host: "x.contoso.com"}, "remote x.contoso.com", "", 10 * 24 * time.Hour},
		{"certs/agents/agent02.contoso.com.cer", leaf.DER, gateFlags{warnSet: true}, "local agent02.contoso.com", "rule at .certlint.toml:2", 0},
		{"certs/ms/ms01.cer", leaf.DER, gateFlags{}, "local ms01.contoso.com", "host from the rule at .certlint.toml:8", 0},
		{"certs/roots/root.cer", root.DER, gateFlags{trust: trust}, "ca ", "trust material given with --roots", 0},
		{"certs/roots/sub/other.cer", leaf.DER, gateFlags{trust: trust, role: certlint.RoleRemote}, "ca ", "trust material given with --roots", 0},
		{"certs/odd/root.cer", root.DER, gateFlags{trust: []TrustPath{{Path: filepath.Join(dir, "certs", "odd", "root.cer"), Source: "x"}}}, "remote ", "rule at .certlint.toml:12", 0},
		{"elsewhere/root.cer", root.DER, gateFlags{}, "ca ", "a CA certificate without a private key", 0},
		{"elsewhere/root.cer", root.DER, gateFlags{role: certlint.RoleLocal}, "local ", "", 0},
		{"elsewhere/leaf.cer", leaf.DER, gateFlags{}, "local ", "", 0},
	} {
		g := &Gate{File: f, Trust: c.gate.trust, Role: c.gate.role, Host: c.gate.host, ExpiryWarningSet: c.gate.warnSet}
		var cfg certlint.Config
		why := g.Configure(bundle(t, dir, c.name, c.der), &cfg)
		got := string(cfg.Role) + " " + cfg.Host
		if got != c.want || !strings.HasPrefix(why, c.wantWhy) || (c.wantWhy == "" && why != "") || cfg.ExpiryWarning != c.wantWarn {
			t.Errorf("%s with %+v: %q why %q warn %v, want %q why %q warn %v", c.name, c.gate, got, why, cfg.ExpiryWarning, c.want, c.wantWhy, c.wantWarn)
		}
	}
}

// report lints b with every lint.
func lintReport(t *testing.T, b *certlint.Bundle) *certlint.Report {
	t.Helper()
	r, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{At: gateAt}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func names(results []certlint.Result) string {
	var out []string
	for _, r := range results {
		if r.Status >= lint.Notice {
			out = append(out, r.Lint.Name)
		}
	}
	return strings.Join(out, " ")
}

// TestGateFilterAndNotes: a suppression accepts its finding on its
// certificate only; an expired one accepts nothing and is named; a baseline
// entry accepts its finding; an entry that matches nothing while its
// certificate was linted is named; one about a certificate this run did not
// see is not.
func TestGateFilterAndNotes(t *testing.T) {
	dir := t.TempDir()
	pki := testpki.PKI{Org: "gate"}
	root := pki.CA(t, "Gate Root", nil)
	// ECDSA leaves without a key in the input: e_opsmgr_key_not_rsa and
	// e_opsmgr_private_key_missing on each.
	a := pki.Leaf(t, "a.contoso.com", root)
	b := pki.Leaf(t, "b.contoso.com", root)
	ta, tb := thumbprint(&cert.Certificate{Raw: a.DER}), thumbprint(&cert.Certificate{Raw: b.DER})
	unseen := strings.Repeat("C", 40)
	f := gateFile(t, dir, `
[[rule]]
match = "certs/b.cer"
exclude = ["w_opsmgr_short_host_name"]

[[suppress]]
thumbprint = "`+ta+`"
lint = "e_opsmgr_key_not_rsa"
reason = "ECDSA accepted for this lab agent"

[[suppress]]
thumbprint = "`+tb+`"
lint = "e_opsmgr_key_not_rsa"
reason = "until the renewal"
expires = 2026-05-31

[[suppress]]
thumbprint = "`+ta+`"
lint = "e_opsmgr_cert_expired"
reason = "stale: the certificate is not expired"

[[suppress]]
thumbprint = "`+unseen+`"
lint = "e_opsmgr_cert_expired"
reason = "about a certificate this run does not lint"
`)
	base, err := ParseBaseline(filepath.Join(dir, BaselineName), []byte(`
[[finding]]
thumbprint = "`+tb+`"
lint = "e_opsmgr_private_key_missing"
reason = "accepted"

[[finding]]
file = "certs/b.cer"
thumbprint = "`+strings.Repeat("D", 40)+`"
lint = "e_opsmgr_private_key_missing"
reason = "the certificate b.cer held before it was replaced"

[[finding]]
file = "certs/gone.cer"
thumbprint = "`+strings.Repeat("E", 40)+`"
lint = "e_opsmgr_private_key_missing"
reason = "a file deleted since"

[[finding]]
file = "elsewhere/x.cer"
thumbprint = "`+strings.Repeat("F", 40)+`"
lint = "e_opsmgr_private_key_missing"
reason = "a file this run does not lint: not judged"
`), Options{KnownLint: known, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	g := &Gate{File: f, Baseline: base, At: gateAt, Dir: dir, Inputs: []string{filepath.Join(dir, "certs")}}
	ra := lintReport(t, bundle(t, dir, "certs/a.cer", a.DER))
	rb := lintReport(t, bundle(t, dir, "certs/b.cer", b.DER))
	if names(ra.Results) != names(rb.Results) || !strings.Contains(names(ra.Results), "e_opsmgr_key_not_rsa") || !strings.Contains(names(ra.Results), "e_opsmgr_private_key_missing") {
		t.Fatalf("the test PKI does not give the findings meant: %s / %s", names(ra.Results), names(rb.Results))
	}
	g.Filter(ra)
	g.Filter(rb)
	if strings.Contains(names(ra.Results), "e_opsmgr_key_not_rsa") || len(ra.Suppressed) != 1 || ra.Suppressed[0].Reason != "ECDSA accepted for this lab agent" || ra.Suppressed[0].Source != ".certlint.toml:6" {
		t.Errorf("a: findings %s, accepted %+v", names(ra.Results), ra.Suppressed)
	}
	if !strings.Contains(names(rb.Results), "e_opsmgr_key_not_rsa") {
		t.Errorf("b: the expired suppression still accepts: %s", names(rb.Results))
	}
	if strings.Contains(names(rb.Results), "e_opsmgr_private_key_missing") || len(rb.Suppressed) != 1 || rb.Suppressed[0].Source != BaselineName+":2" {
		t.Errorf("b: baseline not applied: %s, %+v", names(rb.Results), rb.Suppressed)
	}
	for _, r := range rb.Results {
		if r.Lint.Name == "w_opsmgr_short_host_name" {
			t.Errorf("b: the rule's excluded lint is still there")
		}
	}
	notes := g.Notes()
	want := []string{
		".certlint-baseline.toml:13: no finding matches this entry any more (e_opsmgr_private_key_missing on " + strings.Repeat("E", 40) + " (certs/gone.cer)): the file is gone",
		".certlint-baseline.toml:7: no finding matches this entry any more (e_opsmgr_private_key_missing on " + strings.Repeat("D", 40) + " (certs/b.cer)): the certificate was fixed or replaced",
		".certlint.toml:11: the acceptance of e_opsmgr_key_not_rsa on " + tb + " expired on 2026-05-31",
		".certlint.toml:17: no finding matches this entry any more (e_opsmgr_cert_expired on " + ta + ")",
	}
	if len(notes) != len(want) {
		t.Fatalf("notes:\n%s", strings.Join(notes, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(notes[i], want[i]) {
			t.Errorf("note %d:\n%s\nwant it to start with\n%s", i, notes[i], want[i])
		}
	}

	// A baseline written from these reports keeps the reason of the entry
	// that accepted a finding and records the others as new.
	entries := BaselineEntries([]*certlint.Report{ra, rb}, base, dir, gateAt)
	var got []string
	for _, e := range entries {
		got = append(got, e.File+" "+e.Lint+" "+e.Reason)
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, "certs/b.cer e_opsmgr_key_not_rsa accepted as it was on 2026-06-01") || strings.Contains(joined, "certs/a.cer e_opsmgr_key_not_rsa") {
		t.Errorf("baseline entries:\n%s", joined)
	}
}
