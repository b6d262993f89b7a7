package certlint

import (
	"errors"
	"fmt"

	"github.com/certlint/certlint/certlint/internal/pbe"
	"github.com/certlint/certlint/certlint/internal/pkcs12"
)

// PKCS#12 reading: internal/pkcs12 parses the structure (RFC 7292 §4); the
// loader verifies the MAC, decrypts the safes and keys with the password
// rule (see passwords), budgets the key derivations, and turns the bags into
// the Bundle's certificates, keys and PFXInfo. certlint walks the PFX itself
// rather than calling go-pkcs12's DecodeChain, which wants exactly one key,
// parses certificates with the strict crypto/x509 and drops the bag and key
// attributes Windows acts on.

// Names of the PBE schemes as they appear in PFXKey.Encryption and
// PFXInfo.CertEncryption. PBES2 schemes read "PBES2 (PBKDF2-<PRF>, <cipher>)",
// e.g. "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)", what OpenSSL 3 and Windows
// Server 2019+ ("AES256-SHA256") write.
const (
	PBEWithSHAAnd3KeyTripleDESCBC = "pbeWithSHAAnd3-KeyTripleDES-CBC" // RFC 7292 App. C; Windows and OpenSSL -legacy keys
	PBEWithSHAAnd40BitRC2CBC      = "pbeWithSHAAnd40BitRC2-CBC"       // RFC 7292 App. C; Windows and OpenSSL -legacy certificates
	PBEWithSHAAnd128BitRC2CBC     = "pbeWithSHAAnd128BitRC2-CBC"      // RFC 7292 App. C
)

// Microsoft key usage attribute bits, as OpenSSL's -keyex / -keysig write
// them (KEY_EX and KEY_SIG in openssl/pkcs12.h).
const (
	keyUsageKeyEx  = 0x10
	keyUsageKeySig = 0x80
)

// keySpecOf interprets the Microsoft key usage attribute. The rule certlint
// implements: KEY_EX set means the key is imported as an AT_KEYEXCHANGE key,
// whatever else is set (0x90, both bits, is what Windows writes when it
// exports a CNG KSP key, whose keys serve both purposes); KEY_SIG alone means
// AT_SIGNATURE (a CryptoAPI signature-only key, e.g. .NET's My.pfx); neither
// bit is not a value Windows or OpenSSL writes, and certlint reports
// KeySpecUnknown rather than guess. OpenSSL documents the two bits with
// -keyex and -keysig (openssl-pkcs12(1)); an absent attribute leaves the
// choice to the importer (KeySpecUnspecified).
func keySpecOf(v byte) KeySpec {
	switch {
	case v&keyUsageKeyEx != 0:
		return KeySpecExchange
	case v&keyUsageKeySig != 0:
		return KeySpecSignature
	}
	return KeySpecUnknown
}

// loadPKCS12 reads a PFX in one pass, in this order: the structure is parsed
// (internal/pkcs12); every iteration count visible without decryption (the
// MAC's, every encrypted safe's, every shrouded key in a clear safe) is
// checked against LoadOptions.MaxIterations; only then is the MAC verified,
// once, which settles the password; then the safes are decrypted and the
// bags read, attributes included. A shrouded key inside an encrypted safe has
// its count checked when its safe is opened, still before its own key
// derivation; and the input's total derivation work is capped at
// IterationBudget x MaxIterations.
func (l *loader) loadPKCS12(data []byte) error {
	info := &PFXInfo{}
	l.pfx = info
	pfx, err := pkcs12.ParsePFX(data)
	if err != nil {
		return l.pkcs12Error(err)
	}
	cis, err := pkcs12.ParseAuthenticatedSafe(pfx.AuthSafe, MaxCertificates+MaxKeys)
	if err != nil {
		return l.pkcs12Error(err)
	}

	// The MAC: parsed and its count checked first, verified after every
	// visible count has been checked.
	var mac *pbe.MAC
	if len(pfx.MacData) > 0 {
		mac, err = pbe.ParseMacData(pfx.MacData)
		if err != nil {
			return l.pbeError(err, "the PFX MAC")
		}
		info.HasMAC, info.MACAlgorithm, info.MACIterations = true, mac.Name, mac.Iterations
		if err := l.checkIterations("the PFX MAC ("+mac.Name+")", mac.Iterations, mac.Declared); err != nil {
			return err
		}
	}
	for i := range cis {
		ci := &cis[i]
		if ci.Scheme != nil {
			if err := l.checkIterations(fmt.Sprintf("encrypted safe %d (%s)", i+1, ci.Scheme.Name), ci.Scheme.Iterations, ci.Scheme.Declared); err != nil {
				return err
			}
		}
		if err := l.checkBagIterations(ci.Bags); err != nil {
			return err
		}
	}

	if mac != nil {
		if err := l.verifyMAC(mac, pfx.AuthSafe); err != nil {
			return err
		}
	}

	// The safes and their bags, in order.
	for i := range cis {
		ci := &cis[i]
		bags := ci.Bags
		if ci.Scheme != nil {
			what := fmt.Sprintf("encrypted safe %d (%s)", i+1, ci.Scheme.Name)
			plain, err := l.decrypt(ci.Scheme, ci.Content, what, validDERSequence)
			if err != nil {
				return err
			}
			if bags, err = pkcs12.ParseSafeContents(plain, MaxCertificates+MaxKeys); err != nil {
				return l.pkcs12Error(err)
			}
			// Shrouded keys seen only now: their counts are checked before
			// their derivation, as the others were before the MAC's.
			if err := l.checkBagIterations(bags); err != nil {
				return err
			}
			for _, b := range bags {
				if b.IsCert() && info.CertEncryption == "" {
					info.CertEncryption, info.CertIterations = ci.Scheme.Name, ci.Scheme.Iterations
				}
			}
		}
		if err := l.readBags(bags, 0); err != nil {
			return err
		}
	}
	if len(l.certs) == 0 && len(l.keys) == 0 {
		return l.errorf(ErrNotCertificate, "the PFX holds no certificate and no private key")
	}
	return nil
}

// pkcs12Error turns an error of internal/pkcs12 into the LoadError of its
// kind, with the same detail.
func (l *loader) pkcs12Error(err error) *LoadError {
	var pe *pkcs12.Error
	if !errors.As(err, &pe) {
		return l.errorf(ErrMalformed, "%v", err)
	}
	if pe.Scheme != nil {
		return l.pbeError(pe.Scheme, pe.What)
	}
	kind := ErrMalformed
	switch pe.Kind {
	case pkcs12.ErrUnsupported:
		kind = ErrUnsupported
	case pkcs12.ErrTooMany:
		kind = errTooMany
	}
	return l.errorf(kind, "%s", pe.Detail)
}

// verifyMAC verifies the PFX MAC over the AuthenticatedSafe octets (RFC 7292
// §5.1), trying the passwords as withPassword describes.
func (l *loader) verifyMAC(mac *pbe.MAC, content []byte) error {
	return l.withPassword("the PFX", " (its integrity MAC does not verify: a wrong password, or an altered file)", mac.BMPPassword, func(encs [][]byte) (int, error) {
		for i, pw := range encs {
			if err := l.spend(mac.Work()); err != nil {
				return -1, err
			}
			ok, err := mac.Verify(pw, content)
			if err != nil {
				return -1, l.pbeError(err, "the PFX MAC")
			}
			if ok {
				return i, nil
			}
		}
		return -1, nil
	})
}

// checkBagIterations checks the iteration count of every shrouded key bag in
// bags against the limit (their schemes are parsed, nothing is derived).
func (l *loader) checkBagIterations(bags []pkcs12.SafeBag) error {
	for _, b := range bags {
		if b.Scheme != nil {
			if err := l.checkIterations("a shrouded key bag ("+b.Scheme.Name+")", b.Scheme.Iterations, b.Scheme.Declared); err != nil {
				return err
			}
		}
	}
	return nil
}

// readBags reads certificate and key bags, in order.
func (l *loader) readBags(bags []pkcs12.SafeBag, depth int) error {
	for i := range bags {
		b := &bags[i]
		switch {
		case b.IsCert():
			if err := l.readCertBag(b); err != nil {
				return err
			}
		case b.IsKey():
			if err := l.readKeyBag(b); err != nil {
				return err
			}
		case b.IsSafeContents():
			if depth >= pkcs12.MaxNesting {
				return l.errorf(ErrMalformed, "SafeContents nested more than %d deep", pkcs12.MaxNesting)
			}
			nested, err := pkcs12.ParseSafeContents(b.Value, MaxCertificates+MaxKeys)
			if err != nil {
				return l.pkcs12Error(err)
			}
			if err := l.checkBagIterations(nested); err != nil {
				return err
			}
			if err := l.readBags(nested, depth+1); err != nil {
				return err
			}
		}
		// CRL, secret and unknown bags hold nothing certlint reads.
	}
	return nil
}

// readCertBag reads a certBag; only x509Certificate is read.
func (l *loader) readCertBag(b *pkcs12.SafeBag) error {
	der, ok, err := b.Certificate(len(l.certs) + 1)
	if err != nil {
		return l.pkcs12Error(err)
	}
	if !ok {
		return nil // an SDSI certificate: nothing to lint
	}
	name := b.FriendlyName()
	what := fmt.Sprintf("certificate %d", len(l.certs)+1)
	if name != "" {
		what += fmt.Sprintf(" (friendly name %q)", name)
	}
	if err := l.addCertificate(der, b.LocalKeyID(), what); err != nil {
		return err
	}
	l.pfx.CertFriendlyNames = append(l.pfx.CertFriendlyNames, name)
	return nil
}

// readKeyBag reads a keyBag (PrivateKeyInfo in the clear) or a
// pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo), with its bag attributes and
// the attributes of the PrivateKeyInfo inside.
func (l *loader) readKeyBag(b *pkcs12.SafeBag) error {
	n := len(l.pfx.Keys) + 1
	k := PFXKey{
		Provider:     b.Provider(),
		FriendlyName: b.FriendlyName(),
		LocalKeyID:   b.LocalKeyID(),
		LocalMachine: b.LocalMachine(),
	}
	what := fmt.Sprintf("private key %d", n)

	var pki []byte
	if !b.IsShrouded() {
		pki = b.Value
	} else {
		k.Shrouded = true
		if b.Scheme == nil {
			// Unsupported scheme: the key is unusable, the rest readable.
			alg, _, _ := pkcs12.ParseEncryptedPrivateKeyInfo(b.Value)
			_, err := pbe.ParseScheme(alg)
			k.Encryption, k.KeySpec = "unsupported", KeySpecUnknown
			l.pfx.Keys = append(l.pfx.Keys, k)
			return l.addKey(nil, fmt.Errorf("%s: %w", what, err), k.LocalKeyID, nil)
		}
		k.Encryption, k.Iterations = b.Scheme.Name, b.Scheme.Iterations
		plain, err := l.decrypt(b.Scheme, b.Ciphertext, what+" ("+b.Scheme.Name+")", validPrivateKeyInfo)
		if err != nil {
			return err
		}
		defer clear(plain)
		pki = plain
	}
	k.KeyUsage, k.HasKeyUsage, k.KeySpec = pkcs8KeyUsage(pki)
	l.pfx.Keys = append(l.pfx.Keys, k)
	key, err := parsePKCS8(pki)
	if err != nil {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return l.addKey(key, err, k.LocalKeyID, pki)
}

// pkcs8KeyUsage reads the Microsoft key usage attribute of a PrivateKeyInfo
// and the key specification Windows imports the key with.
func pkcs8KeyUsage(pki []byte) (usage byte, present bool, spec KeySpec) {
	u, present, readable := pkcs12.KeyUsage(pki)
	switch {
	case !present:
		return 0, false, KeySpecUnspecified
	case !readable:
		return 0, true, KeySpecUnknown
	}
	return u, true, keySpecOf(u)
}
