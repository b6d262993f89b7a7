package main

import (
	"crypto/x509"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
	"software.sslmate.com/src/go-pkcs12"
)

// repoPassword encrypts the PFX files of the test PKI repository; no output
// may hold it.
const repoPassword = "Repo-PFX-pw-7731"

// gateRepo is a PKI repository (testpki.Repo) with its .certlint.toml and
// baseline, made for evaluation now, so that the binary runs with nothing
// on its command line but what a pre-commit hook or a CI job would give.
type gateRepo struct {
	*testpki.PKIRepo
	env []string
}

// repoConfig is the configuration of the repository, as the documentation
// shows it.
const repoConfig = `# certlint configuration of the Contoso PKI repository
roots = ["certs/roots/root.cer"]
intermediates = ["certs/roots/issuing.crt"]
password_env = "PKI_PFX_PASSWORD"
fail_on = "warn"
paths = ["certs"]

# The agents' certificates, with their keys, named after the agent's FQDN.
[[rule]]
match = "certs/agents/*.pfx"
role = "local"
host = "{stem}"

# The management servers' certificates, named after the first label.
[[rule]]
match = "certs/management-servers/*.cer"
role = "remote"
host = "{stem}.contoso.com"

[[suppress]]
file = "certs/agents/agent04.contoso.com.pfx"
thumbprint = "%s"
lint = "w_opsmgr_rsa_key_too_short"
reason = "lab agent on a 1024-bit key; replaced with the Q3 rollout (CHG-4711)"
expires = %s
`

func newGateRepo(t *testing.T) *gateRepo {
	t.Helper()
	dir := t.TempDir()
	now := time.Now().UTC()
	r := &gateRepo{PKIRepo: testpki.Repo(t, dir, repoPassword, now), env: []string{"PKI_PFX_PASSWORD=" + repoPassword, "CERTLINT_PASSWORD="}}
	day := func(d time.Time) string { return d.Format("2006-01-02") }
	cfg := fmt.Sprintf(repoConfig, r.Files["certs/agents/agent04.contoso.com.pfx"].Thumbprint, day(now.AddDate(0, 3, 0)))
	writeFile(t, filepath.Join(dir, ".certlint.toml"), []byte(cfg))
	// The baseline: agent05's expiry warning accepted until ten days ago
	// (expired, so reported again), and an entry about the certificate
	// agent01.contoso.com.pfx held before it was re-issued (no longer
	// matches).
	baseline := fmt.Sprintf(`# certlint baseline
[[finding]]
file = "certs/agents/agent05.contoso.com.pfx"
thumbprint = "%s"
lint = "w_opsmgr_cert_expiring_soon"
reason = "renewal ordered"
expires = %s

[[finding]]
file = "certs/agents/agent01.contoso.com.pfx"
thumbprint = "%s"
lint = "w_opsmgr_cert_expiring_soon"
reason = "the certificate before the re-issue"
`, r.Files["certs/agents/agent05.contoso.com.pfx"].Thumbprint, day(now.AddDate(0, 0, -10)), strings.Repeat("AB", 20))
	writeFile(t, filepath.Join(dir, ".certlint-baseline.toml"), []byte(baseline))
	return r
}

// run runs the binary in dir (relative to the repository).
func (r *gateRepo) run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	res := exeGuarded(t, runSpec{dir: filepath.Join(r.Dir, filepath.FromSlash(dir)), env: r.env}, args...)
	if strings.Contains(res.stdout+res.stderr, repoPassword) {
		t.Errorf("certlint %v printed the PFX password", args)
	}
	return res
}

// fileView is what the test checks of one file's report.
type fileView struct {
	role, host string
	findings   []string
	accepted   []string
}

func viewOf(rep report.JSONLine) fileView {
	v := fileView{role: rep.Role, host: rep.Host}
	for _, f := range rep.Findings {
		v.findings = append(v.findings, f.Lint)
	}
	for _, s := range rep.Suppressed {
		v.accepted = append(v.accepted, s.Lint)
	}
	return v
}

func (v fileView) String() string {
	return fmt.Sprintf("role %s host %q findings %v accepted %v", v.role, v.host, v.findings, v.accepted)
}

// wantRepo is every file's role, host, findings and accepted findings under
// the configuration.
var wantRepo = map[string]fileView{
	"certs/roots/root.cer":                 {role: "ca"},
	"certs/roots/issuing.crt":              {role: "ca"},
	"certs/agents/agent01.contoso.com.pfx": {role: "local", host: "agent01.contoso.com"},
	"certs/agents/agent02.contoso.com.pfx": {role: "local", host: "agent02.contoso.com"},
	"certs/agents/agent03.contoso.com.pfx": {role: "local", host: "agent03.contoso.com", findings: []string{"e_opsmgr_host_name_mismatch"}},
	"certs/agents/agent04.contoso.com.pfx": {role: "local", host: "agent04.contoso.com", accepted: []string{"w_opsmgr_rsa_key_too_short"}},
	"certs/agents/agent05.contoso.com.pfx": {role: "local", host: "agent05.contoso.com", findings: []string{"w_opsmgr_cert_expiring_soon"}},
	"certs/management-servers/ms01.cer":    {role: "remote", host: "ms01.contoso.com"},
	"certs/management-servers/ms02.cer":    {role: "remote", host: "ms02.contoso.com"},
}

// checkRepoReports compares the JSON reports (file names relative to base)
// with want, for the files named in want.
func checkRepoReports(t *testing.T, stdout, base string, want map[string]fileView) {
	t.Helper()
	reps := decodeLines(t, stdout)
	got := map[string]fileView{}
	for _, rep := range reps {
		if rep.Error != nil {
			t.Errorf("%s: %s", rep.File, *rep.Error)
		}
		name := filepath.ToSlash(rep.File)
		if base != "" {
			rel, err := filepath.Rel(base, rep.File)
			if err != nil {
				t.Fatal(err)
			}
			name = filepath.ToSlash(rel)
		}
		got[name] = viewOf(rep)
	}
	if len(got) != len(want) {
		t.Errorf("%d reports, want %d: %v", len(got), len(want), got)
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: not linted", name)
			continue
		}
		if g.String() != w.String() {
			t.Errorf("%s:\n got %s\nwant %s", name, g, w)
		}
	}
}

// TestGateRepository: the PKI repository linted through the configuration
// file alone (no flag but the output format): every file gets its role and
// host from the rules or as trust material, the bad agent fails, the
// suppressed finding is accepted with its reason, the expired baseline entry
// accepts nothing any more, the stale one is named; the exit status is 1.
// The same from a subdirectory (the file is found upward) and from outside
// with --config.
func TestGateRepository(t *testing.T) {
	r := newGateRepo(t)

	res := r.run(t, ".", "lint", "--format", "json")
	wantCode(t, res, 1)
	checkRepoReports(t, res.stdout, "", wantRepo)
	notes := strings.Split(strings.TrimSpace(res.stderr), "\n")
	if len(notes) != 2 ||
		!strings.HasPrefix(notes[0], "certlint: .certlint-baseline.toml:2: the acceptance of w_opsmgr_cert_expiring_soon on "+r.Files["certs/agents/agent05.contoso.com.pfx"].Thumbprint) ||
		!strings.HasPrefix(notes[1], "certlint: .certlint-baseline.toml:9: no finding matches this entry any more (w_opsmgr_cert_expiring_soon on "+strings.Repeat("AB", 20)+" (certs/agents/agent01.contoso.com.pfx))") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
	for _, rep := range decodeLines(t, res.stdout) {
		switch filepath.ToSlash(rep.File) {
		case "certs/agents/agent04.contoso.com.pfx":
			if s := rep.Suppressed; len(s) != 1 || !strings.HasPrefix(s[0].Reason, "lab agent on a 1024-bit key") || s[0].Source != ".certlint.toml:20" {
				t.Errorf("agent04 accepted: %+v", s)
			}
		case "certs/roots/root.cer":
			if rep.Basis != "trust material given with roots in .certlint.toml:2" {
				t.Errorf("root basis %q", rep.Basis)
			}
		case "certs/agents/agent03.contoso.com.pfx":
			if rep.Basis != "rule at .certlint.toml:9" || !strings.Contains(rep.Findings[0].Message, "agent02.contoso.com") {
				t.Errorf("agent03: basis %q, %+v", rep.Basis, rep.Findings)
			}
		}
	}

	// Fixing agent05 (here: accepting its warning with fail_on error) leaves
	// the bad agent: still 1. Without agent03 and with fail-on error: 0.
	res = r.run(t, ".", "lint", "--fail-on", "error")
	wantCode(t, res, 1)
	if !strings.Contains(res.stdout, "agent03.contoso.com.pfx") || !strings.Contains(res.stdout, "  linted as        local, host agent03.contoso.com (rule at .certlint.toml:9)\n") ||
		!strings.Contains(res.stdout, "  ACCEPT  w_opsmgr_rsa_key_too_short  lab agent on a 1024-bit key") {
		t.Errorf("text output:\n%s", res.stdout)
	}
	res = r.run(t, ".", "lint", "--fail-on", "error", "certs/agents/agent01.contoso.com.pfx", "certs/agents/agent04.contoso.com.pfx", "certs/agents/agent05.contoso.com.pfx", "certs/management-servers", "certs/roots")
	wantCode(t, res, 0)

	// From a subdirectory: the configuration is found upward, paths are
	// matched from its directory.
	res = r.run(t, "certs/agents", "lint", "--format", "json", "agent03.contoso.com.pfx", "agent02.contoso.com.pfx")
	wantCode(t, res, 1)
	checkRepoReports(t, res.stdout, "", map[string]fileView{
		"agent03.contoso.com.pfx": wantRepo["certs/agents/agent03.contoso.com.pfx"],
		"agent02.contoso.com.pfx": wantRepo["certs/agents/agent02.contoso.com.pfx"],
	})
	// From outside, with --config and absolute paths.
	res = r.run(t, "..", "lint", "--format", "json", "--config", filepath.Join(r.Dir, ".certlint.toml"), filepath.Join(r.Dir, "certs"))
	wantCode(t, res, 1)
	checkRepoReports(t, res.stdout, r.Dir, wantRepo)

	// A flag wins over the configuration: --host for every file.
	res = r.run(t, ".", "lint", "--format", "json", "--host", "agent03.contoso.com", "certs/agents/agent03.contoso.com.pfx")
	wantCode(t, res, 1)
	if v := viewOf(decodeLines(t, res.stdout)[0]); v.host != "agent03.contoso.com" {
		t.Errorf("--host did not win: %s", v)
	}
}

// TestGateTrustMaterialWithoutConfig: a new user's first run, with flags
// only and no configuration: the roots and intermediates given are linted
// as CAs (no 20050, 20069 or 21036 on them); every other file as the one
// --role says.
func TestGateTrustMaterialWithoutConfig(t *testing.T) {
	r := newGateRepo(t)
	res := r.run(t, ".", "lint", "--no-config", "--format", "json", "--password-env", "PKI_PFX_PASSWORD",
		"--roots", "certs/roots/root.cer", "--intermediates", "certs/roots/issuing.crt", "certs")
	wantCode(t, res, 1)
	for _, rep := range decodeLines(t, res.stdout) {
		name := filepath.ToSlash(rep.File)
		v := viewOf(rep)
		switch {
		case strings.HasPrefix(name, "certs/roots/"):
			if v.role != "ca" || len(v.findings) != 0 {
				t.Errorf("%s: %s", name, v)
			}
		case strings.HasPrefix(name, "certs/management-servers/"):
			// Without a rule they are linted as the default role local:
			// their private key is missing (21036). That is what the
			// per-path rules are for.
			if v.role != "local" || !slices.Contains(v.findings, "e_opsmgr_private_key_missing") {
				t.Errorf("%s: %s", name, v)
			}
		}
	}
	if strings.TrimSpace(res.stderr) != "" {
		t.Errorf("stderr: %s", res.stderr)
	}

	// --role ca: an intermediate checked on its own, as a CA.
	res = r.run(t, ".", "lint", "--no-config", "--format", "json", "--role", "ca", "--roots", "certs/roots/root.cer", "certs/roots/issuing.crt")
	wantCode(t, res, 0)
	if v := viewOf(decodeLines(t, res.stdout)[0]); v.role != "ca" || len(v.findings) != 0 {
		t.Errorf("--role ca: %s", v)
	}
	// The same certificate as a computer's own: the computer-certificate
	// findings are back.
	res = r.run(t, ".", "lint", "--no-config", "--format", "json", "--role", "local", "--roots", "certs/roots/root.cer", "certs/roots/issuing.crt")
	wantCode(t, res, 1)
	if v := viewOf(decodeLines(t, res.stdout)[0]); v.role != "local" || !slices.Contains(v.findings, "e_opsmgr_private_key_missing") || !slices.Contains(v.findings, "w_opsmgr_ca_certificate_as_leaf") {
		t.Errorf("--role local on a CA: %s", v)
	}
}

// TestGateCIFormats: the repository through --format junit, github and
// sarif, as the documented CI recipes run it.
func TestGateCIFormats(t *testing.T) {
	r := newGateRepo(t)
	res := r.run(t, ".", "lint", "--format", "junit")
	wantCode(t, res, 1)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
				SystemOut string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("junit: %v\n%s", err, res.stdout)
	}
	failed := map[string]int{}
	for _, c := range doc.Suites[0].Cases {
		failed[filepath.ToSlash(c.Name)] = len(c.Failures)
	}
	if doc.Tests != 9 || doc.Failures != 2 || failed["certs/agents/agent03.contoso.com.pfx"] != 1 || failed["certs/agents/agent05.contoso.com.pfx"] != 1 {
		t.Errorf("junit: tests %d failures %d %v", doc.Tests, doc.Failures, failed)
	}

	res = r.run(t, ".", "lint", "--format", "github")
	wantCode(t, res, 1)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "::error file=certs/agents/agent03.contoso.com.pfx,title=certlint e_opsmgr_host_name_mismatch") ||
		!strings.HasPrefix(lines[1], "::warning file=certs/agents/agent05.contoso.com.pfx,title=certlint w_opsmgr_cert_expiring_soon") {
		t.Errorf("github:\n%s", res.stdout)
	}

	res = r.run(t, ".", "lint", "--format", "sarif")
	wantCode(t, res, 1)
	log := checkSARIF(t, res.stdout)
	if !strings.Contains(res.stdout, `"originalUriBaseIds":{"SRCROOT":{"uri":"file://`) || !strings.Contains(res.stdout, `"uriBaseId":"SRCROOT"`) {
		t.Errorf("sarif: no SRCROOT base")
	}
	if n := len(log.Runs[0].Results); n != 2 {
		t.Errorf("sarif: %d results, want 2", n)
	}
}

// TestGateBaselineCommand: certlint baseline writes today's findings; lint
// then passes and says nothing; re-issuing the bad agent's certificate makes
// its entry one that no longer matches.
func TestGateBaselineCommand(t *testing.T) {
	r := newGateRepo(t)
	if err := os.Remove(filepath.Join(r.Dir, ".certlint-baseline.toml")); err != nil {
		t.Fatal(err)
	}
	res := r.run(t, ".", "baseline")
	wantCode(t, res, 0)
	if !strings.Contains(res.stderr, "certlint: baseline: wrote 2 finding(s) of 2 file(s) to .certlint-baseline.toml") {
		t.Errorf("baseline stderr: %s", res.stderr)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, ".certlint-baseline.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"file = \"certs/agents/agent03.contoso.com.pfx\"\nsubject = \"CN=agent02.contoso.com\"\nthumbprint = \"" + r.Files["certs/agents/agent03.contoso.com.pfx"].Thumbprint + "\"\nlint = \"e_opsmgr_host_name_mismatch\"\nstatus = \"error\"\n",
		"lint = \"w_opsmgr_cert_expiring_soon\"",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("baseline lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "w_opsmgr_rsa_key_too_short") {
		t.Errorf("the baseline holds a finding the configuration already accepts:\n%s", data)
	}
	res = r.run(t, ".", "lint")
	wantCode(t, res, 0)
	if res.stderr != "" {
		t.Errorf("stderr after baseline: %s", res.stderr)
	}

	// agent03 re-issued for its own name: its entry matches nothing now.
	issuing := r.Files["certs/roots/issuing.crt"].Cert
	leaf := testpki.PKI{Org: "Contoso PKI", RSALeaves: true}.Leaf(t, "agent03.contoso.com", issuing)
	pfx, err := pkcs12.Modern.Encode(leaf.Key, leaf.X, []*x509.Certificate{issuing.X}, repoPassword)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(r.Dir, "certs", "agents", "agent03.contoso.com.pfx"), pfx)
	res = r.run(t, ".", "lint")
	wantCode(t, res, 0)
	if !strings.HasPrefix(res.stderr, "certlint: .certlint-baseline.toml:") || strings.Count(res.stderr, "\n") != 1 ||
		!strings.Contains(res.stderr, "no finding matches this entry any more (e_opsmgr_host_name_mismatch on "+r.Files["certs/agents/agent03.contoso.com.pfx"].Thumbprint+" (certs/agents/agent03.contoso.com.pfx)): the certificate was fixed or replaced") {
		t.Errorf("stale entry not named:\n%s", res.stderr)
	}
}

func TestGateConfigErrors(t *testing.T) {
	for _, c := range []struct {
		name, config, want string
	}{
		{"unknown key", "roots = []\nfail-on = \"warn\"\n", "certlint: .certlint.toml:2: unknown key \"fail-on\" in the configuration"},
		{"suppression without reason", "[[suppress]]\nthumbprint = \"" + strings.Repeat("0", 40) + "\"\nlint = \"e_opsmgr_cert_expired\"\n", "certlint: .certlint.toml:1: the [[suppress]] at line 1 has no reason"},
		{"bad glob", "\n[[rule]]\nmatch = \"certs/{agents/*.pfx\"\n", "certlint: .certlint.toml:3: bad glob in match"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newGateRepo(t)
			writeFile(t, filepath.Join(r.Dir, ".certlint.toml"), []byte(c.config))
			res := r.run(t, "certs", "lint", "agents")
			wantCode(t, res, 2)
			if res.stdout != "" || !strings.HasPrefix(res.stderr, strings.Replace(c.want, ".certlint.toml", filepath.Join("..", ".certlint.toml"), 1)) || strings.Count(res.stderr, "\n") != 1 {
				t.Errorf("stdout %q stderr %q, want %q", res.stdout, res.stderr, c.want)
			}
		})
	}
}

// TestGateInit: certlint init writes a configuration that gives every file
// of the repository its role and host; it refuses to replace one without
// --force.
func TestGateInit(t *testing.T) {
	r := newGateRepo(t)
	res := r.run(t, ".", "init", "--password-env", "PKI_PFX_PASSWORD", ".")
	wantCode(t, res, 2)
	if !strings.Contains(res.stderr, ".certlint.toml exists (--force replaces it") {
		t.Errorf("init over an existing file: %q", res.stderr)
	}
	res = r.run(t, ".", "init", "--force", "--password-env", "PKI_PFX_PASSWORD", ".")
	wantCode(t, res, 0)
	if !strings.HasPrefix(res.stdout, "wrote .certlint.toml: 9 files (1 root, 1 intermediate, 5 local, 2 remote)\n") {
		t.Errorf("init: %q", res.stdout)
	}
	if err := os.Remove(filepath.Join(r.Dir, ".certlint-baseline.toml")); err != nil {
		t.Fatal(err)
	}
	res = exeGuarded(t, runSpec{dir: r.Dir, env: []string{"CERTLINT_PASSWORD=" + repoPassword}}, "lint", "--format", "json")
	wantCode(t, res, 1)
	want := map[string]fileView{}
	for name, v := range wantRepo {
		v.accepted = nil
		if strings.HasSuffix(name, "agent04.contoso.com.pfx") {
			v.findings = []string{"w_opsmgr_rsa_key_too_short"}
		}
		if strings.HasSuffix(name, "agent05.contoso.com.pfx") {
			v.findings = []string{"w_opsmgr_cert_expiring_soon"}
		}
		want[name] = v
	}
	checkRepoReports(t, res.stdout, "", want)
}

// TestGateExpiryWarning: --expiry-warning sets the window of
// w_opsmgr_cert_expiring_soon (agent05 expires in 10 days), "off" turns it
// off, a bad value is a usage error; the configuration's expiry_warning is
// the default and a rule's wins over it for its files.
func TestGateExpiryWarning(t *testing.T) {
	r := newGateRepo(t)
	agent05 := "certs/agents/agent05.contoso.com.pfx"
	for _, c := range []struct {
		window string
		code   int
	}{{"5d", 0}, {"2w", 1}, {"216h", 0}, {"264h", 1}, {"off", 0}} {
		res := r.run(t, ".", "lint", "--no-config", "--password-env", "PKI_PFX_PASSWORD", "--host", "agent05.contoso.com",
			"--roots", "certs/roots/root.cer", "--fail-on", "warn", "--expiry-warning", c.window, agent05)
		if res.code != c.code {
			t.Errorf("--expiry-warning %s: exit %d, want %d\n%s%s", c.window, res.code, c.code, res.stdout, res.stderr)
		}
	}
	res := r.run(t, ".", "lint", "--no-config", "--expiry-warning", "soon", agent05)
	wantUsageError(t, res, "--expiry-warning")

	cfg := "password_env = \"PKI_PFX_PASSWORD\"\nroots = \"certs/roots/root.cer\"\nfail_on = \"warn\"\nexpiry_warning = \"5d\"\n" +
		"[[rule]]\nmatch = \"certs/agents/agent05*\"\nhost = \"{stem}\"\n"
	writeFile(t, filepath.Join(r.Dir, ".certlint.toml"), []byte(cfg))
	res = r.run(t, ".", "lint", "--baseline", os.DevNull, agent05)
	wantCode(t, res, 0)
	writeFile(t, filepath.Join(r.Dir, ".certlint.toml"), []byte(cfg+"expiry_warning = \"60d\"\n"))
	res = r.run(t, ".", "lint", "--baseline", os.DevNull, agent05)
	wantCode(t, res, 1)
	res = r.run(t, ".", "lint", "--baseline", os.DevNull, "--expiry-warning", "1d", agent05)
	wantCode(t, res, 0)
}
