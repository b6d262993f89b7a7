package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/events"
	"github.com/certlint/certlint/certlint/report"
)

const (
	td = "../../testdata"
	// fixturePassword is the published fixture password (testdata/password.txt).
	fixturePassword = "certlint-example"
	// at is the evaluation time the fixtures' expected findings assume.
	at = "2026-06-01T00:00:00Z"
)

// binary is the certlint binary built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	// The tests choose the password source; an inherited one would change them.
	os.Unsetenv("CERTLINT_PASSWORD")
	os.Unsetenv("NO_COLOR")
	dir, err := os.MkdirTemp("", "certlint-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "certlint")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gobin, "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building certlint: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the app in process, as main would, with stdin as standard input.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"certlint"}, args...), strings.NewReader(stdin), &out, &errb)
	r := result{out.String(), errb.String(), code}
	checkNoSecrets(t, args, r)
	return r
}

// exe runs the built binary.
func exe(t *testing.T, stdin []byte, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out.String(), errb.String(), exitCode(t, err)}
	checkNoSecrets(t, args, r)
	return r
}

// exitCode is the exit status of a run of the binary that ended with err;
// an error other than an exit status (the binary did not start) fails t.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// wrongPassword is used by the wrong-password cases; like the fixture
// password it must never be printed.
const wrongPassword = "Wr0ng-Secret-7f3a"

// checkNoSecrets fails the test when a password appears in the output. Every
// run of the tests goes through it.
func checkNoSecrets(t *testing.T, args []string, r result) {
	t.Helper()
	for _, secret := range []string{fixturePassword, wrongPassword} {
		if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
			t.Errorf("certlint %s printed a password:\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
}

func p(name string) string { return filepath.Join(td, name) }

func pwFile() string { return p("password.txt") }

func decodeLines(t *testing.T, s string) []report.JSONLine {
	t.Helper()
	var out []report.JSONLine
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	for dec.More() {
		var r report.JSONLine
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("decoding JSON Lines: %v\n%s", err, s)
		}
		out = append(out, r)
	}
	if n := strings.Count(s, "\n"); n != len(out) {
		t.Errorf("%d lines for %d objects: not JSON Lines", n, len(out))
	}
	return out
}

func findingEvents(r report.JSONLine) []int {
	var out []int
	for _, f := range r.Findings {
		if f.Event != nil {
			out = append(out, *f.Event)
		}
	}
	return out
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, clip(r.stdout), clip(r.stderr))
	}
}

// clip shortens output for a failure message.
func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "\n[...]"
	}
	return s
}

// wantUsageError checks exit status 2 and one line on stderr, nothing on stdout.
func wantUsageError(t *testing.T, r result, contains string) {
	t.Helper()
	wantCode(t, r, 2)
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "certlint: ") || !strings.Contains(r.stderr, contains) {
		t.Errorf("stderr = %q, want one line with %q", r.stderr, contains)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
}

func TestLintExamplesText(t *testing.T) {
	r := runCLI(t, "", "lint", "--password-file", pwFile(), "--at", at, p("examples"))
	wantCode(t, r, 1)
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
	files := []string{"fail_eku_server_only.pfx", "fail_keysig.pfx", "fail_no_private_key.pfx", "good_agent.pfx"}
	last := -1
	for _, f := range files {
		i := strings.Index(r.stdout, filepath.Join(td, "examples", f)+" (pkcs12)\n")
		if i < 0 || i < last {
			t.Errorf("%s missing or out of order:\n%s", f, r.stdout)
		}
		last = i
	}
	for _, want := range []string{"event 20050: ", "event 20069: ", "event 20077: ", "fix: ", "related events: 21021, 21007, 21016\n", "thumbprint       ", "registry serial  ", "  OK      no findings\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.HasSuffix(r.stdout, "\n4 files: 3 errors, 0 warnings, 0 unreadable\n") {
		t.Errorf("summary line:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour codes on a non-terminal")
	}
}

func TestLintExamplesJSON(t *testing.T) {
	r := runCLI(t, "", "lint", "--format", "json", "--password-file", pwFile(), "--at", at, p("examples"))
	wantCode(t, r, 1)
	reps := decodeLines(t, r.stdout)
	want := map[string][]int{
		"fail_eku_server_only.pfx": {20050},
		"fail_keysig.pfx":          {20069},
		"fail_no_private_key.pfx":  {20077},
		"good_agent.pfx":           nil,
	}
	if len(reps) != len(want) {
		t.Fatalf("%d reports, want %d", len(reps), len(want))
	}
	var names []string
	for _, rep := range reps {
		base := filepath.Base(rep.File)
		names = append(names, base)
		if rep.Error != nil || rep.Format == nil || *rep.Format != "pkcs12" || rep.Certificate == nil {
			t.Errorf("%s: %+v", base, rep)
			continue
		}
		if got := findingEvents(rep); !slices.Contains(got, firstOr(want[base])) && want[base] != nil || want[base] == nil && len(rep.Findings) != 0 {
			t.Errorf("%s: events %v, want %v", base, got, want[base])
		}
		if rep.Certificate.Subject != "CN=agent01.contoso.test" || rep.Certificate.Issuer != "CN=certlint Test Issuing CA,O=certlint test" {
			t.Errorf("%s: subject %q", base, rep.Certificate.Subject)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("reports not in directory order: %v", names)
	}
}

func firstOr(s []int) int {
	if len(s) == 0 {
		return 0
	}
	return s[0]
}

// TestLintJSONMatchesOpenSSL checks the identifying facts against openssl,
// an independent reading of the same certificate.
func TestLintJSONMatchesOpenSSL(t *testing.T) {
	r := runCLI(t, "", "lint", "--format", "json", "--role", "remote", p("good_agent.cer"))
	wantCode(t, r, 0)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].Certificate == nil {
		t.Fatalf("reports: %+v", reps)
	}
	c := reps[0].Certificate
	out, err := exec.Command("openssl", "x509", "-inform", "DER", "-in", p("good_agent.cer"), "-noout", "-serial", "-fingerprint", "-sha1").Output()
	if err != nil {
		t.Fatalf("openssl: %v", err)
	}
	o := string(out)
	// openssl: "serial=0123AB..." (without a DER sign byte) and "SHA1 Fingerprint=AB:CD:...".
	serial := strings.TrimSpace(between(o, "serial=", "\n"))
	if strings.TrimLeft(c.Serial, "0") != strings.TrimLeft(serial, "0") {
		t.Errorf("serial %s, openssl says %s", c.Serial, serial)
	}
	fp := strings.ReplaceAll(strings.TrimSpace(between(o, "Fingerprint=", "\n")), ":", "")
	if c.SHA1 != fp {
		t.Errorf("sha1 %s, openssl says %s", c.SHA1, fp)
	}
	// registry_serial is serial reversed byte by byte.
	var rev []string
	for i := len(c.Serial); i >= 2; i -= 2 {
		rev = append(rev, c.Serial[i-2:i])
	}
	if c.RegistrySerial != strings.Join(rev, "") {
		t.Errorf("registry_serial %s is not serial %s reversed", c.RegistrySerial, c.Serial)
	}
	if c.NotBefore != "2025-01-01T00:00:00Z" || c.NotAfter != "2035-01-01T00:00:00Z" {
		t.Errorf("validity %s .. %s", c.NotBefore, c.NotAfter)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		s = s[:j]
	}
	return s
}

// sarifLog is the part of a SARIF 2.1.0 log checked here.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID               string
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text string }
					Properties       struct {
						Event         *int  `json:"event"`
						RelatedEvents []int `json:"related_events"`
					}
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           struct{ StartLine int }
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        *bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
	}
}

// checkSARIF checks what SARIF 2.1.0 and GitHub code scanning require of
// the log (certlint's own tests check the writer in more depth).
func checkSARIF(t *testing.T, data string) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(data), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, data)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("log header: version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "certlint" || d.InformationURI == "" || d.Version == "" {
		t.Errorf("driver %q %q %q", d.Name, d.InformationURI, d.Version)
	}
	if len(d.Rules) != len(certlint.Lints()) {
		t.Errorf("%d rules, want every lint (%d)", len(d.Rules), len(certlint.Lints()))
	}
	for _, rule := range d.Rules {
		if rule.ID == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" || rule.Properties.RelatedEvents == nil {
			t.Errorf("rule %+v lacks a required field", rule)
		}
	}
	for i, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, res.RuleIndex, res.RuleID)
		}
		if !slices.Contains([]string{"error", "warning", "note", "none"}, res.Level) || res.Message.Text == "" {
			t.Errorf("result %d: level %q message %q", i, res.Level, res.Message.Text)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		// A PFX has no lines: no region (SARIF 3.30.2); a PEM file has.
		if u := pl.ArtifactLocation.URI; u == "" || strings.Contains(u, `\`) || strings.HasPrefix(u, "/") ||
			(strings.HasSuffix(u, ".pfx") && pl.Region.StartLine != 0) || (strings.HasSuffix(u, ".pem") && pl.Region.StartLine < 1) {
			t.Errorf("result %d: location %+v", i, pl)
		}
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil {
		t.Fatalf("invocations: %+v", run.Invocations)
	}
	return log
}

func TestLintSARIF(t *testing.T) {
	r := runCLI(t, "", "lint", "--format", "sarif", "--password-file", pwFile(), "--at", at, p("examples"))
	wantCode(t, r, 1)
	log := checkSARIF(t, r.stdout)
	run := log.Runs[0]
	byFile := map[string][]string{}
	for _, res := range run.Results {
		u := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		byFile[u] = append(byFile[u], res.RuleID)
		if res.Level != "error" {
			t.Errorf("%s %s: level %s", u, res.RuleID, res.Level)
		}
	}
	for _, f := range []string{"fail_eku_server_only.pfx", "fail_keysig.pfx", "fail_no_private_key.pfx"} {
		if len(byFile["../../testdata/examples/"+f]) == 0 {
			t.Errorf("no result for %s: %v", f, byFile)
		}
	}
	if len(byFile["../../testdata/examples/good_agent.pfx"]) != 0 {
		t.Errorf("results for the good agent: %v", byFile)
	}
	if !*run.Invocations[0].ExecutionSuccessful {
		t.Error("executionSuccessful false with every input read")
	}
}

func TestLintStdin(t *testing.T) {
	data, err := os.ReadFile(p("good_agent.pem"))
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, string(data), "lint", "--format", "json", "--at", at, "-")
	wantCode(t, r, 0)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].File != "-" || *reps[0].Format != "pem" || len(reps[0].Findings) != 0 {
		t.Errorf("stdin: %+v", reps)
	}
	// PFX on stdin with the password from the environment.
	data, err = os.ReadFile(p("fail_keysig.pfx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CERTLINT_PASSWORD", fixturePassword)
	r = runCLI(t, string(data), "lint", "--at", at, "-")
	wantCode(t, r, 1)
	if !strings.HasPrefix(r.stdout, "- (pkcs12)\n") || !strings.Contains(r.stdout, "event 20069") {
		t.Errorf("stdin PFX:\n%s", r.stdout)
	}
}

// TestLintDirectory lints the whole fixture directory: one report per
// certificate file, in walk order, the same for every format.
func TestLintDirectory(t *testing.T) {
	var want []string
	for path, err := range certlint.WalkPaths([]string{td}) {
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, path)
	}
	if len(want) < 35 {
		t.Fatalf("only %d fixture files", len(want))
	}
	r := runCLI(t, "", "lint", "--format", "json", "--password-file", pwFile(), "--at", at, td)
	reps := decodeLines(t, r.stdout)
	var got []string
	for _, rep := range reps {
		got = append(got, rep.File)
		if rep.Error != nil {
			t.Errorf("%s: %s", rep.File, *rep.Error)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("files:\n got %v\nwant %v", got, want)
	}
	wantCode(t, r, 1)
	byBase := map[string]report.JSONLine{}
	for _, rep := range reps {
		byBase[filepath.ToSlash(strings.TrimPrefix(rep.File, td+string(filepath.Separator)))] = rep
	}
	for file, ev := range map[string]int{
		"fail_eku_server_only.pfx": 20050, "fail_no_eku.pfx": 20050, "fail_keysig.pfx": 20069,
		"fail_ksp.pfx": 20069, "fail_ecdsa.pfx": 20069, "fail_key_mismatch.pfx": 20068,
		"fail_empty_subject.pfx": 20075, "fail_expired.pfx": 20051, "fail_not_yet_valid.pfx": 20051,
		"fail_no_private_key.pfx": 20077, "fail_ku_no_keyencipherment.pfx": 20049,
	} {
		if !slices.Contains(findingEvents(byBase[file]), ev) {
			t.Errorf("%s: events %v, want %d", file, findingEvents(byBase[file]), ev)
		}
	}
	for _, file := range []string{"good_agent.pfx", "good_agent_legacy.pfx", "good_agent_lmk.pfx", "good_agent_nopassword.pfx", "good_agent_noattrs.pfx", "good_ms.pfx", "good_agent.pem", "good_agent_pkcs1.pem", "good_agent_encrypted.pem"} {
		if f := byBase[file].Findings; len(f) != 0 {
			t.Errorf("%s: findings %+v", file, f)
		}
	}
}

// TestLintMixedBatch: one unreadable input among good and bad ones: exit 2,
// its cause on stderr in one line, the others still reported in order.
func TestLintMixedBatch(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pfx")
	if err := os.WriteFile(garbage, []byte("this is not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{p("good_agent.pfx"), p("fail_keysig.pfx"), garbage, p("missing.pfx"), p("good_ms.pfx")}
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"lint", "--format", format, "--password-file", pwFile(), "--at", at}, args...)...)
			wantCode(t, r, 2)
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "certlint: "+garbage+": ") || !strings.HasPrefix(lines[1], "certlint: "+p("missing.pfx")+": ") {
				t.Errorf("stderr:\n%s", r.stderr)
			}
			switch format {
			case "json":
				reps := decodeLines(t, r.stdout)
				if len(reps) != len(args) {
					t.Fatalf("%d reports for %d inputs", len(reps), len(args))
				}
				for i, rep := range reps {
					if rep.File != args[i] {
						t.Errorf("report %d is %s, want %s", i, rep.File, args[i])
					}
					if unreadable := i == 2 || i == 3; unreadable != (rep.Error != nil) {
						t.Errorf("%s: error %v", rep.File, rep.Error)
					}
				}
				if !slices.Contains(findingEvents(reps[1]), 20069) {
					t.Errorf("fail_keysig.pfx not linted: %+v", reps[1])
				}
				if !strings.Contains(lines[0], *reps[2].Error) {
					t.Errorf("stderr %q and JSON %q give different causes", lines[0], *reps[2].Error)
				}
			case "sarif":
				log := checkSARIF(t, r.stdout)
				inv := log.Runs[0].Invocations[0]
				if *inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 2 {
					t.Errorf("invocation %+v", inv)
				}
			case "text":
				if !strings.HasSuffix(r.stdout, "5 files: 1 error, 0 warnings, 2 unreadable\n") {
					t.Errorf("summary:\n%s", r.stdout)
				}
				if i, j := strings.Index(r.stdout, "good_agent.pfx"), strings.Index(r.stdout, "good_ms.pfx"); i < 0 || j < i {
					t.Errorf("order:\n%s", r.stdout)
				}
			}
		})
	}
}

func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	crlf := write("crlf.txt", []byte(fixturePassword+"\r\nsecond line\r\n"))
	noEOL := write("noeol.txt", []byte(fixturePassword))
	bom := write("bom.txt", append([]byte("\xef\xbb\xbf"), fixturePassword+"\n"...))
	var u16 []byte
	u16 = append(u16, 0xff, 0xfe)
	for _, c := range fixturePassword + "\r\n" {
		u16 = append(u16, byte(c), 0)
	}
	utf16 := write("utf16.txt", u16)
	wrong := write("wrong.txt", []byte(wrongPassword+"\n"))
	empty := write("empty.txt", nil)

	pfx := p("good_agent.pfx")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		err  string
	}{
		{"file", nil, []string{"--password-file", pwFile()}, 0, ""},
		{"file with CRLF", nil, []string{"--password-file", crlf}, 0, ""},
		{"file without line end", nil, []string{"--password-file", noEOL}, 0, ""},
		{"file with UTF-8 BOM", nil, []string{"--password-file", bom}, 0, ""},
		{"UTF-16 file (PowerShell 5 Out-File)", nil, []string{"--password-file", utf16}, 0, ""},
		{"default env", map[string]string{"CERTLINT_PASSWORD": fixturePassword}, nil, 0, ""},
		{"named env", map[string]string{"PFX_PW": fixturePassword}, []string{"--password-env", "PFX_PW"}, 0, ""},
		{"file wins over default env", map[string]string{"CERTLINT_PASSWORD": wrongPassword}, []string{"--password-file", pwFile()}, 0, ""},
		{"none", nil, nil, 2, "password required"},
		{"wrong file", nil, []string{"--password-file", wrong}, 2, "wrong password"},
		{"wrong env", map[string]string{"CERTLINT_PASSWORD": wrongPassword}, nil, 2, "wrong password"},
		{"empty file", nil, []string{"--password-file", empty}, 2, "wrong password"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			args := append(append([]string{"lint", "--at", at}, c.args...), pfx)
			r := runCLI(t, "", args...)
			wantCode(t, r, c.code)
			if c.err != "" && (!strings.Contains(r.stderr, c.err) || !strings.Contains(r.stderr, pfx)) {
				t.Errorf("stderr %q, want the file and %q", r.stderr, c.err)
			}
		})
	}

	// A file protected by the empty password opens with no password at all.
	wantCode(t, runCLI(t, "", "lint", "--at", at, p("good_agent_nopassword.pfx")), 0)

	// Usage errors.
	wantUsageError(t, runCLI(t, "", "lint", "--password-file", pwFile(), "--password-env", "X", pfx), "not both")
	// The variable name and the file path are not repeated: either may be
	// a password typed into the wrong flag.
	r := runCLI(t, "", "lint", "--password-env", "CERTLINT_TEST_UNSET_VARIABLE", pfx)
	wantUsageError(t, r, "--password-env: the environment variable named is not set")
	if strings.Contains(r.stderr, "CERTLINT_TEST_UNSET_VARIABLE") {
		t.Errorf("the --password-env value is repeated: %q", r.stderr)
	}
	r = runCLI(t, "", "lint", "--password-file", filepath.Join(dir, "nope.txt"), pfx)
	wantUsageError(t, r, "--password-file: no such file or directory")
	if strings.Contains(r.stderr, "nope.txt") {
		t.Errorf("the --password-file value is repeated: %q", r.stderr)
	}
}

func TestFailOn(t *testing.T) {
	// warn_sha1.pfx has a warning and nothing worse.
	file := p("warn_sha1.pfx")
	for _, c := range []struct {
		failOn string
		code   int
	}{{"", 0}, {"error", 0}, {"warn", 1}, {"notice", 1}} {
		args := []string{"lint", "--password-file", pwFile(), "--at", at}
		if c.failOn != "" {
			args = append(args, "--fail-on", c.failOn)
		}
		r := runCLI(t, "", append(args, file)...)
		if r.code != c.code {
			t.Errorf("--fail-on %q: exit %d, want %d\n%s%s", c.failOn, r.code, c.code, r.stdout, r.stderr)
		}
	}
	// An error fails at every level; a clean file at none.
	for _, level := range []string{"notice", "warn", "error"} {
		wantCode(t, runCLI(t, "", "lint", "--password-file", pwFile(), "--at", at, "--fail-on", level, p("fail_keysig.pfx")), 1)
		wantCode(t, runCLI(t, "", "lint", "--password-file", pwFile(), "--at", at, "--fail-on", level, p("good_agent.pfx")), 0)
	}
	wantUsageError(t, runCLI(t, "", "lint", "--fail-on", "warning", file), "--fail-on")
}

func TestIncludeExclude(t *testing.T) {
	file := p("fail_keysig.pfx")
	base := []string{"lint", "--format", "json", "--password-file", pwFile(), "--at", at}
	r := runCLI(t, "", append(base, file)...)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || len(reps[0].Findings) == 0 {
		t.Fatalf("fail_keysig.pfx: %+v", reps)
	}
	target := reps[0].Findings[0].Lint

	// --exclude the finding's lint: it is gone.
	r = runCLI(t, "", append(base, "--exclude", target, file)...)
	for _, f := range decodeLines(t, r.stdout)[0].Findings {
		if f.Lint == target {
			t.Errorf("--exclude %s: still reported", target)
		}
	}
	// --include another lint only: verbose shows exactly that one result.
	other := "e_" // any other lint
	for _, l := range certlint.Lints() {
		if l.Name != target {
			other = l.Name
			break
		}
	}
	r = runCLI(t, "", append(base, "--verbose", "--include", other, file)...)
	if f := decodeLines(t, r.stdout)[0].Findings; len(f) != 1 || f[0].Lint != other {
		t.Errorf("--include %s --verbose: findings %+v", other, f)
	}
	// Comma-separated and repeated forms.
	r = runCLI(t, "", append(base, "--verbose", "--include", target+","+other, file)...)
	if f := decodeLines(t, r.stdout)[0].Findings; len(f) != 2 {
		t.Errorf("--include a,b: %d results, want 2", len(f))
	}
	r = runCLI(t, "", append(base, "--verbose", "--include", target, "--include", other, file)...)
	if f := decodeLines(t, r.stdout)[0].Findings; len(f) != 2 {
		t.Errorf("--include a --include b: %d results, want 2", len(f))
	}

	wantUsageError(t, runCLI(t, "", "lint", "--include", "e_no_such_lint", file), "unknown lint e_no_such_lint")
	wantUsageError(t, runCLI(t, "", "lint", "--exclude", "e_no_such_lint", file), "unknown lint e_no_such_lint")
	// A value that does not look like a lint name is not repeated.
	r = runCLI(t, "", "lint", "--include", "Not A Lint!", file)
	wantUsageError(t, r, "unknown lint name")
	if strings.Contains(r.stderr, "Not A Lint") {
		t.Errorf("stderr repeats the value: %q", r.stderr)
	}
}

func TestVerbose(t *testing.T) {
	r := runCLI(t, "", "lint", "--format", "json", "--verbose", "--password-file", pwFile(), "--at", at, p("good_agent.pfx"))
	wantCode(t, r, 0)
	reps := decodeLines(t, r.stdout)
	if n := len(reps[0].Findings); n != len(certlint.Lints()) {
		t.Errorf("--verbose: %d results, want one per lint (%d)", n, len(certlint.Lints()))
	}
	r = runCLI(t, "", "lint", "--verbose", "--password-file", pwFile(), "--at", at, p("good_agent.pfx"))
	if !strings.Contains(r.stdout, "PASS  ") {
		t.Errorf("text --verbose shows no passing result:\n%s", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	file := p("good_agent.cer")
	wantUsageError(t, runCLI(t, "", "lint"), "no PATH")
	wantUsageError(t, runCLI(t, "", "lint", "--format", "xml", file), "--format")
	wantUsageError(t, runCLI(t, "", "lint", "--role", "gateway", file), "--role")
	wantUsageError(t, runCLI(t, "", "lint", "--at", "yesterday", file), "RFC 3339")
	wantUsageError(t, runCLI(t, "", "lint", "--no-such-flag", file), "--no-such-flag")
	wantUsageError(t, runCLI(t, "", "lint", file, "--format", "json"), "--format comes after a PATH")
	wantUsageError(t, runCLI(t, "", "frobnicate"), "unknown command")
	wantUsageError(t, runCLI(t, "", "lints", "--format", "sarif"), "--format")
	wantUsageError(t, runCLI(t, "", "lint", "--format"), "--format")
	// Values typed into the wrong flag are not repeated.
	for _, args := range [][]string{
		{"lint", "--verbose=" + fixturePassword, file},
		{"lint", "--format", fixturePassword, file},
		{"lint", "--role", fixturePassword, file},
		{"lint", "--fail-on", fixturePassword, file},
		{"lint", "--at", fixturePassword, file},
		{"lint", "--include", fixturePassword, file},
		{"lint", "--password=" + fixturePassword, file},
		{"lint", "---password-file=" + fixturePassword, file},
		{fixturePassword},
	} {
		r := runCLI(t, "", args...) // checkNoSecrets fails the test if it is printed
		wantCode(t, r, 2)
	}
}

func TestExplain(t *testing.T) {
	r := runCLI(t, "", "explain", "20069")
	wantCode(t, r, 0)
	e, _ := events.Lookup(20069)
	for _, want := range []string{"Event 20069 (certificate): " + e.Title, e.Meaning, "Fixes:", "Checks:", "certlint lints that detect it:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain 20069 lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range certlint.LintsForEvent(20069) {
		if !strings.Contains(r.stdout, "  - "+l.Name+"  (") {
			t.Errorf("explain 20069 does not name lint %s", l.Name)
		}
	}
	// The order of the events in the log, the confidence and a source a
	// reader can open; no project file.
	for _, want := range []string{"In the Operations Manager log, in this order:\n  1. 20069  ", "  2. 21021  ", "  3. 21007  ", "  4. 21016  ",
		"Confidence: documented by Microsoft\nSource: https://", "  - e_opsmgr_pfx_key_spec_signature  (first event; documented by Microsoft)\n",
		"  - w_opsmgr_pfx_key_provider_unrecognized  (related event; ", events.RecommendedCSP} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain 20069 lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, ".md") || strings.Contains(r.stdout, "shared/") {
		t.Errorf("explain 20069 points at a project file:\n%s", r.stdout)
	}
	// 21007: the symptom; it names the load event before it and lists the
	// lints whose defects lead to it.
	r = runCLI(t, "", "explain", "21007")
	wantCode(t, r, 0)
	for _, want := range []string{"  1. load event  ", "  2. 21021  ", "  3. 21007  ", "<- this event", "  - e_opsmgr_cert_expired  (related event; ", "  - e_opsmgr_host_name_mismatch  (related event; "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain 21007 lacks %q:\n%s", want, r.stdout)
		}
	}
	// 20049: low confidence, said so.
	r = runCLI(t, "", "explain", "20049")
	wantCode(t, r, 0)
	for _, want := range []string{"Confidence: inferred", "no message text", "  - e_opsmgr_ku_missing_digital_signature_or_key_encipherment  (first event; inferred"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain 20049 lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runCLI(t, "", "explain", "21006")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "Event 21006 (network)") || !strings.Contains(r.stdout, "5723") {
		t.Errorf("explain 21006:\n%s", r.stdout)
	}
	r = runCLI(t, "", "explain", "20069", "21006")
	if strings.Count(r.stdout, "\nEvent ") != 1 || !strings.HasPrefix(r.stdout, "Event 20069") {
		t.Errorf("explain 20069 21006: want two entries\n%s", r.stdout)
	}
	wantUsageError(t, runCLI(t, "", "explain", "99999"), "unknown event 99999")
	wantUsageError(t, runCLI(t, "", "explain", "20069", "abc"), "must be an event id")
	r = runCLI(t, "", "explain")
	wantCode(t, r, 0)
	if n := strings.Count(r.stdout, "\n"); n != len(events.All()) {
		t.Errorf("explain without arguments: %d lines for %d events", n, len(events.All()))
	}
	for _, want := range []string{"20049  certificate  inferred    ", "20052  certificate  field       ", "20053  certificate  documented  "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain without arguments lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestLints(t *testing.T) {
	lints := certlint.Lints()
	if len(lints) == 0 {
		t.Fatal("no lints registered")
	}
	r := runCLI(t, "", "lints")
	wantCode(t, r, 0)
	for _, l := range lints {
		if !strings.Contains(r.stdout, l.Name+"\n  status   ") {
			t.Errorf("lints text lacks %s", l.Name)
		}
		if l.Event != 0 && !strings.Contains(r.stdout, fmt.Sprintf("event %d: ", l.Event)) {
			t.Errorf("lints text lacks event %d of %s", l.Event, l.Name)
		}
	}
	r = runCLI(t, "", "lints", "--format", "json")
	wantCode(t, r, 0)
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	i := 0
	for dec.More() {
		var j report.JSONLint
		if err := dec.Decode(&j); err != nil {
			t.Fatal(err)
		}
		if i >= len(lints) || j.Name != lints[i].Name || (lints[i].Event != 0) != (j.Event != nil) || j.Description == "" || j.RelatedEvents == nil {
			t.Errorf("lint %d: %+v", i, j)
		}
		// A lint that names events shows where the mapping comes from and
		// how sure it is.
		if (j.Event != nil || len(j.RelatedEvents) > 0) && (!strings.HasPrefix(j.EventSource, "https://") ||
			!events.Confidence(j.EventConfidence).Valid()) {
			t.Errorf("lint %s: event mapping without source or confidence: %+v", j.Name, j)
		}
		i++
	}
	if i != len(lints) {
		t.Errorf("%d JSON lints, want %d", i, len(lints))
	}
}

func TestVersionAndHelp(t *testing.T) {
	r := runCLI(t, "", "version")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "certlint ") || !strings.Contains(r.stdout, "\nmodule   github.com/certlint/certlint ") ||
		!strings.Contains(r.stdout, "\ncommit   ") || !strings.Contains(r.stdout, "\ngo       go1.") {
		t.Errorf("version: %q", r.stdout)
	}
	r = runCLI(t, "", "--help")
	wantCode(t, r, 0)
	for _, cmd := range []string{"lint", "lints", "explain", "version"} {
		if !strings.Contains(r.stdout, "   "+cmd+" ") {
			t.Errorf("--help does not list %s:\n%s", cmd, r.stdout)
		}
	}
	r = runCLI(t, "", "lint", "--help")
	wantCode(t, r, 0)
	for _, flag := range []string{"--password-file FILE", "--password-env NAME", "--roots PATH", "--intermediates PATH", "--system-roots", "--host FQDN", "--role ROLE", "--at TIME", "--format FORMAT", "--fail-on STATUS", "--include NAME", "--exclude NAME", "--verbose", "Exit status:"} {
		if !strings.Contains(r.stdout, flag) {
			t.Errorf("lint --help lacks %q", flag)
		}
	}
	// Bare certlint prints the help.
	if r := runCLI(t, ""); r.code != 0 || !strings.Contains(r.stdout, "USAGE:") {
		t.Errorf("certlint: %d %q", r.code, r.stdout)
	}
}

func TestTrustFlags(t *testing.T) {
	base := []string{"lint", "--format", "json", "--password-file", pwFile(), "--at", at, "--roots", p("ca/root.pem")}
	r := runCLI(t, "", append(base, p("good_agent.pfx"), p("fail_unknown_root.pfx"), p("fail_missing_intermediate.pfx"))...)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 3 {
		t.Fatalf("%d reports\n%s", len(reps), r.stderr)
	}
	if len(reps[0].Findings) != 0 || reps[0].Chain == nil || !reps[0].Chain.Trusted || len(reps[0].Chain.Chain) != 3 {
		t.Errorf("good_agent.pfx with --roots: findings %+v, chain %+v", reps[0].Findings, reps[0].Chain)
	}
	for _, rep := range reps[1:] {
		if !slices.Contains(findingEvents(rep), 20072) || rep.Chain == nil || rep.Chain.Trusted {
			t.Errorf("%s with --roots: events %v, want 20072; chain %+v", rep.File, findingEvents(rep), rep.Chain)
		}
	}
	wantCode(t, r, 1)
	// Without a trust store there is no chain and no 20072.
	r = runCLI(t, "", "lint", "--format", "json", "--password-file", pwFile(), "--at", at, p("fail_unknown_root.pfx"))
	if reps := decodeLines(t, r.stdout); len(reps) != 1 || reps[0].Chain != nil || slices.Contains(findingEvents(reps[0]), 20072) {
		t.Errorf("without --roots: %+v", reps)
	}
	// --intermediates supplies the missing issuer.
	r = runCLI(t, "", append(base, "--intermediates", p("ca/intermediate.pem"), p("fail_missing_intermediate.pfx"))...)
	if reps := decodeLines(t, r.stdout); len(reps) != 1 || len(reps[0].Findings) != 0 || reps[0].Chain == nil || !reps[0].Chain.Trusted {
		t.Errorf("with --intermediates: %+v", reps)
	}
	wantUsageErrorCode := func(r result) {
		t.Helper()
		if r.code != 2 || !strings.Contains(r.stderr, "nope.pem") {
			t.Errorf("missing --roots file: exit %d, stderr %q", r.code, r.stderr)
		}
	}
	wantUsageErrorCode(runCLI(t, "", "lint", "--roots", p("nope.pem"), p("good_agent.cer")))
}

// TestNoSecretsAnywhere runs every command and format, verbose included,
// with the password given every way, and a wrong one; runCLI's checkNoSecrets
// fails the test if any password shows up. It also checks that no piece of
// the good agent's private key is printed.
func TestNoSecretsAnywhere(t *testing.T) {
	keyLines := privateKeyLines(t, p("good_agent.pem"))
	dir := t.TempDir()
	wrong := filepath.Join(dir, "wrong.txt")
	if err := os.WriteFile(wrong, []byte(wrongPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	inputs := []string{p("good_agent.pfx"), p("good_agent.pem"), p("good_agent_encrypted.pem"), p("fail_key_mismatch.pfx"), p("examples")}
	var runs []result
	for _, format := range []string{"text", "json", "sarif"} {
		for _, verbose := range []bool{false, true} {
			for _, pw := range [][]string{{"--password-file", pwFile()}, {"--password-file", wrong}, nil} {
				args := []string{"lint", "--format", format, "--at", at}
				if verbose {
					args = append(args, "--verbose")
				}
				args = append(append(args, pw...), inputs...)
				runs = append(runs, runCLI(t, "", args...))
			}
			t.Setenv("CERTLINT_PASSWORD", fixturePassword)
			runs = append(runs, runCLI(t, "", "lint", "--format", format, "--verbose", p("good_agent.pfx")))
			t.Setenv("CERTLINT_PASSWORD", wrongPassword)
			runs = append(runs, runCLI(t, "", "lint", "--format", format, "--verbose", p("good_agent.pfx")))
			os.Unsetenv("CERTLINT_PASSWORD")
		}
	}
	runs = append(runs, runCLI(t, "", "lints"), runCLI(t, "", "lints", "--format", "json"), runCLI(t, "", "explain", "20068"), runCLI(t, "", "version"))
	runs = append(runs, exe(t, nil, []string{"CERTLINT_PASSWORD=" + wrongPassword}, "lint", "--format", "json", "--verbose", p("good_agent.pfx")))
	for _, r := range runs {
		for _, line := range keyLines {
			if strings.Contains(r.stdout, line) || strings.Contains(r.stderr, line) {
				t.Fatalf("private key material printed: %q", line)
			}
		}
	}
	if want := 3*2*(3+2) + 4 + 1; len(runs) != want {
		t.Errorf("%d runs, want %d", len(runs), want)
	}
}

// privateKeyLines returns the base64 lines of the PRIVATE KEY block of a PEM
// file (each a 48-byte piece of the key).
func privateKeyLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	body := between(s, "-----BEGIN PRIVATE KEY-----\n", "-----END PRIVATE KEY-----")
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if len(l) >= 32 {
			lines = append(lines, l)
		}
	}
	if len(lines) < 10 {
		t.Fatalf("%s: no private key found", path)
	}
	return lines
}
