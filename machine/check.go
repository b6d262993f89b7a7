package machine

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/report"
	"github.com/zmap/zlint/v3/lint"
)

// Options configures Check and Candidates.
type Options struct {
	// Host is the FQDN the certificate must name; "" means this computer's
	// own (System.ComputerFQDN), which is what the connector compares.
	Host string
	// At is the evaluation time (zero = time.Now()).
	At time.Time
	// ExpiryWarning is passed to the lints (0 = certlint's default).
	ExpiryWarning time.Duration
	// Include, when not empty, reports only the lints named (registered
	// lints and machine lints alike); Exclude skips lints.
	Include []string
	Exclude []string
}

// StorePath is how a report names a certificate of LocalMachine\My: the
// PowerShell certificate-provider path (Get-Item Cert:\LocalMachine\My\<thumbprint>).
func StorePath(thumbprint string) string { return `Cert:\LocalMachine\My\` + thumbprint }

// selection is what Options select.
type selection struct {
	// run is nil when no registered lint is selected.
	run     *certlint.RunOptions
	machine []*certlint.Lint
	all     []*certlint.Lint
}

// SelectedLints returns the lints Check and Candidates report with these
// options, registered and machine lints, sorted by name: the rules of a
// SARIF log. An unknown lint name is an error.
func (o *Options) SelectedLints() ([]*certlint.Lint, error) {
	s, err := o.selectLints()
	if err != nil {
		return nil, err
	}
	return s.all, nil
}

func (o *Options) selectLints() (*selection, error) {
	include, exclude := map[string]bool{}, map[string]bool{}
	var regInclude, regExclude []string
	for _, list := range []struct {
		names []string
		set   map[string]bool
		reg   *[]string
	}{{o.Include, include, &regInclude}, {o.Exclude, exclude, &regExclude}} {
		for _, n := range list.names {
			switch {
			case lintByName(n) != nil:
			case certlint.LintByName(n) != nil:
				*list.reg = append(*list.reg, n)
			default:
				return nil, errors.New("certlint: unknown lint " + n)
			}
			list.set[n] = true
		}
	}
	s := &selection{}
	for _, l := range machineLints {
		if (len(include) == 0 || include[l.Name]) && !exclude[l.Name] {
			s.machine = append(s.machine, l)
		}
	}
	// With --include naming only machine lints, no registered lint runs.
	if len(include) == 0 || len(regInclude) > 0 {
		run := &certlint.RunOptions{Include: regInclude, Exclude: regExclude}
		lints, err := run.SelectLints()
		switch {
		case errors.Is(err, certlint.ErrNoLints) && len(regExclude) > 0:
			// Every registered lint excluded: only machine lints remain.
		case err != nil:
			return nil, err
		default:
			s.run = run
			s.all = append(s.all, lints...)
		}
	}
	s.all = append(s.all, s.machine...)
	if len(s.all) == 0 {
		return nil, certlint.ErrNoLints
	}
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].Name < s.all[j].Name })
	return s, nil
}

// entry is one certificate of LocalMachine\My.
type entry struct {
	raw  []byte
	cert *cert.Certificate // nil when it cannot be read
	err  error             // why not
	info *cert.Info
	// serial is the value MOMCertImport writes for it: the serial
	// number's DER content bytes in reverse order.
	serial []byte
	file   string

	key    *KeyInfo
	keyErr error
	lint   *candidate // the entry linted as a candidate, once done
}

// checker holds the state of one Check or Candidates call.
type checker struct {
	sys  System
	opts Options
	sel  *selection
	host string
	at   time.Time
	my   []*entry

	userRoots    []*cert.Certificate
	userRootsErr error
	userRootsOK  bool
}

func newChecker(sys System, opts Options) (*checker, error) {
	sel, err := opts.selectLints()
	if err != nil {
		return nil, err
	}
	c := &checker{sys: sys, opts: opts, sel: sel, host: strings.TrimSpace(opts.Host), at: opts.At}
	if c.at.IsZero() {
		c.at = time.Now()
	}
	if c.host == "" {
		h, err := sys.ComputerFQDN()
		if err != nil {
			return nil, fmt.Errorf("reading this computer's DNS name (GetComputerNameEx): %w", err)
		}
		if c.host = strings.TrimSpace(h); c.host == "" {
			return nil, errors.New("this computer has no DNS name (GetComputerNameEx returned none): give the name the certificate must carry with --host")
		}
	}
	raws, err := sys.Certificates(StoreMy)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", StoreMy, err)
	}
	if len(raws) > MaxStoreCertificates {
		return nil, fmt.Errorf("%s holds %d certificates, more than the %d certlint checks", StoreMy, len(raws), MaxStoreCertificates)
	}
	for _, raw := range raws {
		c.my = append(c.my, newEntry(raw))
	}
	return c, nil
}

func newEntry(raw []byte) *entry {
	e := &entry{raw: raw}
	e.info = cert.Describe(&cert.Certificate{Raw: raw})
	e.file = StorePath(e.info.SHA1)
	b, err := certlint.Load(e.file, raw, nil)
	switch {
	case err != nil:
		e.err = err
	case b.Leaf == nil || b.Format != certlint.FormatDER:
		e.err = &certlint.LoadError{File: e.file, Err: certlint.ErrNotCertificate, Detail: "the store entry is not one DER certificate"}
	default:
		e.cert = b.Leaf
		e.info = cert.Describe(b.Leaf)
	}
	if s, err := hex.DecodeString(e.info.RegistrySerial); err == nil && len(s) > 0 {
		e.serial = s
	}
	return e
}

// keyInfo returns the entry's key facts, read once.
func (c *checker) keyInfo(e *entry) (*KeyInfo, error) {
	if e.key == nil && e.keyErr == nil {
		ki, err := c.sys.KeyInfo(e.raw)
		if err != nil {
			e.keyErr = fmt.Errorf("reading the key property of %s: %w", e.file, err)
		} else {
			e.key = &ki
		}
	}
	return e.key, e.keyErr
}

// Check lints the certificate the OpsMgr connector of this computer loads:
// the one whose serial number ChannelCertificateSerialNumber names (bytes
// reversed) in LocalMachine\My, with every selected lint, its key facts
// from the store, its chain as the LocalMachine chain engine builds it, and
// the computer's FQDN as host (unless Options.Host), and adds the findings of
// the machine lints (Lints). When no certificate is registered, or the
// serial names none, the report has no certificate and says so (events 21022,
// 20066), naming the certificates that would fit.
//
// An error means the computer could not be read (a registry or store
// failure): nothing was checked.
func Check(sys System, opts Options) (*certlint.Report, error) {
	c, err := newChecker(sys, opts)
	if err != nil {
		return nil, err
	}
	serial, err := sys.RegistryValue(ValueSerial)
	if err != nil {
		return nil, fmt.Errorf("reading %s\\%s: %w", SettingsPath, ValueSerial, err)
	}
	hash, err := sys.RegistryValue(ValueHash)
	if err != nil {
		return nil, fmt.Errorf("reading %s\\%s: %w", SettingsPath, ValueHash, err)
	}
	if !serial.Exists {
		return c.unregistered(serial)
	}
	var matches []*entry
	if serial.Type == RegBinary && serial.Size <= MaxRegValue && len(serial.Data) > 0 {
		for _, e := range c.my {
			if bytes.Equal(e.serial, serial.Data) {
				matches = append(matches, e)
			}
		}
	}
	if len(matches) == 0 {
		return c.notFound(serial, hash)
	}
	return c.registered(matches, hash)
}

// Candidates lints every certificate of LocalMachine\My, each as Check
// lints the registered one (registry findings aside), and returns the
// reports best first: fewest errors, then warnings, then notices, then the
// latest expiry. The registry value MOMCertImport would write for each is
// its cert.Info.RegistrySerial. A certificate that cannot be read
// comes last, as a report with Err set.
func Candidates(sys System, opts Options) ([]*certlint.Report, error) {
	c, err := newChecker(sys, opts)
	if err != nil {
		return nil, err
	}
	var out []*candidate
	for _, e := range c.my {
		cand, err := c.candidate(e)
		if err != nil {
			return nil, err
		}
		out = append(out, cand)
	}
	rankCandidates(out)
	reps := make([]*certlint.Report, len(out))
	for i, cand := range out {
		reps[i] = cand.rep
	}
	return reps, nil
}

// candidate is one entry linted as a certificate MOMCertImport could
// register.
type candidate struct {
	e   *entry
	rep *certlint.Report
	sum report.Summary
}

func (c *checker) candidate(e *entry) (*candidate, error) {
	if e.lint != nil {
		return e.lint, nil
	}
	rep, err := c.lintEntry(e, nil)
	if err != nil {
		return nil, err
	}
	cand := &candidate{e: e, rep: rep}
	cand.sum.Add(rep)
	e.lint = cand
	return cand, nil
}

// rankCandidates sorts best first.
func rankCandidates(cs []*candidate) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if (a.rep.Err == nil) != (b.rep.Err == nil) {
			return a.rep.Err == nil
		}
		if a.sum.Worst != b.sum.Worst {
			return a.sum.Worst < b.sum.Worst
		}
		ae, be := a.sum.Errors+a.sum.Fatal, b.sum.Errors+b.sum.Fatal
		if ae != be {
			return ae < be
		}
		if a.sum.Warnings != b.sum.Warnings {
			return a.sum.Warnings < b.sum.Warnings
		}
		if a.sum.Notices != b.sum.Notices {
			return a.sum.Notices < b.sum.Notices
		}
		if na, nb := notAfter(a.e), notAfter(b.e); !na.Equal(nb) {
			return na.After(nb)
		}
		return a.e.info.SHA1 < b.e.info.SHA1
	})
}

func notAfter(e *entry) time.Time {
	if e.cert == nil {
		return time.Time{}
	}
	if e.cert.Std != nil {
		return e.cert.Std.NotAfter
	}
	if e.cert.Parsed != nil {
		return e.cert.Parsed.NotAfter
	}
	return time.Time{}
}

func notBefore(e *entry) time.Time {
	if e.cert == nil {
		return time.Time{}
	}
	if e.cert.Std != nil {
		return e.cert.Std.NotBefore
	}
	if e.cert.Parsed != nil {
		return e.cert.Parsed.NotBefore
	}
	return time.Time{}
}

// namesHost reports whether the certificate's subject CN or a DNS SAN is
// host (case-insensitive, a trailing dot ignored).
func namesHost(e *entry, host string) bool {
	if e.cert == nil || e.cert.Parsed == nil {
		return false
	}
	want := normHost(host)
	for _, n := range append(append([]string{}, e.cert.Parsed.Subject.CommonNames...), e.cert.Parsed.DNSNames...) {
		if normHost(n) == want {
			return true
		}
	}
	return false
}

func normHost(h string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
}

// registration is the registry state a registered certificate is judged
// against.
type registration struct {
	matches []*entry
	hash    RegValue
}

// lintEntry lints one certificate of LocalMachine\My. reg is set for the
// registered certificate (Check), nil for a candidate.
func (c *checker) lintEntry(e *entry, reg *registration) (*certlint.Report, error) {
	if e.cert == nil {
		return &certlint.Report{File: e.file, Err: e.err}, nil
	}
	ki, err := c.keyInfo(e)
	if err != nil {
		return nil, err
	}
	b := &certlint.Bundle{Name: e.file, Leaf: e.cert, LeafReason: "a certificate of " + string(StoreMy)}
	if reg != nil {
		b.LeafReason = "the certificate " + ValueSerial + " names"
	}
	if ki.Present {
		b.KeyCount = 1
		if ki.OpenErr != nil && !ki.OpenDenied {
			b.KeyError = keyOpenError(ki)
		}
	}
	sysChain, err := c.sys.BuildChain(e.raw, c.at)
	if err != nil {
		return nil, fmt.Errorf("building the chain of %s: %w", e.file, err)
	}
	trust, err := trustStore(sysChain)
	if err != nil {
		return nil, fmt.Errorf("reading the chain of %s: %w", e.file, err)
	}
	rep := &certlint.Report{File: e.file, Bundle: b}
	if c.sel.run != nil {
		opts := *c.sel.run
		opts.Config = certlint.Config{Role: certlint.RoleLocal, Host: c.host, At: c.at, ExpiryWarning: c.opts.ExpiryWarning, Trust: trust}
		if rep, err = certlint.Run(b, &opts); err != nil {
			return nil, err
		}
		if rep.Chain != nil {
			// Every certificate of the chain came from the computer's
			// stores, the leaf included.
			for i := range rep.Chain.Chain {
				rep.Chain.Chain[i].Origin, rep.Chain.Chain[i].Source = chain.OriginSystem, ""
			}
		}
	}
	res := c.newResults()
	keyFindings(res, ki)
	if err := c.rootFinding(res, sysChain); err != nil {
		return nil, err
	}
	c.duplicateFinding(res, e)
	if reg != nil {
		c.registeredFindings(res, e, reg)
	}
	rep.Results = res.merge(rep.Results)
	return rep, nil
}

// keyOpenError words why the key did not open, naming where Windows looked
// (never key material).
func keyOpenError(ki *KeyInfo) error {
	set := "the computer's key set"
	if ki.Flags&FlagMachineKeySet == 0 {
		set = "the current user's key set"
	}
	return fmt.Errorf("the store links the certificate to key container %q of %q in %s, but that key could not be opened silently "+
		"with the certificate's public key: %v", ki.Container, ki.Provider, set, ki.OpenErr)
}

// trustStore turns the chain the engine built into a trust store from which
// certlint builds the same chain: the root is an anchor only when the
// engine reached a trusted root.
func trustStore(ch *Chain) (*chain.Store, error) {
	t := &chain.Store{}
	if ch == nil || len(ch.Certs) == 0 {
		return t, nil
	}
	var up []*cert.Certificate
	for i, raw := range ch.Certs {
		name := fmt.Sprintf("chain certificate %d", i)
		b, err := certlint.Load(name, raw, nil)
		if err != nil {
			return nil, err
		}
		if b.Leaf == nil {
			return nil, fmt.Errorf("%s: not a certificate", name)
		}
		up = append(up, b.Leaf)
	}
	if ch.Trusted() {
		t.Roots = up[len(up)-1:]
		up = up[:len(up)-1]
	}
	if len(up) > 1 {
		t.Intermediates = up[1:]
	}
	return t, nil
}

// results collects the machine lints' results of one report.
type results struct {
	selected map[string]bool
	byName   map[string]certlint.Result
	order    []*certlint.Lint
}

func (c *checker) newResults() *results {
	r := &results{selected: map[string]bool{}, byName: map[string]certlint.Result{}}
	for _, l := range c.sel.machine {
		r.selected[l.Name] = true
		r.order = append(r.order, l)
	}
	return r
}

func (r *results) set(l *certlint.Lint, status lint.LintStatus, format string, args ...any) {
	if !r.selected[l.Name] {
		return
	}
	d := ""
	if format != "" {
		d = fmt.Sprintf(format, args...)
	}
	r.byName[l.Name] = certlint.Result{Lint: l, Status: status, Details: d}
}

func (r *results) fail(l *certlint.Lint, format string, args ...any) {
	r.set(l, l.Severity(), format, args...)
}

func (r *results) pass(l *certlint.Lint) { r.set(l, lint.Pass, "") }

// merge adds one result per selected machine lint (not applicable unless
// set) to those of the registered lints, in lint-name order.
func (r *results) merge(rs []certlint.Result) []certlint.Result {
	out := append([]certlint.Result{}, rs...)
	for _, l := range r.order {
		res, ok := r.byName[l.Name]
		if !ok {
			res = certlint.Result{Lint: l, Status: lint.NA}
		}
		out = append(out, res)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lint.Name < out[j].Lint.Name })
	return out
}

// stateReport is a report about the registry alone, with no certificate.
func (c *checker) stateReport(res *results) *certlint.Report {
	return &certlint.Report{File: SettingsPath, Bundle: &certlint.Bundle{Name: SettingsPath}, Results: res.merge(nil)}
}

// keyFindings judges the key facts the store holds.
func keyFindings(res *results, ki *KeyInfo) {
	if !ki.Present {
		return // e_opsmgr_private_key_missing reports it
	}
	switch {
	case ki.ProvType == ProvTypeCNG || ki.KeySpec == KeySpecCNG:
		res.fail(lintKeyInKSP, "the key is in %q, a CNG key storage provider (provider type %d, KeySpec %d), not a legacy CryptoAPI CSP",
			ki.Provider, ki.ProvType, ki.KeySpec)
		res.set(lintKeySpec, lint.NA, "")
	default:
		res.pass(lintKeyInKSP)
		switch {
		case ki.KeySpec != KeySpecExchange:
			res.fail(lintKeySpec, "the key in %q has KeySpec %d (%s), not 1 (AT_KEYEXCHANGE)", ki.Provider, ki.KeySpec, keySpecName(ki.KeySpec))
		case !rsaExchangeProvType(ki.ProvType):
			res.fail(lintKeySpec, "the key is in %q, of provider type %d (%s), which cannot hold an RSA key exchange key", ki.Provider, ki.ProvType, provTypeName(ki.ProvType))
		default:
			res.pass(lintKeySpec)
		}
	}
	if ki.Flags&FlagMachineKeySet == 0 {
		res.fail(lintUserKeySet, "the key container %q of %q is in the current user's key set (CRYPT_MACHINE_KEYSET is not set)", ki.Container, ki.Provider)
	} else {
		res.pass(lintUserKeySet)
	}
	if ki.OpenErr != nil && ki.OpenDenied {
		res.fail(lintKeyNotChecked, "opening key container %q of %q was refused: %v", ki.Container, ki.Provider, ki.OpenErr)
	} else {
		res.pass(lintKeyNotChecked)
	}
}

func keySpecName(s uint32) string {
	switch s {
	case KeySpecExchange:
		return "AT_KEYEXCHANGE"
	case KeySpecSignature:
		return "AT_SIGNATURE"
	case KeySpecCNG:
		return "a CNG key"
	}
	return "unknown"
}

func rsaExchangeProvType(t uint32) bool {
	return t == ProvRSAFull || t == ProvRSASChannel || t == ProvRSAAES
}

func provTypeName(t uint32) string {
	switch t {
	case ProvRSAFull:
		return "PROV_RSA_FULL"
	case ProvRSASig:
		return "PROV_RSA_SIG"
	case ProvDSS:
		return "PROV_DSS"
	case ProvRSASChannel:
		return "PROV_RSA_SCHANNEL"
	case ProvDSSDH:
		return "PROV_DSS_DH"
	case ProvDHSChannel:
		return "PROV_DH_SCHANNEL"
	case ProvRSAAES:
		return "PROV_RSA_AES"
	}
	return "not an RSA exchange provider"
}

// rootFinding warns when the chain does not reach a root of the computer's
// stores but its root is in the current user's own Root store.
func (c *checker) rootFinding(res *results, ch *Chain) error {
	if !res.selected[lintRootOnlyInUser.Name] {
		return nil
	}
	if ch.Trusted() || ch == nil || len(ch.Certs) == 0 {
		res.pass(lintRootOnlyInUser)
		return nil
	}
	roots, err := c.currentUserRoots()
	if err != nil {
		return err
	}
	top, err := certlint.Load("chain top", ch.Certs[len(ch.Certs)-1], nil)
	if err != nil || top.Leaf == nil || top.Leaf.Std == nil {
		res.pass(lintRootOnlyInUser)
		return nil
	}
	for _, r := range roots {
		if bytes.Equal(r.Raw, top.Leaf.Raw) || issues(r, top.Leaf) {
			info := cert.Describe(r)
			res.fail(lintRootOnlyInUser, "the root %q (thumbprint %s) is in %s but the computer's chain engine, which reads LocalMachine\\Root, does not reach it",
				info.Subject, info.SHA1, StoreUserRoot)
			return nil
		}
	}
	res.pass(lintRootOnlyInUser)
	return nil
}

// issues reports whether root issued c: its subject is c's issuer and its
// key verifies c's signature.
func issues(root, c *cert.Certificate) bool {
	if root.Std == nil || c.Std == nil || !bytes.Equal(root.Std.RawSubject, c.Std.RawIssuer) {
		return false
	}
	return root.Std.CheckSignature(c.Std.SignatureAlgorithm, c.Std.RawTBSCertificate, c.Std.Signature) == nil
}

func (c *checker) currentUserRoots() ([]*cert.Certificate, error) {
	if !c.userRootsOK {
		c.userRootsOK = true
		raws, err := c.sys.Certificates(StoreUserRoot)
		switch {
		case err != nil:
			c.userRootsErr = fmt.Errorf("reading %s: %w", StoreUserRoot, err)
		case len(raws) > MaxStoreCertificates:
			c.userRootsErr = fmt.Errorf("%s holds %d certificates, more than the %d certlint checks", StoreUserRoot, len(raws), MaxStoreCertificates)
		}
		for _, raw := range raws {
			if b, err := certlint.Load(string(StoreUserRoot), raw, nil); err == nil && b.Leaf != nil {
				c.userRoots = append(c.userRoots, b.Leaf)
			}
		}
	}
	return c.userRoots, c.userRootsErr
}

// duplicateFinding warns when other certificates of LocalMachine\My have
// e's subject.
func (c *checker) duplicateFinding(res *results, e *entry) {
	subject := strings.ToLower(e.info.Subject)
	var dups []string
	for _, o := range c.my {
		if o != e && subject != "" && strings.ToLower(o.info.Subject) == subject && !bytes.Equal(o.raw, e.raw) {
			dups = append(dups, describe(o))
		}
	}
	if len(dups) == 0 {
		res.pass(lintDuplicateSubject)
		return
	}
	res.fail(lintDuplicateSubject, "%s also has the subject %q: %s", plural(len(dups), "other certificate", "other certificates"), e.info.Subject, strings.Join(dups, "; "))
}

// registeredFindings judges the registration of the registered certificate.
func (c *checker) registeredFindings(res *results, e *entry, reg *registration) {
	res.pass(lintNoneRegistered)
	res.pass(lintNotFound)
	if len(reg.matches) > 1 {
		var all []string
		for _, m := range reg.matches {
			all = append(all, describe(m))
		}
		res.fail(lintSerialAmbiguous, "%d certificates have the serial number %s: %s (certlint checked the first)",
			len(reg.matches), e.info.Serial, strings.Join(all, "; "))
	} else {
		res.pass(lintSerialAmbiguous)
	}
	switch h := reg.hash; {
	case !h.Exists:
	case !isString(h.Type):
		res.fail(lintHashMismatch, "%s is a %s value, not a thumbprint string", ValueHash, regTypeName(h.Type))
	default:
		thumb := normThumbprint(regString(h))
		if thumb == e.info.SHA1 {
			res.pass(lintHashMismatch)
			break
		}
		msg := fmt.Sprintf("%s is %q but the certificate %s names has the thumbprint %s", ValueHash, thumb, ValueSerial, e.info.SHA1)
		for _, o := range c.my {
			if o.info.SHA1 == thumb {
				msg += "; " + ValueHash + " names " + describe(o)
			}
		}
		res.fail(lintHashMismatch, "%s", msg)
	}
	// A renewal MOMCertImport was not run for: a newer certificate for this
	// computer, valid now, with a private key.
	var newer *entry
	for _, o := range c.my {
		if o == e || o.cert == nil || !namesHost(o, c.host) || !notBefore(o).After(notBefore(e)) {
			continue
		}
		if c.at.Before(notBefore(o)) || c.at.After(notAfter(o)) {
			continue
		}
		if ki, err := c.keyInfo(o); err != nil || !ki.Present {
			continue
		}
		if newer == nil || notBefore(o).After(notBefore(newer)) {
			newer = o
		}
	}
	if newer == nil {
		res.pass(lintRenewalNotRegistered)
		return
	}
	res.fail(lintRenewalNotRegistered, "%s is newer than the registered certificate (valid from %s); if it is the renewal, register it (%s %s)",
		describe(newer), notBefore(e).UTC().Format(time.RFC3339), ValueSerial, newer.info.RegistrySerial)
}

// unregistered is the report when ChannelCertificateSerialNumber is absent.
func (c *checker) unregistered(serial RegValue) (*certlint.Report, error) {
	res := c.newResults()
	why := ValueSerial + " is absent from " + SettingsPath
	if !serial.KeyExists {
		why = SettingsPath + " does not exist: no OpsMgr agent, gateway or management server has been set up on this computer"
	}
	fits, err := c.fitting()
	if err != nil {
		return nil, err
	}
	res.fail(lintNoneRegistered, "%s; %s", why, fits)
	return c.stateReport(res), nil
}

// notFound is the report when the registered serial names no certificate.
func (c *checker) notFound(serial, hash RegValue) (*certlint.Report, error) {
	res := c.newResults()
	res.pass(lintNoneRegistered)
	var msg []string
	switch {
	case serial.Type != RegBinary:
		msg = append(msg, fmt.Sprintf("%s is a %s value; the connector reads a REG_BINARY one (the serial number's bytes, reversed)", ValueSerial, regTypeName(serial.Type)))
	case serial.Size == 0:
		msg = append(msg, ValueSerial+" is empty")
	case serial.Size > MaxRegValue:
		msg = append(msg, fmt.Sprintf("%s holds %d bytes; a serial number has at most 20 (RFC 5280 4.1.2.2)", ValueSerial, serial.Size))
	default:
		v := strings.ToUpper(hex.EncodeToString(serial.Data))
		msg = append(msg, fmt.Sprintf("%s is %s, which is serial number %s: no certificate in %s has it", ValueSerial, v, strings.ToUpper(hex.EncodeToString(reverse(serial.Data))), StoreMy))
		for _, e := range c.my {
			switch {
			case e.serial == nil:
			case bytes.Equal(reverse(e.serial), serial.Data):
				msg = append(msg, fmt.Sprintf("the value holds the serial number of %s in natural byte order; MOMCertImport writes it reversed (%s)", describe(e), e.info.RegistrySerial))
			case bytes.Equal(trimLE(e.serial), trimLE(serial.Data)):
				msg = append(msg, fmt.Sprintf("%s has the same serial number written with another length (%s)", describe(e), e.info.RegistrySerial))
			}
		}
	}
	if hash.Exists && isString(hash.Type) {
		thumb := normThumbprint(regString(hash))
		for _, e := range c.my {
			if e.info.SHA1 == thumb {
				msg = append(msg, fmt.Sprintf("%s (%s) names %s, whose serial number reversed is %s", ValueHash, thumb, describe(e), e.info.RegistrySerial))
			}
		}
	}
	fits, err := c.fitting()
	if err != nil {
		return nil, err
	}
	res.fail(lintNotFound, "%s; %s", strings.Join(msg, "; "), fits)
	return c.stateReport(res), nil
}

// registered is the report on the registered certificate.
func (c *checker) registered(matches []*entry, hash RegValue) (*certlint.Report, error) {
	e := matches[0]
	if hash.Exists && isString(hash.Type) {
		thumb := normThumbprint(regString(hash))
		for _, m := range matches {
			if m.info.SHA1 == thumb {
				e = m // the serial is ambiguous: the thumbprint says which
				break
			}
		}
	}
	return c.lintEntry(e, &registration{matches: matches, hash: hash})
}

// maxFitting is how many fitting certificates a message names.
const maxFitting = 3

// fitting says which certificates of LocalMachine\My would fit: those that
// name this computer and have a private key, linted and ranked as
// Candidates ranks them.
func (c *checker) fitting() (string, error) {
	var fit []*candidate
	for _, e := range c.my {
		if !namesHost(e, c.host) {
			continue
		}
		ki, err := c.keyInfo(e)
		if err != nil {
			return "", err
		}
		if !ki.Present {
			continue
		}
		cand, err := c.candidate(e)
		if err != nil {
			return "", err
		}
		fit = append(fit, cand)
	}
	if len(fit) == 0 {
		return fmt.Sprintf("no certificate in %s names %s and has a private key (certlint machine --candidates lints every certificate there)", StoreMy, c.host), nil
	}
	rankCandidates(fit)
	var names []string
	for i, cand := range fit {
		if i == maxFitting {
			names = append(names, fmt.Sprintf("and %d more (certlint machine --candidates lists them)", len(fit)-maxFitting))
			break
		}
		names = append(names, fmt.Sprintf("%s, %s value %s: %s", describe(cand.e), ValueSerial, cand.e.info.RegistrySerial, verdict(cand)))
	}
	return fmt.Sprintf("certificates in %s for %s with a private key, best first: %s", StoreMy, c.host, strings.Join(names, "; ")), nil
}

// verdict summarizes a candidate's findings.
func verdict(cand *candidate) string {
	if cand.rep.Err != nil {
		return "unreadable"
	}
	var errs, warns []string
	for _, r := range cand.rep.Results {
		switch {
		case r.Status >= lint.Error:
			errs = append(errs, r.Lint.Name)
		case r.Status == lint.Warn:
			warns = append(warns, r.Lint.Name)
		}
	}
	switch {
	case len(errs) > 0:
		return plural(len(errs), "error", "errors") + " (" + strings.Join(errs, ", ") + ")"
	case len(warns) > 0:
		return "no error, " + plural(len(warns), "warning", "warnings") + " (" + strings.Join(warns, ", ") + ")"
	}
	return "no error or warning"
}

// describe names a certificate of LocalMachine\My for a message.
func describe(e *entry) string {
	s := fmt.Sprintf("%q (thumbprint %s", e.info.Subject, e.info.SHA1)
	if e.info.NotAfter != "" {
		s += ", valid to " + e.info.NotAfter
	}
	return s + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[len(b)-1-i] = c
	}
	return out
}

// trimLE drops the high-order zero bytes of a little-endian integer.
func trimLE(b []byte) []byte {
	for len(b) > 1 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

func isString(t uint32) bool { return t == RegSZ || t == RegExpandSZ }

// regString decodes a REG_SZ value (UTF-16LE, up to its first NUL).
func regString(v RegValue) string {
	u := make([]uint16, len(v.Data)/2)
	for i := range u {
		u[i] = uint16(v.Data[2*i]) | uint16(v.Data[2*i+1])<<8
	}
	for i, c := range u {
		if c == 0 {
			u = u[:i]
			break
		}
	}
	return string(utf16.Decode(u))
}

// normThumbprint keeps the hex digits of a thumbprint, upper-cased: a
// thumbprint copied from the certificate dialog carries spaces and an
// invisible left-to-right mark.
func normThumbprint(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'F':
			b.WriteRune(r)
		case r >= 'a' && r <= 'f':
			b.WriteRune(r - 'a' + 'A')
		}
	}
	return b.String()
}

func regTypeName(t uint32) string {
	switch t {
	case RegSZ:
		return "REG_SZ"
	case RegExpandSZ:
		return "REG_EXPAND_SZ"
	case RegBinary:
		return "REG_BINARY"
	case RegDWORD:
		return "REG_DWORD"
	case RegMultiSZ:
		return "REG_MULTI_SZ"
	case RegQWORD:
		return "REG_QWORD"
	}
	return fmt.Sprintf("type %d", t)
}
