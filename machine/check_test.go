package machine_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	_ "github.com/certlint/certlint/lints"
	"github.com/certlint/certlint/machine"
	"github.com/certlint/certlint/machine/machinetest"
	"github.com/zmap/zlint/v3/lint"
)

// The checks are judged at this time, inside testpki's default validity.
var at = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

const host = "agent01.contoso.com"

// world is a computer with a root CA in LocalMachine\Root and nothing else.
type world struct {
	t    *testing.T
	p    testpki.PKI
	root *testpki.Cert
	f    *machinetest.Fake
}

func newWorld(t *testing.T) *world {
	t.Helper()
	p := testpki.PKI{Org: "Contoso", RSALeaves: true}
	root := p.CA(t, "Contoso Root CA", nil)
	return &world{t: t, p: p, root: root, f: &machinetest.Fake{FQDN: host, Roots: [][]byte{root.DER}}}
}

// leaf issues a computer certificate and puts it in LocalMachine\My.
func (w *world) leaf(cn string, opts ...testpki.Option) *testpki.Cert {
	w.t.Helper()
	c := w.p.Leaf(w.t, cn, w.root, opts...)
	w.f.My = append(w.f.My, c.DER)
	return c
}

func (w *world) key(c *testpki.Cert, edit func(*machine.KeyInfo)) {
	if w.f.Keys == nil {
		w.f.Keys = map[string]machine.KeyInfo{}
	}
	ki := machinetest.GoodKey()
	edit(&ki)
	w.f.Keys[string(c.DER)] = ki
}

func (w *world) check(opts machine.Options) *certlint.Report {
	w.t.Helper()
	if opts.At.IsZero() {
		opts.At = at
	}
	rep, err := machine.Check(w.f, opts)
	if err != nil {
		w.t.Fatalf("Check: %v", err)
	}
	if rep.Err != nil {
		w.t.Fatalf("Check: report error %v", rep.Err)
	}
	return rep
}

// findings lists the names of the results at or above warn.
func findings(rep *certlint.Report) []string {
	var out []string
	for _, r := range rep.Results {
		if r.Status >= lint.Warn {
			out = append(out, r.Lint.Name)
		}
	}
	return out
}

func result(t *testing.T, rep *certlint.Report, name string) certlint.Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Lint.Name == name {
			return r
		}
	}
	t.Fatalf("no result for %s; results: %v", name, findings(rep))
	return certlint.Result{}
}

// want checks that lint name reached status and that its message holds
// every part.
func want(t *testing.T, rep *certlint.Report, name string, status lint.LintStatus, parts ...string) certlint.Result {
	t.Helper()
	r := result(t, rep, name)
	if r.Status != status {
		t.Fatalf("%s: status %v, want %v (%s); findings %v", name, r.Status, status, r.Details, findings(rep))
	}
	for _, p := range parts {
		if !strings.Contains(r.Details, p) {
			t.Errorf("%s: message %q lacks %q", name, r.Details, p)
		}
	}
	return r
}

func TestCheckGood(t *testing.T) {
	w := newWorld(t)
	c := w.leaf(host)
	w.f.Register(c.DER)
	rep := w.check(machine.Options{})
	if f := findings(rep); len(f) > 0 {
		t.Fatalf("findings on a good computer: %v", f)
	}
	if want := machine.StorePath(machinetest.Thumbprint(c.DER)); rep.File != want {
		t.Errorf("File = %q, want %q", rep.File, want)
	}
	// The computer's FQDN was the host, the chain was built and trusted,
	// and the machine lints ran.
	for _, n := range []string{"e_opsmgr_host_name_mismatch", "e_opsmgr_chain_not_trusted", "e_opsmgr_private_key_missing",
		"e_opsmgr_machine_no_certificate_registered", "e_opsmgr_machine_registered_certificate_not_found",
		"e_opsmgr_machine_key_in_cng_ksp", "e_opsmgr_machine_key_spec_not_exchange", "e_opsmgr_machine_key_in_user_profile",
		"w_opsmgr_machine_certificate_hash_mismatch", "w_opsmgr_machine_duplicate_subject", "w_opsmgr_machine_renewal_not_registered",
		"w_opsmgr_machine_root_only_in_current_user"} {
		want(t, rep, n, lint.Pass)
	}
	if rep.Chain == nil || !rep.Chain.OK() || len(rep.Chain.Chain) != 2 {
		t.Fatalf("chain = %+v, want the leaf and the trusted root", rep.Chain)
	}
	if o := rep.Chain.Chain[1].Origin; o != chain.OriginSystem {
		t.Errorf("root origin %q, want %q", o, chain.OriginSystem)
	}
	if rep.Bundle.Leaf == nil || rep.Bundle.KeyCount != 1 || rep.Bundle.KeyError != nil {
		t.Errorf("bundle leaf %v, key count %d, key error %v", rep.Bundle.Leaf != nil, rep.Bundle.KeyCount, rep.Bundle.KeyError)
	}
}

func TestCheckNothingRegistered(t *testing.T) {
	t.Run("value absent", func(t *testing.T) {
		w := newWorld(t)
		c := w.leaf(host)
		w.f.Settings = map[string]machine.RegValue{}
		rep := w.check(machine.Options{})
		r := want(t, rep, "e_opsmgr_machine_no_certificate_registered", lint.Error,
			machine.ValueSerial+" is absent", machinetest.Thumbprint(c.DER), "no error or warning")
		if r.Lint.Event != 21022 {
			t.Errorf("event %d, want 21022", r.Lint.Event)
		}
		if rep.Bundle.Leaf != nil || rep.File != machine.SettingsPath {
			t.Errorf("report names %q with leaf %v, want the settings key and no certificate", rep.File, rep.Bundle.Leaf != nil)
		}
		if got := findings(rep); !slices.Equal(got, []string{"e_opsmgr_machine_no_certificate_registered"}) {
			t.Errorf("findings %v", got)
		}
	})
	t.Run("no settings key", func(t *testing.T) {
		w := newWorld(t)
		rep := w.check(machine.Options{})
		want(t, rep, "e_opsmgr_machine_no_certificate_registered", lint.Error, "does not exist", "no certificate in LocalMachine\\My names "+host)
	})
}

func TestCheckStaleSerial(t *testing.T) {
	w := newWorld(t)
	old := w.p.Leaf(t, host, w.root, testpki.Validity(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	w.f.Register(old.DER)
	renewed := w.leaf(host)
	other := w.leaf("web.contoso.com")
	rep := w.check(machine.Options{})
	r := want(t, rep, "e_opsmgr_machine_registered_certificate_not_found", lint.Error,
		"no certificate in LocalMachine\\My has it", machinetest.Thumbprint(renewed.DER),
		strings.ToUpper(hexOf(machinetest.RegistrySerial(renewed.DER))))
	if strings.Contains(r.Details, machinetest.Thumbprint(other.DER)) {
		t.Errorf("a certificate for another name is offered: %s", r.Details)
	}
	if r.Lint.Event != 20066 {
		t.Errorf("event %d, want 20066", r.Lint.Event)
	}

	t.Run("natural byte order", func(t *testing.T) {
		w.f.Settings[machine.ValueSerial] = machinetest.Binary(reverse(machinetest.RegistrySerial(renewed.DER)))
		want(t, w.check(machine.Options{}), "e_opsmgr_machine_registered_certificate_not_found", lint.Error, "natural byte order")
	})
	t.Run("string value", func(t *testing.T) {
		w.f.Settings[machine.ValueSerial] = machinetest.String(hexOf(machinetest.RegistrySerial(renewed.DER)))
		want(t, w.check(machine.Options{}), "e_opsmgr_machine_registered_certificate_not_found", lint.Error, "REG_SZ value")
	})
	t.Run("hash names a certificate", func(t *testing.T) {
		w.f.Settings[machine.ValueSerial] = machinetest.Binary([]byte{1, 2, 3})
		w.f.Settings[machine.ValueHash] = machinetest.String("\u200e" + strings.ToLower(machinetest.Thumbprint(renewed.DER)))
		want(t, w.check(machine.Options{}), "e_opsmgr_machine_registered_certificate_not_found", lint.Error,
			machine.ValueHash+" ("+machinetest.Thumbprint(renewed.DER)+") names")
	})
}

func TestCheckRenewalNotRegistered(t *testing.T) {
	day := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	w := newWorld(t)
	cur := w.leaf(host, testpki.Validity(day(2025, 6), day(2027, 6)))
	w.f.Register(cur.DER)
	rep := w.check(machine.Options{})
	want(t, rep, "w_opsmgr_machine_renewal_not_registered", lint.Pass)

	// Not a renewal: another name, no key, not yet valid, older.
	w.leaf("other.contoso.com", testpki.Validity(day(2026, 3), day(2028, 3)))
	nokey := w.leaf(host, testpki.Validity(day(2026, 3), day(2028, 3)))
	w.key(nokey, func(k *machine.KeyInfo) { *k = machine.KeyInfo{} })
	w.leaf(host, testpki.Validity(day(2026, 9), day(2028, 9)))
	w.leaf(host, testpki.Validity(day(2025, 1), day(2027, 1)))
	rep = w.check(machine.Options{})
	want(t, rep, "w_opsmgr_machine_renewal_not_registered", lint.Pass)

	renewed := w.leaf(host, testpki.Validity(day(2026, 5), day(2028, 5)))
	rep = w.check(machine.Options{})
	want(t, rep, "w_opsmgr_machine_renewal_not_registered", lint.Warn, machinetest.Thumbprint(renewed.DER), hexOf(machinetest.RegistrySerial(renewed.DER)))
}

func TestCheckDuplicateSubject(t *testing.T) {
	w := newWorld(t)
	c := w.leaf(host)
	w.f.Register(c.DER)
	w.leaf("other.contoso.com")
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_duplicate_subject", lint.Pass)
	dup := w.leaf(host)
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_duplicate_subject", lint.Warn, machinetest.Thumbprint(dup.DER), "CN="+host)
}

func TestCheckHashMismatch(t *testing.T) {
	w := newWorld(t)
	c := w.leaf(host)
	other := w.leaf("other.contoso.com")
	w.f.Register(c.DER)
	w.f.Settings[machine.ValueHash] = machinetest.String(strings.ToLower(machinetest.Thumbprint(c.DER)))
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_certificate_hash_mismatch", lint.Pass)
	w.f.Settings[machine.ValueHash] = machinetest.String(machinetest.Thumbprint(other.DER))
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_certificate_hash_mismatch", lint.Warn, machinetest.Thumbprint(c.DER), "names \"CN=other.contoso.com\"")
	w.f.Settings[machine.ValueHash] = machinetest.Binary([]byte{1})
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_certificate_hash_mismatch", lint.Warn, "REG_BINARY")
	delete(w.f.Settings, machine.ValueHash)
	want(t, w.check(machine.Options{}), "w_opsmgr_machine_certificate_hash_mismatch", lint.NA)
}

// selfSigned makes a self-signed computer certificate with a chosen serial
// number (testpki picks serials at random).
func selfSigned(t *testing.T, cn string, serial int64, key *rsa.PrivateKey) []byte {
	t.Helper()
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn, Organization: []string{cn}}, DNSNames: []string{host},
		NotBefore: at.AddDate(-1, 0, 0), NotAfter: at.AddDate(1, 0, 0),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestCheckSerialAmbiguous(t *testing.T) {
	key := testpki.SharedRSAKey(t)
	a, b := selfSigned(t, host, 0x4242, key), selfSigned(t, "Agent 01", 0x4242, key)
	f := &machinetest.Fake{FQDN: host, My: [][]byte{a, b}, Roots: [][]byte{a, b}}
	f.Register(b)
	rep, err := machine.Check(f, machine.Options{At: at})
	if err != nil {
		t.Fatal(err)
	}
	want(t, rep, "w_opsmgr_machine_registered_serial_ambiguous", lint.Warn, machinetest.Thumbprint(a), machinetest.Thumbprint(b))
	// ChannelCertificateHash says which of the two is meant.
	if rep.File != machine.StorePath(machinetest.Thumbprint(b)) {
		t.Errorf("checked %s, want the certificate the hash names", rep.File)
	}
}

func TestCheckKeyFacts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*machine.KeyInfo)
		lint   string
		status lint.LintStatus
		parts  []string
		event  int
	}{
		{"no key", func(k *machine.KeyInfo) { *k = machine.KeyInfo{} }, "e_opsmgr_private_key_missing", lint.Error, nil, 0},
		{"ksp", func(k *machine.KeyInfo) {
			k.Provider, k.ProvType, k.KeySpec = "Microsoft Software Key Storage Provider", machine.ProvTypeCNG, machine.KeySpecCNG
		}, "e_opsmgr_machine_key_in_cng_ksp", lint.Error, []string{"Microsoft Software Key Storage Provider"}, 20069},
		{"tpm ksp", func(k *machine.KeyInfo) {
			k.Provider, k.ProvType, k.KeySpec = "Microsoft Platform Crypto Provider", machine.ProvTypeCNG, machine.KeySpecCNG
		}, "e_opsmgr_machine_key_in_cng_ksp", lint.Error, []string{"Platform Crypto Provider"}, 20069},
		{"signature key", func(k *machine.KeyInfo) { k.KeySpec = machine.KeySpecSignature }, "e_opsmgr_machine_key_spec_not_exchange", lint.Error, []string{"AT_SIGNATURE"}, 20069},
		{"signature csp", func(k *machine.KeyInfo) {
			k.Provider, k.ProvType = "Microsoft RSA Signature Cryptographic Provider", machine.ProvRSASig
		},
			"e_opsmgr_machine_key_spec_not_exchange", lint.Error, []string{"PROV_RSA_SIG"}, 20069},
		{"schannel csp", func(k *machine.KeyInfo) {
			k.Provider, k.ProvType = "Microsoft RSA SChannel Cryptographic Provider", machine.ProvRSASChannel
		},
			"e_opsmgr_machine_key_spec_not_exchange", lint.Pass, nil, 20069},
		{"user key set", func(k *machine.KeyInfo) { k.Flags = 0 }, "e_opsmgr_machine_key_in_user_profile", lint.Error, []string{"current user's key set"}, 20068},
		{"key does not open", func(k *machine.KeyInfo) { k.OpenErr = errors.New("Keyset does not exist") }, "e_opsmgr_private_key_unusable", lint.Error,
			[]string{"Keyset does not exist", "computer's key set"}, 0},
		{"access denied", func(k *machine.KeyInfo) { k.OpenErr, k.OpenDenied = errors.New("Access is denied."), true }, "e_opsmgr_machine_key_not_checked", lint.Error,
			[]string{"Access is denied."}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			c := w.leaf(host)
			w.f.Register(c.DER)
			w.key(c, tc.edit)
			rep := w.check(machine.Options{})
			r := want(t, rep, tc.lint, tc.status, tc.parts...)
			if tc.event != 0 && r.Lint.Event != tc.event {
				t.Errorf("event %d, want %d", r.Lint.Event, tc.event)
			}
			if tc.status == lint.Pass {
				if f := findings(rep); len(f) > 0 {
					t.Errorf("findings %v", f)
				}
				return
			}
			// One defect, one finding (the duplicate KSP/KeySpec and
			// missing/unusable findings are not raised together).
			if f := findings(rep); len(f) != 1 {
				t.Errorf("findings %v, want only %s", f, tc.lint)
			}
		})
	}
}

func TestCheckHost(t *testing.T) {
	w := newWorld(t)
	c := w.leaf("gw01.dmz.contoso.com")
	w.f.Register(c.DER)
	want(t, w.check(machine.Options{}), "e_opsmgr_host_name_mismatch", lint.Error, host)
	want(t, w.check(machine.Options{Host: "GW01.dmz.contoso.com."}), "e_opsmgr_host_name_mismatch", lint.Pass)
}

func TestCheckRootOnlyInCurrentUser(t *testing.T) {
	t.Run("root", func(t *testing.T) {
		w := newWorld(t)
		c := w.leaf(host)
		w.f.Register(c.DER)
		w.f.Roots, w.f.UserRoot = nil, [][]byte{w.root.DER}
		rep := w.check(machine.Options{})
		want(t, rep, "w_opsmgr_machine_root_only_in_current_user", lint.Warn, "Contoso Root CA", machinetest.Thumbprint(w.root.DER))
		want(t, rep, "e_opsmgr_chain_not_trusted", lint.Error)
	})
	t.Run("above an intermediate", func(t *testing.T) {
		w := newWorld(t)
		inter := w.p.CA(t, "Contoso Issuing CA", w.root)
		c := w.p.Leaf(t, host, inter)
		w.f.My = [][]byte{c.DER}
		w.f.CA = [][]byte{inter.DER}
		w.f.Register(c.DER)
		rep := w.check(machine.Options{})
		want(t, rep, "w_opsmgr_machine_root_only_in_current_user", lint.Pass)
		if len(rep.Chain.Chain) != 3 || !rep.Chain.OK() {
			t.Fatalf("chain %+v, want leaf, intermediate and trusted root", rep.Chain.Chain)
		}
		w.f.Roots, w.f.UserRoot = nil, [][]byte{w.p.CA(t, "Unrelated Root", nil).DER, w.root.DER}
		rep = w.check(machine.Options{})
		want(t, rep, "w_opsmgr_machine_root_only_in_current_user", lint.Warn, "Contoso Root CA")
		want(t, rep, "e_opsmgr_chain_not_trusted", lint.Error, "Contoso Root CA")
	})
	t.Run("root nowhere", func(t *testing.T) {
		w := newWorld(t)
		c := w.leaf(host)
		w.f.Register(c.DER)
		w.f.Roots = nil
		w.f.UserRoot = [][]byte{w.p.CA(t, "Contoso Root CA", nil).DER} // same name, another key
		rep := w.check(machine.Options{})
		want(t, rep, "w_opsmgr_machine_root_only_in_current_user", lint.Pass)
		want(t, rep, "e_opsmgr_chain_not_trusted", lint.Error)
	})
}

func TestCandidates(t *testing.T) {
	w := newWorld(t)
	wrongName := w.leaf("web.contoso.com")
	good := w.leaf(host, testpki.Validity(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)))
	noKey := w.leaf(host)
	w.key(noKey, func(k *machine.KeyInfo) { *k = machine.KeyInfo{} })
	ksp := w.leaf("web.contoso.com")
	w.key(ksp, func(k *machine.KeyInfo) { k.ProvType, k.KeySpec = machine.ProvTypeCNG, machine.KeySpecCNG })
	later := w.leaf(host, testpki.Validity(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)))
	w.f.My = append(w.f.My, []byte{0x30, 0x03, 0x02, 0x01, 0x01}) // not a certificate
	reps, err := machine.Candidates(w.f, machine.Options{At: at})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range reps {
		got = append(got, r.File)
	}
	path := func(c *testpki.Cert) string { return machine.StorePath(machinetest.Thumbprint(c.DER)) }
	// Two clean certificates (the one valid longer first), then one error
	// each (key missing, host name), then two errors, then the unreadable
	// entry.
	if len(got) != 6 || got[0] != path(later) || got[1] != path(good) || got[4] != path(ksp) || reps[5].Err == nil {
		t.Fatalf("order %v\nwant %s, %s, {%s, %s}, %s, unreadable", got, path(later), path(good), path(noKey), path(wrongName), path(ksp))
	}
	// Three certificates have its subject: the only finding.
	if f := findings(reps[0]); !slices.Equal(f, []string{"w_opsmgr_machine_duplicate_subject"}) {
		t.Errorf("best candidate has findings %v", f)
	}
	info := cert.Describe(reps[0].Bundle.Leaf)
	if info.RegistrySerial != hexOf(machinetest.RegistrySerial(later.DER)) {
		t.Errorf("registry value %s, want %s", info.RegistrySerial, hexOf(machinetest.RegistrySerial(later.DER)))
	}
	for _, r := range reps[:5] {
		if res := result(t, r, "e_opsmgr_machine_no_certificate_registered"); res.Status != lint.NA {
			t.Errorf("%s: registry lint %v on a candidate", r.File, res.Status)
		}
	}
}

func TestSelection(t *testing.T) {
	w := newWorld(t)
	c := w.leaf("web.contoso.com")
	w.f.Register(c.DER)
	rep := w.check(machine.Options{Include: []string{"w_opsmgr_machine_duplicate_subject"}})
	if len(rep.Results) != 1 || rep.Results[0].Lint.Name != "w_opsmgr_machine_duplicate_subject" {
		t.Errorf("results %v, want the one machine lint", findings(rep))
	}
	rep = w.check(machine.Options{Include: []string{"e_opsmgr_host_name_mismatch"}})
	if len(rep.Results) != 1 || rep.Results[0].Status != lint.Error {
		t.Errorf("results %v, want only the host name lint, failing", findings(rep))
	}
	rep = w.check(machine.Options{Exclude: []string{"e_opsmgr_host_name_mismatch"}})
	if f := findings(rep); len(f) != 0 {
		t.Errorf("findings %v with the host name lint excluded", f)
	}
	opts := machine.Options{Include: []string{"e_opsmgr_host_name_mismatch", "e_opsmgr_machine_key_in_cng_ksp"}}
	lints, err := opts.SelectedLints()
	if err != nil || len(lints) != 2 {
		t.Errorf("SelectedLints = %d lints, %v", len(lints), err)
	}
	for _, bad := range []machine.Options{{Include: []string{"e_no_such_lint"}}, {Exclude: []string{"e_no_such_lint"}}} {
		if _, err := machine.Check(w.f, bad); err == nil || !strings.Contains(err.Error(), "e_no_such_lint") {
			t.Errorf("unknown lint: error %v", err)
		}
	}
	all := append([]string{}, names(certlint.Lints())...)
	all = append(all, names(machine.Lints())...)
	if _, err := machine.Check(w.f, machine.Options{Exclude: all}); !errors.Is(err, certlint.ErrNoLints) {
		t.Errorf("every lint excluded: error %v", err)
	}
}

func TestSystemErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		edit func(f *machinetest.Fake)
		msg  string
	}{
		{"registry", func(f *machinetest.Fake) { f.RegErr = boom }, machine.ValueSerial},
		{"store", func(f *machinetest.Fake) { f.StoreErr = map[machine.Store]error{machine.StoreMy: boom} }, `LocalMachine\My`},
		{"user root store", func(f *machinetest.Fake) {
			f.StoreErr = map[machine.Store]error{machine.StoreUserRoot: boom}
			f.Roots = nil
		}, `CurrentUser\Root`},
		{"fqdn", func(f *machinetest.Fake) { f.FQDNErr = boom }, "DNS name"},
		{"no fqdn", func(f *machinetest.Fake) { f.FQDN = "" }, "--host"},
		{"key", func(f *machinetest.Fake) { f.KeyErr = boom }, "key property"},
		{"chain", func(f *machinetest.Fake) { f.ChainErr = boom }, "chain"},
		{"too many", func(f *machinetest.Fake) {
			f.My = make([][]byte, machine.MaxStoreCertificates+1)
		}, "more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			c := w.leaf(host)
			w.f.Register(c.DER)
			tc.edit(w.f)
			rep, err := machine.Check(w.f, machine.Options{At: at})
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("Check: report %v, error %v; want an error naming %q", rep != nil, err, tc.msg)
			}
		})
	}
}

func TestUnreadableRegistered(t *testing.T) {
	bad := []byte{0x30, 0x03, 0x02, 0x01, 0x01}
	f := &machinetest.Fake{FQDN: host, My: [][]byte{bad}}
	// A registry value that only the unreadable entry could match cannot
	// be matched: the report says the serial names no certificate.
	f.Settings = map[string]machine.RegValue{machine.ValueSerial: machinetest.Binary([]byte{1})}
	rep, err := machine.Check(f, machine.Options{At: at})
	if err != nil {
		t.Fatal(err)
	}
	want(t, rep, "e_opsmgr_machine_registered_certificate_not_found", lint.Error)
}

func names(ls []*certlint.Lint) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

func reverse(b []byte) []byte {
	out := slices.Clone(b)
	slices.Reverse(out)
	return out
}

func hexOf(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }
