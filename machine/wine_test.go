package machine_test

import (
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/certlint/certlint/internal/winetest"
	"github.com/certlint/certlint/machine"
	"github.com/certlint/certlint/machine/internal/stage"
	"github.com/certlint/certlint/machine/machinetest"
)

// wineRun runs the real certlint.exe under Wine on a staged computer.
type wineRun struct {
	s                  *winetest.Session
	certlint, winstage string
}

// stage resets the computer and stages plan; it returns the computer's FQDN.
func (r *wineRun) stage(t *testing.T, plan stage.Plan) string {
	t.Helper()
	plan.Reset = true
	data, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	res := r.s.Run(t, r.winstage, winetest.WinPath(file))
	if res.Code != 0 {
		t.Fatalf("winstage: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	var out stage.Result
	if err := json.Unmarshal([]byte(res.Stdout), &out); err != nil || out.FQDN == "" {
		t.Fatalf("winstage output %q: %v", res.Stdout, err)
	}
	return out.FQDN
}

// machine runs certlint.exe machine --format json.
func (r *wineRun) machine(t *testing.T, args ...string) ([]report.JSONLine, winetest.Result) {
	t.Helper()
	res := r.s.Run(t, r.certlint, append([]string{"machine", "--format", "json"}, args...)...)
	var reps []report.JSONLine
	dec := json.NewDecoder(strings.NewReader(res.Stdout))
	for dec.More() {
		var rep report.JSONLine
		if err := dec.Decode(&rep); err != nil {
			t.Fatalf("certlint.exe output is not JSON Lines: %v\nstdout: %s\nstderr: %s", err, res.Stdout, res.Stderr)
		}
		reps = append(reps, rep)
	}
	return reps, res
}

func jsonFinding(rep report.JSONLine, name string) *report.JSONFinding {
	for i, f := range rep.Findings {
		if f.Lint == name {
			return &rep.Findings[i]
		}
	}
	return nil
}

func jsonNames(rep report.JSONLine) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Lint+" ("+f.Status+")")
	}
	return out
}

// wantJSON checks that the one report has the finding, with the status and
// the message parts given, and returns it.
func wantJSON(t *testing.T, reps []report.JSONLine, res winetest.Result, name, status string, parts ...string) *report.JSONFinding {
	t.Helper()
	if len(reps) != 1 {
		t.Fatalf("%d reports, want 1\nstdout: %s\nstderr: %s", len(reps), res.Stdout, res.Stderr)
	}
	f := jsonFinding(reps[0], name)
	if f == nil || f.Status != status {
		t.Fatalf("no %s finding of status %s; findings: %v\nstderr: %s", name, status, jsonNames(reps[0]), res.Stderr)
	}
	for _, p := range parts {
		if !strings.Contains(f.Message, p) {
			t.Errorf("%s: message %q lacks %q", name, f.Message, p)
		}
	}
	return f
}

func pkcs8(t *testing.T, c *testpki.Cert) []byte {
	t.Helper()
	b, err := x509.MarshalPKCS8PrivateKey(c.Key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWindowsUnderWine runs certlint.exe machine under Wine on computers
// staged with the real Windows APIs: certificates in LocalMachine\My with
// their keys in CryptoAPI containers, the registry values MOMCertImport
// writes, and roots in the computer's or the user's store.
func TestWindowsUnderWine(t *testing.T) {
	w := winetest.New(t)
	r := &wineRun{
		certlint: w.Build(t, "github.com/certlint/certlint/cmd/certlint"),
		winstage: w.Build(t, "github.com/certlint/certlint/machine/internal/winstage"),
	}
	now := time.Now().UTC().Truncate(time.Hour)
	valid := testpki.Validity(now.Add(-30*24*time.Hour), now.Add(365*24*time.Hour))
	p := testpki.PKI{Org: "certlint Wine test", RSALeaves: true}
	root := p.CA(t, "certlint Wine Test Root", nil, testpki.Key(testpki.NewRSAKey(t)), valid)

	// Session 1: the computer trusts the test root (LocalMachine\Root).
	r.s = w.StartWithRoots(t, root.DER)
	host := r.stage(t, stage.Plan{})
	leaf := func(cn string, opts ...testpki.Option) *testpki.Cert {
		return p.Leaf(t, cn, root, append([]testpki.Option{valid}, opts...)...)
	}
	good := leaf(host)
	register := func(c *testpki.Cert) ([]byte, string) {
		return machinetest.RegistrySerial(c.DER), machinetest.Thumbprint(c.DER)
	}
	serial, hash := register(good)

	t.Run("good", func(t *testing.T) {
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}}, Serial: serial, Hash: hash})
		reps, res := r.machine(t)
		if res.Code != 0 || len(reps) != 1 {
			t.Fatalf("exit %d, %d reports\nstdout: %s\nstderr: %s", res.Code, len(reps), res.Stdout, res.Stderr)
		}
		// No error; and no warning but the short-name one a computer
		// without a DNS domain (a CI container) gets.
		for _, f := range reps[0].Findings {
			if f.Status == "error" || f.Status == "fatal" || (f.Status == "warn" && f.Lint != "w_opsmgr_short_host_name") {
				t.Errorf("finding %s (%s): %s", f.Lint, f.Status, f.Message)
			}
		}
		if c := reps[0].Chain; c == nil || !c.Trusted || len(c.Chain) != 2 {
			t.Errorf("chain %+v, want the leaf and the trusted root", c)
		}
		if reps[0].Certificate == nil || reps[0].Certificate.SHA1 != hash {
			t.Errorf("checked %+v, want %s", reps[0].Certificate, hash)
		}
		// --verbose shows that the key opened and the name was checked.
		reps, res = r.machine(t, "--verbose")
		for _, n := range []string{"e_opsmgr_private_key_unusable", "e_opsmgr_machine_key_not_checked", "e_opsmgr_host_name_mismatch", "e_opsmgr_private_key_missing"} {
			if f := jsonFinding(reps[0], n); f == nil || (f.Status != "pass" && !(n == "e_opsmgr_private_key_unusable" && f.Status == "na")) {
				t.Errorf("%s: %+v", n, f)
			}
		}
	})

	t.Run("nothing registered", func(t *testing.T) {
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}}})
		reps, res := r.machine(t)
		f := wantJSON(t, reps, res, "e_opsmgr_machine_no_certificate_registered", "error", hash)
		if f.Event == nil || *f.Event != 21022 || res.Code != 1 {
			t.Errorf("event %v, exit %d; want 21022 and 1", f.Event, res.Code)
		}
	})

	t.Run("stale serial after a renewal", func(t *testing.T) {
		old := leaf(host, testpki.Validity(now.Add(-400*24*time.Hour), now.Add(-35*24*time.Hour)))
		oldSerial, _ := register(old)
		renewed := leaf(host)
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: renewed.DER, Key: pkcs8(t, renewed)}}, Serial: oldSerial})
		reps, res := r.machine(t)
		f := wantJSON(t, reps, res, "e_opsmgr_machine_registered_certificate_not_found", "error",
			machinetest.Thumbprint(renewed.DER), strings.ToUpper(hexOf(machinetest.RegistrySerial(renewed.DER))))
		if f.Event == nil || *f.Event != 20066 {
			t.Errorf("event %v, want 20066", f.Event)
		}
	})

	t.Run("renewal not registered", func(t *testing.T) {
		renewed := leaf(host, testpki.Validity(now.Add(-24*time.Hour), now.Add(400*24*time.Hour)))
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}, {DER: renewed.DER, Key: pkcs8(t, renewed)}}, Serial: serial})
		reps, res := r.machine(t)
		wantJSON(t, reps, res, "w_opsmgr_machine_renewal_not_registered", "warn", machinetest.Thumbprint(renewed.DER))
	})

	for _, tc := range []struct {
		name   string
		cert   stage.Cert
		lint   string
		events []int // the finding's event, or one of its related events
	}{
		{"signature key", stage.Cert{Signature: true}, "e_opsmgr_machine_key_spec_not_exchange", []int{20069}},
		{"KSP key", stage.Cert{Prop: &stage.Prop{Container: stage.ContainerPrefix + "ksp", Provider: "Microsoft Software Key Storage Provider",
			Flags: machine.FlagMachineKeySet}}, "e_opsmgr_machine_key_in_cng_ksp", []int{20069}},
		{"no key", stage.Cert{}, "e_opsmgr_private_key_missing", []int{20077, 20068, 21036}},
		{"user key set", stage.Cert{UserKeySet: true}, "e_opsmgr_machine_key_in_user_profile", []int{20068}},
		{"key container missing", stage.Cert{Prop: &stage.Prop{Container: stage.ContainerPrefix + "gone", Provider: stage.DefaultProvider,
			ProvType: stage.DefaultProvType, Flags: machine.FlagMachineKeySet, KeySpec: machine.KeySpecExchange}}, "e_opsmgr_private_key_unusable", []int{20068}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cert
			c.DER = good.DER
			if c.Prop == nil && tc.name != "no key" {
				c.Key = pkcs8(t, good)
			}
			r.stage(t, stage.Plan{Certs: []stage.Cert{c}, Serial: serial, Hash: hash})
			reps, res := r.machine(t)
			f := wantJSON(t, reps, res, tc.lint, "error")
			evs := f.RelatedEvents
			if f.Event != nil {
				evs = append(evs, *f.Event)
			}
			if !slices.ContainsFunc(tc.events, func(e int) bool { return slices.Contains(evs, e) }) {
				t.Errorf("%s carries events %v, want one of %v", tc.lint, evs, tc.events)
			}
			if res.Code != 1 {
				t.Errorf("exit %d, want 1", res.Code)
			}
		})
	}

	t.Run("wrong name", func(t *testing.T) {
		other := leaf("gw01.dmz.contoso.com")
		s, h := register(other)
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: other.DER, Key: pkcs8(t, other)}}, Serial: s, Hash: h})
		reps, res := r.machine(t)
		wantJSON(t, reps, res, "e_opsmgr_host_name_mismatch", "error", host)
		// --host names the computer as the management server knows it.
		reps, res = r.machine(t, "--host", "gw01.dmz.contoso.com")
		if len(reps) != 1 || jsonFinding(reps[0], "e_opsmgr_host_name_mismatch") != nil || res.Code != 0 {
			t.Errorf("with --host: exit %d, findings %v", res.Code, jsonNames(reps[0]))
		}
	})

	t.Run("duplicate subject", func(t *testing.T) {
		twin := leaf(host)
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}, {DER: twin.DER}}, Serial: serial, Hash: hash})
		reps, res := r.machine(t)
		wantJSON(t, reps, res, "w_opsmgr_machine_duplicate_subject", "warn", machinetest.Thumbprint(twin.DER))
		if res.Code != 0 {
			t.Errorf("exit %d for a warning, want 0", res.Code)
		}
	})

	t.Run("candidates", func(t *testing.T) {
		web := leaf("web.contoso.com")
		nokey := leaf(host)
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: web.DER, Key: pkcs8(t, web)}, {DER: nokey.DER}, {DER: good.DER, Key: pkcs8(t, good)}}})
		reps, res := r.machine(t, "--candidates")
		if len(reps) != 3 || reps[0].Certificate == nil || reps[0].Certificate.SHA1 != hash {
			t.Fatalf("candidates %v, want the good certificate first\nstderr: %s", reps, res.Stderr)
		}
		if got := reps[0].Certificate.RegistrySerial; got != strings.ToUpper(hexOf(serial)) {
			t.Errorf("registry value %s, want %s", got, hexOf(serial))
		}
	})
	r.s.Close()

	// Session 2: the root is only in the user's own Root store.
	r.s = w.StartWithRoots(t)
	t.Run("root only in CurrentUser", func(t *testing.T) {
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}}, Serial: serial, Hash: hash, UserRoots: [][]byte{root.DER}})
		reps, res := r.machine(t)
		f := wantJSON(t, reps, res, "w_opsmgr_machine_root_only_in_current_user", "warn", "certlint Wine Test Root", machinetest.Thumbprint(root.DER))
		if !slices.Contains(f.RelatedEvents, 20072) {
			t.Errorf("related events %v, want 20072", f.RelatedEvents)
		}
		wantJSON(t, reps, res, "e_opsmgr_chain_not_trusted", "error")

		// Without it there, the chain is still not trusted, but no root is
		// only in the user's store.
		r.stage(t, stage.Plan{Certs: []stage.Cert{{DER: good.DER, Key: pkcs8(t, good)}}, Serial: serial, Hash: hash})
		reps, res = r.machine(t)
		wantJSON(t, reps, res, "e_opsmgr_chain_not_trusted", "error")
		if f := jsonFinding(reps[0], "w_opsmgr_machine_root_only_in_current_user"); f != nil {
			t.Errorf("root-only warning without a user root: %s", f.Message)
		}
	})
}
