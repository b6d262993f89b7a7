package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/certlint/certlint/machine"
	"github.com/certlint/certlint/machine/machinetest"
)

const machineHost = "agent01.contoso.com"

// fakeMachine makes `certlint machine` read f instead of this computer.
func fakeMachine(t *testing.T, f *machinetest.Fake) {
	t.Helper()
	old := localSystem
	localSystem = func() (machine.System, error) { return f, nil }
	t.Cleanup(func() { localSystem = old })
}

// goodMachine is a computer whose registered certificate is good, plus a
// second certificate for another name.
func goodMachine(t *testing.T) (*machinetest.Fake, *testpki.Cert, *testpki.Cert) {
	p := testpki.PKI{Org: "Contoso", RSALeaves: true}
	root := p.CA(t, "Contoso Root CA", nil)
	good := p.Leaf(t, machineHost, root)
	other := p.Leaf(t, "web.contoso.com", root)
	f := &machinetest.Fake{FQDN: machineHost, Roots: [][]byte{root.DER}, My: [][]byte{other.DER, good.DER}}
	f.Register(good.DER)
	return f, good, other
}

func TestMachineCommand(t *testing.T) {
	f, good, other := goodMachine(t)
	fakeMachine(t, f)

	r := runCLI(t, "", "machine", "--at", at)
	wantCode(t, r, 0)
	for _, s := range []string{machine.StorePath(machinetest.Thumbprint(good.DER)), "CN=" + machineHost, "chain            trusted", "no findings", "1 file: 0 errors"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("text output lacks %q:\n%s", s, r.stdout)
		}
	}

	r = runCLI(t, "", "machine", "--at", at, "--format", "json", "--host", "web.contoso.com")
	wantCode(t, r, 1)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].Certificate == nil || reps[0].Certificate.SHA1 != machinetest.Thumbprint(good.DER) {
		t.Fatalf("JSON reports %+v, want the registered certificate", reps)
	}
	if got := findingNames(reps[0]); len(got) != 1 || got[0] != "e_opsmgr_host_name_mismatch" {
		t.Errorf("findings %v, want the host name mismatch only", got)
	}

	r = runCLI(t, "", "machine", "--at", at, "--candidates", "--format", "json")
	wantCode(t, r, 1) // the other certificate does not name this computer
	reps = decodeLines(t, r.stdout)
	if len(reps) != 2 || reps[0].Certificate.SHA1 != machinetest.Thumbprint(good.DER) || reps[1].Certificate.SHA1 != machinetest.Thumbprint(other.DER) {
		t.Fatalf("candidates %+v, want the good certificate first", reps)
	}
	if got, want := reps[0].Certificate.RegistrySerial, strings.ToUpper(hex.EncodeToString(machinetest.RegistrySerial(good.DER))); got != want {
		t.Errorf("registry value %s, want %s", got, want)
	}

	r = runCLI(t, "", "machine", "--at", at, "--format", "sarif")
	wantCode(t, r, 0)
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, clip(r.stdout))
	}
	if n, want := len(log.Runs[0].Tool.Driver.Rules), len(certlint.Lints())+len(machine.Lints()); n != want {
		t.Errorf("%d SARIF rules, want the registered and the machine lints (%d)", n, want)
	}
}

func TestMachineFindings(t *testing.T) {
	f, good, _ := goodMachine(t)
	fakeMachine(t, f)
	delete(f.Settings, machine.ValueSerial)
	r := runCLI(t, "", "machine", "--at", at, "--format", "json")
	wantCode(t, r, 1)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].Certificate != nil || reps[0].File != machine.SettingsPath {
		t.Fatalf("reports %+v, want one about the settings key", reps)
	}
	if ev := findingEvents(reps[0]); len(ev) != 1 || ev[0] != 21022 {
		t.Errorf("events %v, want 21022", ev)
	}
	if !strings.Contains(reps[0].Findings[0].Message, machinetest.Thumbprint(good.DER)) {
		t.Errorf("message %q does not name the certificate that fits", reps[0].Findings[0].Message)
	}

	// A warning fails the run only with --fail-on warn.
	f.Register(good.DER)
	f.Settings[machine.ValueHash] = machinetest.String("00")
	wantCode(t, runCLI(t, "", "machine", "--at", at), 0)
	r = runCLI(t, "", "machine", "--at", at, "--fail-on", "warn")
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "w_opsmgr_machine_certificate_hash_mismatch") {
		t.Errorf("output lacks the hash finding:\n%s", r.stdout)
	}
	// --include and --exclude take machine lints too.
	wantCode(t, runCLI(t, "", "machine", "--at", at, "--fail-on", "warn", "--exclude", "w_opsmgr_machine_certificate_hash_mismatch"), 0)
	r = runCLI(t, "", "machine", "--at", at, "--fail-on", "warn", "--include", "e_opsmgr_host_name_mismatch", "--verbose")
	wantCode(t, r, 0)
	if strings.Count(r.stdout, "opsmgr_") != 1 {
		t.Errorf("--include of one lint reports others:\n%s", r.stdout)
	}
}

func TestMachineErrors(t *testing.T) {
	f, _, _ := goodMachine(t)
	fakeMachine(t, f)
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"argument", []string{"machine", "x.pfx"}, "takes no arguments"},
		{"format", []string{"machine", "--format", "xml"}, "--format"},
		{"fail-on", []string{"machine", "--fail-on", "never"}, "--fail-on"},
		{"at", []string{"machine", "--at", "tomorrow"}, "--at"},
		{"host", []string{"machine", "--host", " "}, "--host is empty"},
		{"unknown lint", []string{"machine", "--include", "e_opsmgr_no_such_lint"}, "unknown lint e_opsmgr_no_such_lint"},
		{"secret-looking lint", []string{"machine", "--exclude", "Hunter2!"}, "unknown lint name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", tc.args...)
			wantUsageError(t, r, tc.msg)
			if strings.Contains(r.stderr, "Hunter2") {
				t.Errorf("stderr repeats the value: %s", r.stderr)
			}
		})
	}

	f.RegErr = errors.New("access denied")
	wantUsageError(t, runCLI(t, "", "machine"), "machine: reading "+machine.SettingsPath)
	f.RegErr = nil
	f.My = nil
	wantUsageError(t, runCLI(t, "", "machine", "--candidates"), "holds no certificate")
	f.My = [][]byte{{0x30, 0x00}}
	r := runCLI(t, "", "machine", "--candidates")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, `Cert:\LocalMachine\My\`) {
		t.Errorf("stderr %q does not name the unreadable certificate", r.stderr)
	}
}

func findingNames(r report.JSONLine) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Lint)
	}
	return out
}
