// Package fix repairs the wrapping of a PFX that Operations Manager would
// refuse, when the certificate and its key are right and only what the PFX
// tells Windows' import is wrong.
//
// Several OpsMgr failures are not in the certificate but in the PFX around it
// (Microsoft Learn, "Obtain a certificate for use with Windows Servers and
// System Center Operations Manager"): the key is named into a CNG key storage
// provider, which OpsMgr does not support, or marked KEY_SIG so that it is
// imported as AT_SIGNATURE (both event 20069); it lacks the local machine key
// set attribute, so the key lands in the importing user's key set; the CA
// certificates are missing, so the peer cannot build the chain (event
// 20072); or it is encrypted with algorithms the Windows version at hand does
// not read. Repair and File rewrite such a PFX with the same certificate and
// key and:
//
//   - the key in a legacy CryptoAPI CSP (DefaultCSP unless Options.CSP names
//     another of LegacyRSACSPs), key usage attribute KEY_EX (imported as
//     AT_KEYEXCHANGE) and the local machine key set attribute;
//   - the leaf's chain: the CA certificates of the input and of
//     Options.Intermediates that issued it, in order, the root only with
//     Options.IncludeRoot;
//   - a friendly name;
//   - encryption Windows reads: AES-256-CBC / PBKDF2-HMAC-SHA256 with an
//     HMAC-SHA256 MAC (Windows 10 1709 / Server 2019 and later), or with
//     Options.Legacy 3DES with an HMAC-SHA1 MAC (Server 2016 and older).
//
// Every registered lint runs on the input and on the rewritten PFX. The new
// PFX is returned (and written, by File) only when its lint has no error
// finding and none of the warnings that need a new certificate: a defect in
// the certificate itself (extended key usage, names, validity, key type or
// length, a key that is missing or not the certificate's) cannot be fixed by
// rewrapping, and Result.Unfixable says for each which event it raises and
// why a new certificate (or another action) is needed.
//
// It uses the loader, the lints and the PKCS#12 writer, and must not know
// the CLI or the output formats.
package fix

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zmap/zlint/v3/lint"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/events"
	"github.com/certlint/certlint/certlint/pkcs12enc"
	_ "github.com/certlint/certlint/lints" // every OpsMgr lint judges the input and the output
)

// DefaultCSP is the provider the key is imported into unless Options.CSP
// names another: the legacy RSA CSP certlint recommends everywhere
// (MS_ENH_RSA_AES_PROV in wincrypt.h).
const DefaultCSP = events.RecommendedCSP

// LegacyRSACSPs are the CryptoAPI CSPs Options.CSP may name: the Microsoft
// providers of type PROV_RSA_FULL, PROV_RSA_AES and PROV_RSA_SCHANNEL that
// hold RSA exchange keys in software (wincrypt.h MS_DEF_PROV,
// MS_ENHANCED_PROV, MS_STRONG_PROV, MS_ENH_RSA_AES_PROV,
// MS_DEF_RSA_SCHANNEL_PROV). Not listed: CNG key storage providers (OpsMgr
// does not support them), signature-only and DSS/DH providers, the smart
// card CSP (it would put the key on a card) and the XP-only AES prototype.
var LegacyRSACSPs = []string{
	"Microsoft Enhanced RSA and AES Cryptographic Provider",
	"Microsoft Enhanced Cryptographic Provider v1.0",
	"Microsoft Strong Cryptographic Provider",
	"Microsoft Base Cryptographic Provider v1.0",
	"Microsoft RSA SChannel Cryptographic Provider",
}

// LegacyCSP returns the canonical spelling of name when it is one of
// LegacyRSACSPs (compared without regard to case or surrounding space).
func LegacyCSP(name string) (string, bool) {
	n := strings.TrimSpace(name)
	for _, c := range LegacyRSACSPs {
		if strings.EqualFold(c, n) {
			return c, true
		}
	}
	return "", false
}

// Options controls Repair and File. The zero value is usable.
type Options struct {
	// Load opens the input (its password, size and iteration limits); nil
	// means the defaults (no password).
	Load *certlint.LoadOptions
	// Config is what the lints consult: Host, At, ExpiryWarning and Trust
	// (the roots the computers verifying this certificate trust; without
	// it the chain is not evaluated). The role is always local: the PFX is
	// this computer's own certificate and key. Every registered lint runs,
	// on the input and on the output.
	Config certlint.Config
	// Intermediates are CA certificates offered for the chain (e.g. from
	// --intermediates); those that issued the leaf or its issuers are
	// written after it.
	Intermediates []*cert.Certificate
	// IncludeRoot also writes the chain's self-signed root. Without it the
	// root is left out, even when the input held it: importing the PFX must
	// not add trust anchors unless asked.
	IncludeRoot bool
	// CSP is the provider the key is imported into ("" = DefaultCSP); it
	// must be one of LegacyRSACSPs.
	CSP string
	// Legacy writes 3DES with an HMAC-SHA1 MAC (Windows Server 2016 and
	// older) instead of AES-256 with HMAC-SHA256.
	Legacy bool
	// FriendlyName names the certificate in the Windows store; "" keeps the
	// input's (the key's, else the leaf's) or else uses the leaf's subject
	// common name.
	FriendlyName string
	// OutPassword returns the password protecting the output. nil means the
	// input's: what Load.Password returned when opening the input, or the
	// empty password when the input opened without one.
	OutPassword func() (string, error)
	// Force lets File replace an existing output file (never the input).
	Force bool
}

// Change is one thing the rewrapping changes, in words an administrator
// compares with what Windows shows.
type Change struct {
	What          string
	Before, After string
}

// Unfixable is a finding the rewrapping cannot fix.
type Unfixable struct {
	// Lint names the lint that found it ("" when the reason is the
	// input's shape, e.g. several private keys).
	Lint    string
	Status  lint.LintStatus
	Event   int // the OpsMgr event the defect raises (0 = none)
	Details string
	// Reason says why rewrapping cannot fix it and what can.
	Reason string
}

// Result is the outcome of Repair or File.
type Result struct {
	// Input names the input as it was loaded.
	Input string
	// Before is the lint of the input; After the lint of the rewrapped PFX
	// (nil when none could be built: no usable key for the certificate).
	Before, After *certlint.Report
	// Changes says what the rewrapping changes.
	Changes []Change
	// Unfixable lists what prevents a fix; when it is not empty nothing is
	// returned or written.
	Unfixable []Unfixable
	// Notes are facts the user should know that block nothing (e.g. the
	// chain was not evaluated, certificates left out).
	Notes []string
	// Output is the file written by File ("" when nothing was written).
	Output string
	// OutPasswordFromInput is true when the output is protected with the
	// input's password (Options.OutPassword nil); OutPasswordEmpty when that
	// password is empty.
	OutPasswordFromInput, OutPasswordEmpty bool
}

// Fixed reports whether the rewrapped PFX passes: nothing is unfixable.
func (r *Result) Fixed() bool { return len(r.Unfixable) == 0 }

// Errors of Repair and File, besides a *certlint.LoadError for an input that
// cannot be read. None holds a password or key material.
var (
	// ErrNotPFX: the input is not a PKCS#12 / PFX file.
	ErrNotPFX = errors.New("fix: not a PFX (PKCS#12) file")
	// ErrCSP: Options.CSP is not one of LegacyRSACSPs.
	ErrCSP = errors.New("fix: not a legacy RSA CryptoAPI CSP")
	// ErrSameFile: the output would replace the input.
	ErrSameFile = errors.New("fix: the output is the input file")
	// ErrExists: the output file exists and Options.Force is not set.
	ErrExists = errors.New("fix: the output file exists")
	// ErrOutPassword: Options.OutPassword failed.
	ErrOutPassword = errors.New("fix: no password for the output")
	// ErrInternal: the rewrapped PFX did not read back as written (a bug).
	ErrInternal = errors.New("fix: the rewrapped PFX does not read back as written")
)

// blockingWarnings are the warnings that need a new certificate: the fix
// does not write a PFX that still carries them.
var blockingWarnings = map[string]bool{
	"w_opsmgr_rsa_key_too_short": true,
}

// wrappingLints are the lints whose findings rewrapping clears (the
// provider and key specification the PFX names). When there is no key to
// rewrap they are not what blocks the fix.
var wrappingLints = map[string]bool{
	"e_opsmgr_pfx_key_in_cng_ksp":            true,
	"e_opsmgr_pfx_key_spec_signature":        true,
	"w_opsmgr_pfx_key_provider_unrecognized": true,
}

func blocking(r certlint.Result) bool {
	return r.Status >= lint.Error || (r.Status == lint.Warn && blockingWarnings[r.Lint.Name])
}

// Repair rewraps the loaded PFX b, protecting it with password, and returns
// the result and the new PFX (nil when something is unfixable). It does not
// touch any file.
func Repair(b *certlint.Bundle, password string, opts *Options) (*Result, []byte, error) {
	if opts == nil {
		opts = &Options{}
	}
	if b == nil || b.Format != certlint.FormatPKCS12 || b.PFX == nil {
		return nil, nil, ErrNotPFX
	}
	csp := DefaultCSP
	if opts.CSP != "" {
		c, ok := LegacyCSP(opts.CSP)
		if !ok {
			return nil, nil, ErrCSP
		}
		csp = c
	}
	cfg := opts.Config
	cfg.Role = certlint.RoleLocal
	if cfg.At.IsZero() {
		cfg.At = time.Now() // one instant for the input and the output
	}
	run := &certlint.RunOptions{Config: cfg}
	before, err := certlint.Run(b, run)
	if err != nil {
		return nil, nil, err
	}
	res := &Result{Input: b.Name, Before: before}
	if cfg.Trust == nil {
		res.Notes = append(res.Notes, "the chain was not evaluated (no trust store given): nothing checks that the computers verifying this certificate can build its chain")
	}

	key, why := usableKey(b)
	if key == nil {
		// No output can be built: what blocks is the key. The findings
		// about the wrapping alone would go away with a usable key and are
		// not listed as unfixable.
		for _, u := range unfixable(before) {
			if !wrappingLints[u.Lint] {
				res.Unfixable = append(res.Unfixable, u)
			}
		}
		if len(res.Unfixable) == 0 {
			res.Unfixable = append(res.Unfixable, Unfixable{Status: lint.Error, Reason: why})
		}
		return res, nil, nil
	}

	chain, notes := buildChain(b, opts.Intermediates, opts.IncludeRoot)
	res.Notes = append(res.Notes, notes...)
	enc := pkcs12enc.AES256
	if opts.Legacy {
		enc = pkcs12enc.TripleDES
	}
	name := friendlyName(b, opts.FriendlyName)
	chainDER := make([][]byte, len(chain))
	for i, c := range chain {
		chainDER[i] = c.Raw
	}
	pfx, err := pkcs12enc.Encode(key, b.Leaf.Raw, chainDER, pkcs12enc.Options{
		Password: password, Encryption: enc, FriendlyName: name,
		Provider: csp, KeyUsage: pkcs12enc.KeyEx, LocalMachine: true,
	})
	if err != nil {
		return nil, nil, err
	}

	// Read the output back as anyone would, and lint it with the same
	// configuration.
	lo := &certlint.LoadOptions{Password: func() (string, error) { return password, nil }}
	out, err := certlint.Load(b.Name+" (rewrapped)", pfx, lo)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if out.Leaf == nil || !bytes.Equal(out.Leaf.Raw, b.Leaf.Raw) || !out.KeyMatchesLeaf || len(out.Others) != len(chain) {
		return nil, nil, ErrInternal
	}
	if k, ok := out.Key.(*rsa.PrivateKey); !ok || !k.Equal(key) {
		return nil, nil, ErrInternal
	}
	after, err := certlint.Run(out, run)
	if err != nil {
		return nil, nil, err
	}
	res.After = after
	res.Changes = changes(b, out)
	res.Unfixable = unfixable(after)
	if !res.Fixed() {
		return res, nil, nil
	}
	return res, pfx, nil
}

// usableKey returns the RSA key of the leaf, or nil and why there is none
// that the rewrapping can carry.
func usableKey(b *certlint.Bundle) (*rsa.PrivateKey, string) {
	switch {
	case b.Leaf == nil:
		return nil, "the PFX holds no certificate: export it again with the certificate"
	case b.Key == nil || b.KeyError != nil:
		return nil, "the PFX holds no usable private key for the certificate: export it again with its private key, or request a new certificate"
	case !b.KeyMatchesLeaf:
		return nil, "the private key in the PFX is not the certificate's: find the PFX holding the certificate's own key, or request a new certificate"
	case b.KeyCount != 1:
		return nil, fmt.Sprintf("the PFX holds %d private keys: export this computer's certificate alone, with its key", b.KeyCount)
	}
	k, ok := b.Key.(*rsa.PrivateKey)
	if !ok {
		return nil, "the key is not an RSA key: a legacy CryptoAPI CSP holds only RSA keys, so OpsMgr needs a new certificate with an RSA key"
	}
	return k, ""
}

// unfixable returns the blocking findings of a report, each with why the
// rewrapping cannot fix it.
func unfixable(r *certlint.Report) []Unfixable {
	var out []Unfixable
	for _, res := range r.Results {
		if !blocking(res) {
			continue
		}
		out = append(out, Unfixable{
			Lint: res.Lint.Name, Status: res.Status, Event: res.Lint.Event,
			Details: res.Details, Reason: reason(res),
		})
	}
	return out
}

// friendlyName is the name asked for, else the input key's, else the leaf
// bag's, else the leaf's subject common name.
func friendlyName(b *certlint.Bundle, asked string) string {
	if asked != "" {
		return asked
	}
	if len(b.PFX.Keys) > 0 && b.PFX.Keys[0].FriendlyName != "" {
		return b.PFX.Keys[0].FriendlyName
	}
	if len(b.PFX.CertFriendlyNames) > 0 && b.PFX.CertFriendlyNames[0] != "" {
		return b.PFX.CertFriendlyNames[0]
	}
	if b.Leaf.Std != nil && b.Leaf.Std.Subject.CommonName != "" {
		return b.Leaf.Std.Subject.CommonName
	}
	if b.Leaf.Parsed != nil && b.Leaf.Parsed.Subject.CommonName != "" {
		return b.Leaf.Parsed.Subject.CommonName
	}
	return "OpsMgr certificate"
}

// buildChain returns the CA certificates that issued the leaf, in order up
// from its issuer, found among the input's other certificates first and then
// opts.Intermediates: a candidate issued the current certificate when its
// subject is the current issuer's name (byte for byte) and its public key
// verifies the current certificate's signature. The self-signed root ends
// the chain and is returned only with includeRoot. notes say which
// certificates are left out and where the chain stops short.
func buildChain(b *certlint.Bundle, extra []*cert.Certificate, includeRoot bool) ([]*cert.Certificate, []string) {
	cands := append(append([]*cert.Certificate(nil), b.Others...), extra...)
	var chain []*cert.Certificate
	var notes []string
	used := map[*cert.Certificate]bool{}
	cur := b.Leaf
	for depth := 0; depth < 16 && cur.Std != nil && !selfSigned(cur); depth++ {
		var next *cert.Certificate
		for _, c := range cands {
			if !used[c] && c.Std != nil && issued(c, cur) && !bytes.Equal(c.Raw, cur.Raw) {
				next = c
				break
			}
		}
		if next == nil {
			notes = append(notes, fmt.Sprintf("the chain stops at %s: its issuer %q is in neither the PFX nor the intermediates given",
				subject(cur), cur.Std.Issuer.String()))
			break
		}
		// The same CA given twice (input and intermediates) is used once.
		for _, c := range cands {
			if bytes.Equal(c.Raw, next.Raw) {
				used[c] = true
			}
		}
		if selfSigned(next) && !includeRoot {
			notes = append(notes, fmt.Sprintf("the root %s is not written (--include-root writes it)", subject(next)))
			break
		}
		chain = append(chain, next)
		cur = next
	}
	for _, c := range b.Others {
		if !used[c] && !slices.ContainsFunc(chain, func(x *cert.Certificate) bool { return bytes.Equal(x.Raw, c.Raw) }) {
			notes = append(notes, fmt.Sprintf("%s is not written: it is not in the chain of %s", subject(c), subject(b.Leaf)))
		}
	}
	return chain, notes
}

// issued reports whether parent issued child: names match byte for byte and
// parent's key verifies child's signature (SHA-1 accepted: whether a SHA-1
// chain is acceptable is the lints' call, not the chain builder's).
func issued(parent, child *cert.Certificate) bool {
	return bytes.Equal(child.Std.RawIssuer, parent.Std.RawSubject) &&
		parent.Std.CheckSignature(child.Std.SignatureAlgorithm, child.Std.RawTBSCertificate, child.Std.Signature) == nil
}

func selfSigned(c *cert.Certificate) bool { return c.Std != nil && issued(c, c) }

// subject names a certificate for a note: its quoted subject, else its
// SHA-1 thumbprint.
func subject(c *cert.Certificate) string {
	switch {
	case c.Std != nil && len(c.Std.Subject.Names) > 0:
		return fmt.Sprintf("%q", c.Std.Subject.String())
	}
	if z, err := c.Zcrypto(); err == nil {
		return fmt.Sprintf("%q", z.Subject.String())
	}
	return fmt.Sprintf("the certificate with thumbprint %X", sha1.Sum(c.Raw))
}
