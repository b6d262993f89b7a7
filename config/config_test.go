package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints"
)

func known(name string) bool { return certlint.LintByName(name) != nil }

// parse parses text as /repo/.certlint.toml.
func parse(t *testing.T, text string) (*File, error) {
	t.Helper()
	dir := filepath.Join(string(filepath.Separator), "repo")
	if runtime.GOOS == "windows" {
		dir = `C:\repo`
	}
	return Parse(filepath.Join(dir, FileName), []byte(text), Options{KnownLint: known, WorkDir: dir})
}

const example = `# the repository's certificates
roots = ["certs/roots/root.cer"]
intermediates = "certs/roots/issuing.crt"
password_env = "PKI_PFX_PASSWORD"
fail_on = "warn"
expiry_warning = "60d"
exclude = ["w_opsmgr_short_host_name"]
paths = ["certs"]

[[rule]]
match = "certs/agents/*.pfx"
role = "local"
host = "{stem}"

[[rule]]
match = ["certs/management-servers/*.cer", "certs/gateways/**/*.cer"]
role = "remote"
host = "{stem}.contoso.com"
exclude = ["w_opsmgr_weak_signature_algorithm"]
expiry_warning = "2w"

[[suppress]]
thumbprint = "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01"
lint = "w_opsmgr_rsa_key_too_short"
reason = "legacy agent, replaced in the Q3 rollout"
expires = 2026-09-30
`

func TestParseExample(t *testing.T) {
	f, err := parse(t, example)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Roots) != 1 || filepath.ToSlash(f.Roots[0].Value)[len(filepath.ToSlash(f.Dir)):] != "/certs/roots/root.cer" || f.Roots[0].Line != 2 {
		t.Errorf("roots %+v", f.Roots)
	}
	if len(f.Intermediates) != 1 || f.Intermediates[0].Line != 3 {
		t.Errorf("intermediates %+v", f.Intermediates)
	}
	if f.PasswordEnv == nil || f.PasswordEnv.Value != "PKI_PFX_PASSWORD" || f.FailOn == nil || f.FailOn.Value != "warn" {
		t.Errorf("password_env %+v fail_on %+v", f.PasswordEnv, f.FailOn)
	}
	if f.ExpiryWarning == nil || *f.ExpiryWarning != 60*24*time.Hour {
		t.Errorf("expiry_warning %v", f.ExpiryWarning)
	}
	if len(f.Rules) != 2 || f.Rules[0].Line != 10 || f.Rules[1].Role != certlint.RoleRemote || *f.Rules[1].ExpiryWarning != 14*24*time.Hour {
		t.Fatalf("rules %+v", f.Rules)
	}
	s := f.Suppressions[0]
	if s.Thumbprint != "ABCDEF0123456789ABCDEF0123456789ABCDEF01" || s.Line != 22 || s.Source != ".certlint.toml:22" ||
		!s.Expires.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("suppression %+v", s)
	}
	for path, want := range map[string]string{
		"certs/agents/agent01.contoso.com.pfx":   "local agent01.contoso.com",
		"certs/agents/sub/agent01.pfx":           "none",
		"certs/management-servers/ms01.cer":      "remote ms01.contoso.com",
		"certs/gateways/gw01.cer":                "remote gw01.contoso.com",
		"certs/gateways/emea/paris/gw02.cer":     "remote gw02.contoso.com",
		"certs/management-servers/ms01.cer.bak":  "none",
		"other/certs/management-servers/ms1.cer": "none",
	} {
		r, _ := f.Match(filepath.Join(f.Dir, filepath.FromSlash(path)))
		got := "none"
		if r != nil {
			got = string(r.Role) + " " + r.ExpandHost(path)
		}
		if got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
}

// TestParseErrors: each mistake is one error naming the file and the line,
// and never repeating a value that could be a password.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"unknown top-level key", "fail_on = \"warn\"\nfailon = \"error\"\n", `.certlint.toml:2: unknown key "failon" in the configuration`},
		{"unknown key in a rule", "[[rule]]\nmatch = \"a/*.pfx\"\nrol = \"local\"\n", `.certlint.toml:3: unknown key "rol" in the [[rule]] at line 1 (known keys: match, role, host, exclude, expiry_warning)`},
		{"unknown key in a suppression", "[[suppress]]\nthumbprint = \"" + strings.Repeat("A", 40) + "\"\nlint = \"e_opsmgr_cert_expired\"\nreason = \"x\"\nuntil = 2026-01-01\n", `.certlint.toml:5: unknown key "until" in the [[suppress]] at line 1`},
		{"a password", "password = \"hunter2\"\n", `.certlint.toml:1: unknown key "password" in the configuration: certlint never reads a password from its configuration file`},
		{"a suppression without a reason", "[[suppress]]\nthumbprint = \"" + strings.Repeat("A", 40) + "\"\nlint = \"e_opsmgr_cert_expired\"\n", `.certlint.toml:1: the [[suppress]] at line 1 has no reason`},
		{"an empty reason", "\n[[suppress]]\nthumbprint = \"" + strings.Repeat("A", 40) + "\"\nlint = \"e_opsmgr_cert_expired\"\nreason = \"  \"\n", `.certlint.toml:2: the [[suppress]] at line 2 has no reason`},
		{"a suppression without a thumbprint", "[[suppress]]\nlint = \"e_opsmgr_cert_expired\"\nreason = \"x\"\n", `.certlint.toml:1: the [[suppress]] at line 1 has no thumbprint`},
		{"a short thumbprint", "[[suppress]]\nthumbprint = \"ABCD\"\nlint = \"e_opsmgr_cert_expired\"\nreason = \"x\"\n", `.certlint.toml:2: thumbprint must be the certificate's SHA-1 thumbprint`},
		{"an unknown lint", "exclude = [\"e_opsmgr_nope\"]\n", `.certlint.toml:1: unknown lint e_opsmgr_nope in exclude`},
		{"a bad date", "[[suppress]]\nthumbprint = \"" + strings.Repeat("A", 40) + "\"\nlint = \"e_opsmgr_cert_expired\"\nreason = \"x\"\nexpires = \"next year\"\n", `.certlint.toml:5: expires in the [[suppress]] at line 1 must be a date`},
		{"an unclosed [", "\n\n[[rule]]\nmatch = \"certs/[ab.pfx\"\n", `.certlint.toml:4: bad glob in match: the glob has a [ without its ]`},
		{"an unclosed {", "[[rule]]\nmatch = [\"ok/*.pfx\",\n  \"certs/{a,b.pfx\"]\n", `.certlint.toml:2: bad glob in match: the glob has a { without its }`},
		{"a stray }", "[[rule]]\nmatch = \"certs/a}.pfx\"\n", `.certlint.toml:2: bad glob in match: the glob has a } without its {`},
		{"a backslash", "[[rule]]\nmatch = 'certs\\agents\\*.pfx'\n", `.certlint.toml:2: bad glob in match: a glob uses / between directories`},
		{"an absolute glob", "[[rule]]\nmatch = \"/etc/*.pem\"\n", `.certlint.toml:2: bad glob in match: the glob is an absolute path`},
		{"a glob leaving the tree", "[[rule]]\nmatch = \"../*.pem\"\n", `.certlint.toml:2: bad glob in match: the glob leaves`},
		{"** inside a segment", "[[rule]]\nmatch = \"certs/a**/x.pem\"\n", `.certlint.toml:2: bad glob in match: ** must be a whole path segment`},
		{"a rule without match", "[[rule]]\nrole = \"local\"\n", `.certlint.toml:1: the [[rule]] at line 1 has no match`},
		{"a bad role", "[[rule]]\nmatch = \"a\"\nrole = \"server\"\n", `.certlint.toml:3: role must be local`},
		{"a bad host", "[[rule]]\nmatch = \"a\"\nhost = \"{name}.contoso.com\"\n", `.certlint.toml:3: host must be a host name`},
		{"a bad fail_on", "fail_on = \"warning\"\n", `.certlint.toml:1: fail_on must be notice, warn or error`},
		{"a bad duration", "expiry_warning = \"a month\"\n", `.certlint.toml:1: expiry_warning: want a duration`},
		{"a wrong type", "roots = 3\n", `.certlint.toml:1: roots in the configuration must be a string or an array of strings`},
		{"not TOML", "roots = [\"a\"\nfail_on = \"hunter2\n", `.certlint.toml:`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, c.text)
			if err == nil {
				t.Fatalf("accepted:\n%s", c.text)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, c.want) {
				t.Errorf("error %q, want it to start with %q", msg, c.want)
			}
			if strings.Contains(msg, "hunter2") || strings.Contains(msg, "\n") {
				t.Errorf("error %q repeats a value or spans lines", msg)
			}
		})
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		glob string
		yes  []string
		no   []string
	}{
		{"certs/agents/*.pfx", []string{"certs/agents/a.pfx", "certs/agents/.pfx"}, []string{"certs/agents/x/a.pfx", "certs/agents/a.pfx.bak", "certs/agents/a.cer"}},
		{"certs/roots/{root.cer,issuing.crt}", []string{"certs/roots/root.cer", "certs/roots/issuing.crt"}, []string{"certs/roots/other.cer", "certs/roots/root.crt"}},
		{"certs/roots", []string{"certs/roots/root.cer", "certs/roots/a/b.pem", "certs/roots"}, []string{"certs/rootsx/a.cer", "certs/root"}},
		{"**/*.p12", []string{"a.p12", "x/y/a.p12"}, []string{"a.pfx"}},
		{"certs/**/gw?.cer", []string{"certs/gw1.cer", "certs/a/b/gw2.cer"}, []string{"certs/gw10.cer", "xcerts/gw1.cer"}},
		{"certs/**", []string{"certs/a", "certs/a/b"}, []string{"cert/a"}},
		{"ms[0-9][!a-c].cer", []string{"ms1d.cer"}, []string{"ms1a.cer", "msx1.cer"}},
		{"a+b(c)/x.pem", []string{"a+b(c)/x.pem"}, []string{"aab(c)/x.pem"}},
		{"[]-]x", []string{"]x", "-x"}, []string{"ax"}},
		{"{a,b{c,d}}/*.pem", []string{"a/1.pem", "bc/1.pem", "bd/1.pem"}, []string{"b/1.pem", "c/1.pem"}},
		{"./certs//a.pem", []string{"certs/a.pem"}, []string{"certs/b.pem"}},
	} {
		g, err := compileGlob(c.glob)
		if err != nil {
			t.Errorf("%s: %v", c.glob, err)
			continue
		}
		for _, p := range c.yes {
			if !g.match(p) {
				t.Errorf("%s does not match %s", c.glob, p)
			}
		}
		for _, p := range c.no {
			if g.match(p) {
				t.Errorf("%s matches %s", c.glob, p)
			}
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "6w": 42 * 24 * time.Hour, "720h": 720 * time.Hour, "0": -1, "off": -1} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-5d", "1.5d", "soon", "0s", "99999999d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || (p != "" && strings.HasPrefix(p, root)) {
		t.Fatalf("no file: %q %v", p, err)
	}
	cfg := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(cfg, []byte("fail_on = \"warn\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != cfg {
		t.Errorf("Find = %q %v, want %q", p, err, cfg)
	}
	// A nearer one wins.
	near := filepath.Join(root, "a", "b", FileName)
	if err := os.WriteFile(near, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if p, _ := Find(deep); p != near {
		t.Errorf("Find = %q, want %q", p, near)
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	entries := []*Entry{
		{File: "certs/b.pfx", Subject: `CN=b,O="x"`, Thumbprint: strings.Repeat("B", 40), Lint: "e_opsmgr_cert_expired", Status: "error", Reason: "accepted \\ \"as is\"\x01"},
		{File: "certs/a.pfx", Thumbprint: strings.Repeat("A", 40), Lint: "w_opsmgr_cert_expiring_soon", Status: "warn", Reason: "r", Expires: time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)},
	}
	var buf strings.Builder
	if err := WriteBaseline(&buf, entries, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	b, err := ParseBaseline("/repo/"+BaselineName, []byte(buf.String()), Options{KnownLint: known, WorkDir: "/repo"})
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(b.Entries) != 2 || b.Entries[0].File != "certs/a.pfx" || !b.Entries[0].Expires.Equal(entries[1].Expires) ||
		b.Entries[1].Reason != entries[0].Reason || b.Entries[1].Subject != entries[0].Subject || b.Entries[1].Source != BaselineName+":14" {
		t.Errorf("round trip:\n%s\n%+v %+v", buf.String(), b.Entries[0], b.Entries[1])
	}
	if !strings.Contains(buf.String(), "expires = 2026-07-01\n") {
		t.Errorf("expires not written as the last valid day:\n%s", buf.String())
	}
	// An entry without a reason is refused, naming the line.
	_, err = ParseBaseline("/repo/"+BaselineName, []byte("[[finding]]\nthumbprint = \""+strings.Repeat("A", 40)+"\"\nlint = \"e_opsmgr_cert_expired\"\n"), Options{KnownLint: known, WorkDir: "/repo"})
	if err == nil || !strings.HasPrefix(err.Error(), BaselineName+":1: the [[finding]] at line 1 has no reason") {
		t.Errorf("entry without reason: %v", err)
	}
	if b, err := LoadBaseline(filepath.Join(t.TempDir(), "none.toml"), Options{}); b != nil || err != nil {
		t.Errorf("missing baseline: %v %v", b, err)
	}
}
