//go:build windows

package machine

import (
	"errors"
	"fmt"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Local returns the System of this computer: its registry (64-bit view),
// certificate stores and chain engine, through crypt32 and advapi32.
func Local() (System, error) { return localSystem{}, nil }

type localSystem struct{}

var (
	crypt32  = windows.NewLazySystemDLL("crypt32.dll")
	advapi32 = windows.NewLazySystemDLL("advapi32.dll")
	ncrypt   = windows.NewLazySystemDLL("ncrypt.dll")

	procCertGetCertificateContextProperty = crypt32.NewProc("CertGetCertificateContextProperty")
	procCryptExportPublicKeyInfo          = crypt32.NewProc("CryptExportPublicKeyInfo")
	procCertComparePublicKeyInfo          = crypt32.NewProc("CertComparePublicKeyInfo")
	procCryptGetUserKey                   = advapi32.NewProc("CryptGetUserKey")
	procCryptDestroyKey                   = advapi32.NewProc("CryptDestroyKey")
	procNCryptFreeObject                  = ncrypt.NewProc("NCryptFreeObject")
)

const (
	certKeyProvInfoPropID = 2 // CERT_KEY_PROV_INFO_PROP_ID
	// hcceLocalMachine is HCCE_LOCAL_MACHINE, the default chain engine over
	// the LocalMachine stores (the Root, CA, Trust and My stores of the
	// computer, not of a user).
	hcceLocalMachine = windows.Handle(1)
	// chainURLTimeout bounds each AIA download of the chain engine
	// (milliseconds).
	chainURLTimeout = 10000
	encoding        = windows.X509_ASN_ENCODING | windows.PKCS_7_ASN_ENCODING
)

// cryptKeyProvInfo is CRYPT_KEY_PROV_INFO.
type cryptKeyProvInfo struct {
	ContainerName *uint16
	ProvName      *uint16
	ProvType      uint32
	Flags         uint32
	ProvParamLen  uint32
	ProvParams    uintptr
	KeySpec       uint32
}

func (localSystem) RegistryValue(name string) (RegValue, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, SettingsKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if errors.Is(err, registry.ErrNotExist) {
		return RegValue{}, nil
	}
	if err != nil {
		return RegValue{}, err
	}
	defer k.Close()
	n, typ, err := k.GetValue(name, nil)
	if errors.Is(err, registry.ErrNotExist) {
		return RegValue{KeyExists: true}, nil
	}
	if err != nil {
		return RegValue{}, err
	}
	v := RegValue{KeyExists: true, Exists: true, Type: typ, Size: n}
	if n > 0 && n <= MaxRegValue {
		buf := make([]byte, n)
		m, _, err := k.GetValue(name, buf)
		if err != nil {
			return RegValue{}, err
		}
		v.Data, v.Size = buf[:m], m
	}
	return v, nil
}

func (localSystem) Certificates(s Store) ([][]byte, error) {
	var store windows.Handle
	var err error
	switch s {
	case StoreMy:
		store, err = openLocalMachineMy()
	case StoreUserRoot:
		// The user's own physical store, not the CurrentUser\Root view,
		// which also shows the computer's roots (System Store Locations).
		k, kerr := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\SystemCertificates\Root`, registry.READ)
		if errors.Is(kerr, registry.ErrNotExist) {
			return nil, nil
		}
		if kerr != nil {
			return nil, kerr
		}
		defer k.Close()
		store, err = windows.CertOpenStore(windows.CERT_STORE_PROV_REG, 0, 0, windows.CERT_STORE_READONLY_FLAG, uintptr(k))
	default:
		return nil, fmt.Errorf("unknown store %s", s)
	}
	if err != nil {
		return nil, err
	}
	defer windows.CertCloseStore(store, 0)
	var out [][]byte
	var ctx *windows.CertContext
	for {
		ctx, err = windows.CertEnumCertificatesInStore(store, ctx)
		if err != nil {
			if errors.Is(err, syscall.Errno(windows.CRYPT_E_NOT_FOUND)) {
				return out, nil
			}
			return nil, err
		}
		out = append(out, certBytes(ctx))
		if len(out) > MaxStoreCertificates {
			windows.CertFreeCertificateContext(ctx)
			return out, nil // the caller refuses the count
		}
	}
}

func openLocalMachineMy() (windows.Handle, error) {
	name, _ := windows.UTF16PtrFromString("My")
	return windows.CertOpenStore(windows.CERT_STORE_PROV_SYSTEM, 0, 0,
		windows.CERT_SYSTEM_STORE_LOCAL_MACHINE|windows.CERT_STORE_READONLY_FLAG|windows.CERT_STORE_OPEN_EXISTING_FLAG,
		uintptr(unsafe.Pointer(name)))
}

func certBytes(ctx *windows.CertContext) []byte {
	return append([]byte(nil), unsafe.Slice(ctx.EncodedCert, ctx.Length)...)
}

func (localSystem) KeyInfo(cert []byte) (KeyInfo, error) {
	store, err := openLocalMachineMy()
	if err != nil {
		return KeyInfo{}, err
	}
	defer windows.CertCloseStore(store, 0)
	ctx, err := findCertificate(store, cert)
	if err != nil {
		return KeyInfo{}, err
	}
	defer windows.CertFreeCertificateContext(ctx)
	return keyInfo(ctx)
}

// findCertificate finds the certificate with these DER bytes in store.
func findCertificate(store windows.Handle, cert []byte) (*windows.CertContext, error) {
	if len(cert) == 0 {
		return nil, errors.New("empty certificate")
	}
	want, err := windows.CertCreateCertificateContext(encoding, &cert[0], uint32(len(cert)))
	if err != nil {
		return nil, err
	}
	defer windows.CertFreeCertificateContext(want)
	ctx, err := windows.CertFindCertificateInStore(store, encoding, 0, windows.CERT_FIND_EXISTING, unsafe.Pointer(want), nil)
	if errors.Is(err, syscall.Errno(windows.CRYPT_E_NOT_FOUND)) {
		return nil, errors.New("the certificate is no longer in the store")
	}
	return ctx, err
}

// keyInfo reads CERT_KEY_PROV_INFO and tries the key.
func keyInfo(ctx *windows.CertContext) (KeyInfo, error) {
	var n uint32
	r, _, e := procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), certKeyProvInfoPropID, 0, uintptr(unsafe.Pointer(&n)))
	if r == 0 {
		if errors.Is(e, syscall.Errno(windows.CRYPT_E_NOT_FOUND)) {
			return KeyInfo{}, nil
		}
		return KeyInfo{}, e
	}
	if n < uint32(unsafe.Sizeof(cryptKeyProvInfo{})) || n > 1<<16 {
		return KeyInfo{}, fmt.Errorf("key property of %d bytes", n)
	}
	// A []uintptr buffer keeps the structure's pointers aligned.
	buf := make([]uintptr, (n+7)/8)
	r, _, e = procCertGetCertificateContextProperty.Call(uintptr(unsafe.Pointer(ctx)), certKeyProvInfoPropID, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)))
	if r == 0 {
		return KeyInfo{}, e
	}
	p := (*cryptKeyProvInfo)(unsafe.Pointer(&buf[0]))
	ki := KeyInfo{
		Present:   true,
		Container: windows.UTF16PtrToString(p.ContainerName),
		Provider:  windows.UTF16PtrToString(p.ProvName),
		ProvType:  p.ProvType,
		KeySpec:   p.KeySpec,
		Flags:     p.Flags,
	}
	if ki.ProvType == ProvTypeCNG {
		ki.OpenErr = openCNGKey(ctx)
	} else {
		ki.OpenErr = openCSPKey(ctx, p)
	}
	if ki.OpenErr != nil {
		ki.OpenDenied = accessDenied(ki.OpenErr) || (ki.Flags&FlagMachineKeySet != 0 && !windows.GetCurrentProcessToken().IsElevated())
	}
	return ki, nil
}

// openCSPKey opens the CryptoAPI key container the property names, silently
// and in the key set it names (CryptAcquireContext with CRYPT_SILENT and
// CRYPT_MACHINE_KEYSET from the property, as CryptAcquireCertificatePrivateKey
// does), checks that it holds a key of the property's KeySpec, and compares
// that key's public half with the certificate's. This is done by hand
// because Wine before 10.13 drops CRYPT_MACHINE_KEYSET in
// CryptAcquireCertificatePrivateKey, and certlint's Windows tests run there.
func openCSPKey(ctx *windows.CertContext, p *cryptKeyProvInfo) error {
	var prov windows.Handle
	flags := uint32(windows.CRYPT_SILENT) | p.Flags&FlagMachineKeySet
	if err := windows.CryptAcquireContext(&prov, p.ContainerName, p.ProvName, p.ProvType, flags); err != nil {
		return err
	}
	defer windows.CryptReleaseContext(prov, 0)
	var key uintptr
	if r, _, e := procCryptGetUserKey.Call(uintptr(prov), uintptr(p.KeySpec), uintptr(unsafe.Pointer(&key))); r == 0 {
		return fmt.Errorf("the container holds no key of KeySpec %d: %w", p.KeySpec, e)
	}
	procCryptDestroyKey.Call(key)
	var n uint32
	if r, _, e := procCryptExportPublicKeyInfo.Call(uintptr(prov), uintptr(p.KeySpec), windows.X509_ASN_ENCODING, 0, uintptr(unsafe.Pointer(&n))); r == 0 {
		return e
	}
	buf := make([]uintptr, (n+7)/8+1)
	if r, _, e := procCryptExportPublicKeyInfo.Call(uintptr(prov), uintptr(p.KeySpec), windows.X509_ASN_ENCODING, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return e
	}
	r, _, _ := procCertComparePublicKeyInfo.Call(windows.X509_ASN_ENCODING, uintptr(unsafe.Pointer(&ctx.CertInfo.SubjectPublicKeyInfo)), uintptr(unsafe.Pointer(&buf[0])))
	if r == 0 {
		return errors.New("the key in the container is not the certificate's key (its public key differs)")
	}
	return nil
}

// openCNGKey opens a key storage provider's key silently and compares it
// with the certificate's public key.
func openCNGKey(ctx *windows.CertContext) error {
	var h windows.Handle
	var spec uint32
	var free bool
	err := windows.CryptAcquireCertificatePrivateKey(ctx,
		windows.CRYPT_ACQUIRE_SILENT_FLAG|windows.CRYPT_ACQUIRE_COMPARE_KEY_FLAG|windows.CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG,
		nil, &h, &spec, &free)
	if err != nil {
		return err
	}
	if free {
		procNCryptFreeObject.Call(uintptr(h))
	}
	return nil
}

// accessDenied reports whether err says the caller may not open the key.
func accessDenied(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch uint32(errno) {
	case uint32(windows.ERROR_ACCESS_DENIED), uint32(windows.E_ACCESSDENIED), uint32(windows.NTE_PERM):
		return true
	}
	return false
}

func (localSystem) ComputerFQDN() (string, error) {
	n := uint32(256)
	for range 4 {
		buf := make([]uint16, n)
		err := windows.GetComputerNameEx(windows.ComputerNameDnsFullyQualified, &buf[0], &n)
		if err == nil {
			return windows.UTF16ToString(buf[:n]), nil
		}
		if !errors.Is(err, windows.ERROR_MORE_DATA) {
			return "", err
		}
	}
	return "", errors.New("the computer name keeps growing")
}

func (localSystem) BuildChain(cert []byte, at time.Time) (*Chain, error) {
	if len(cert) == 0 {
		return nil, errors.New("empty certificate")
	}
	ctx, err := windows.CertCreateCertificateContext(encoding, &cert[0], uint32(len(cert)))
	if err != nil {
		return nil, err
	}
	defer windows.CertFreeCertificateContext(ctx)
	ft := windows.NsecToFiletime(at.UnixNano())
	para := windows.CertChainPara{URLRetrievalTimeout: chainURLTimeout}
	para.Size = uint32(unsafe.Sizeof(para))
	var cc *windows.CertChainContext
	if err := windows.CertGetCertificateChain(hcceLocalMachine, ctx, &ft, 0, &para, 0, 0, &cc); err != nil {
		return nil, err
	}
	defer windows.CertFreeCertificateChain(cc)
	ch := &Chain{ErrorStatus: cc.TrustStatus.ErrorStatus}
	if cc.ChainCount == 0 || cc.Chains == nil {
		ch.Certs = [][]byte{append([]byte(nil), cert...)}
		return ch, nil
	}
	simple := *cc.Chains
	for _, el := range unsafe.Slice(simple.Elements, simple.NumElements) {
		ch.Certs = append(ch.Certs, certBytes(el.CertContext))
	}
	return ch, nil
}
