//go:build windows

package stage

import (
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"unsafe"

	"github.com/certlint/certlint/machine"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

var (
	advapi32 = windows.NewLazySystemDLL("advapi32.dll")
	crypt32  = windows.NewLazySystemDLL("crypt32.dll")

	procCryptImportKey                    = advapi32.NewProc("CryptImportKey")
	procCryptDestroyKey                   = advapi32.NewProc("CryptDestroyKey")
	procCryptGetProvParam                 = advapi32.NewProc("CryptGetProvParam")
	procCertSetCertificateContextProperty = crypt32.NewProc("CertSetCertificateContextProperty")
)

const (
	certKeyProvInfoPropID = 2 // CERT_KEY_PROV_INFO_PROP_ID
	cryptExportable       = 1 // CRYPT_EXPORTABLE
	ppEnumContainers      = 2 // PP_ENUMCONTAINERS
	cryptFirst            = 1 // CRYPT_FIRST
	encoding              = windows.X509_ASN_ENCODING | windows.PKCS_7_ASN_ENCODING
	userRootKey           = `Software\Microsoft\SystemCertificates\Root`
	myKey                 = `Software\Microsoft\SystemCertificates\My`
)

type cryptKeyProvInfo struct {
	ContainerName *uint16
	ProvName      *uint16
	ProvType      uint32
	Flags         uint32
	ProvParamLen  uint32
	ProvParams    uintptr
	KeySpec       uint32
}

// Apply stages p on this computer.
func Apply(p *Plan) (*Result, error) {
	if p.Reset {
		if err := reset(); err != nil {
			return nil, fmt.Errorf("reset: %w", err)
		}
	}
	for i, c := range p.Certs {
		if err := addCert(c); err != nil {
			return nil, fmt.Errorf("certificate %d: %w", i, err)
		}
	}
	if len(p.UserRoots) > 0 {
		if err := addUserRoots(p.UserRoots); err != nil {
			return nil, fmt.Errorf("user roots: %w", err)
		}
	}
	if p.Serial != nil || p.Hash != "" {
		k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, machine.SettingsKey, registry.SET_VALUE|registry.WOW64_64KEY)
		if err != nil {
			return nil, err
		}
		defer k.Close()
		if p.Serial != nil {
			if err := k.SetBinaryValue(machine.ValueSerial, p.Serial); err != nil {
				return nil, err
			}
		}
		if p.Hash != "" {
			if err := k.SetStringValue(machine.ValueHash, p.Hash); err != nil {
				return nil, err
			}
		}
	}
	fqdn, err := computerFQDN()
	if err != nil {
		return nil, err
	}
	return &Result{FQDN: fqdn}, nil
}

func openStore(provider uintptr, flags uint32, para uintptr) (windows.Handle, error) {
	return windows.CertOpenStore(provider, 0, 0, flags, para)
}

func openMy() (windows.Handle, error) {
	name, _ := windows.UTF16PtrFromString("My")
	return openStore(windows.CERT_STORE_PROV_SYSTEM, windows.CERT_SYSTEM_STORE_LOCAL_MACHINE, uintptr(unsafe.Pointer(name)))
}

// openRegStore opens the physical store kept under a registry key: the
// user's own Root store, or the computer's Personal store for deletions
// (Wine 8 does not save deletions made through the LocalMachine\My system
// store).
func openRegStore(root registry.Key, path string) (windows.Handle, registry.Key, error) {
	k, _, err := registry.CreateKey(root, path, registry.ALL_ACCESS)
	if err != nil {
		return 0, 0, err
	}
	h, err := openStore(windows.CERT_STORE_PROV_REG, 0, uintptr(k))
	if err != nil {
		k.Close()
		return 0, 0, err
	}
	return h, k, nil
}

// emptyStore deletes every certificate of a store.
func emptyStore(store windows.Handle) error {
	for {
		ctx, err := windows.CertEnumCertificatesInStore(store, nil)
		if errors.Is(err, syscall.Errno(windows.CRYPT_E_NOT_FOUND)) {
			return nil
		}
		if err != nil {
			return err
		}
		// CertDeleteCertificateFromStore frees the context it is given.
		if err := windows.CertDeleteCertificateFromStore(ctx); err != nil {
			return err
		}
	}
}

func reset() error {
	for _, st := range []struct {
		root registry.Key
		path string
	}{{registry.LOCAL_MACHINE, myKey}, {registry.CURRENT_USER, userRootKey}} {
		store, k, err := openRegStore(st.root, st.path)
		if err != nil {
			return err
		}
		err = emptyStore(store)
		windows.CertCloseStore(store, 0)
		k.Close()
		if err != nil {
			return err
		}
	}
	for _, flags := range []uint32{windows.CRYPT_MACHINE_KEYSET, 0} {
		if err := deleteContainers(flags); err != nil {
			return err
		}
	}
	err := registry.DeleteKey(registry.LOCAL_MACHINE, machine.SettingsKey)
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}

// deleteContainers deletes the key containers Apply created in one key set.
func deleteContainers(flags uint32) error {
	prov, _ := windows.UTF16PtrFromString(DefaultProvider)
	var h windows.Handle
	if err := windows.CryptAcquireContext(&h, nil, prov, DefaultProvType, windows.CRYPT_VERIFYCONTEXT|flags); err != nil {
		return err
	}
	var names []string
	buf := make([]byte, 1024)
	for first := true; ; first = false {
		n := uint32(len(buf))
		f := uintptr(0)
		if first {
			f = cryptFirst
		}
		if r, _, _ := procCryptGetProvParam.Call(uintptr(h), ppEnumContainers, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), f); r == 0 {
			break
		}
		name := string(buf[:n])
		if i := strings.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		names = append(names, name)
	}
	windows.CryptReleaseContext(h, 0)
	for _, name := range names {
		if !strings.HasPrefix(name, ContainerPrefix) {
			continue
		}
		c, _ := windows.UTF16PtrFromString(name)
		var d windows.Handle
		if err := windows.CryptAcquireContext(&d, c, prov, DefaultProvType, windows.CRYPT_DELETEKEYSET|flags); err != nil {
			return fmt.Errorf("deleting key container %s: %w", name, err)
		}
	}
	return nil
}

func addCert(c Cert) error {
	sum := sha1.Sum(c.DER)
	container := ContainerPrefix + strings.ToUpper(hex.EncodeToString(sum[:8]))
	provider, provType := c.Provider, c.ProvType
	if provider == "" {
		provider, provType = DefaultProvider, DefaultProvType
	}
	keySpec, flags := uint32(machine.KeySpecExchange), uint32(windows.CRYPT_MACHINE_KEYSET)
	if c.Signature {
		keySpec = machine.KeySpecSignature
	}
	if c.UserKeySet {
		flags = 0
	}
	if c.Key != nil {
		if err := importKey(c.Key, container, provider, provType, flags, c.Signature); err != nil {
			return err
		}
	}
	store, err := openMy()
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(store, 0)
	ctx, err := windows.CertCreateCertificateContext(encoding, &c.DER[0], uint32(len(c.DER)))
	if err != nil {
		return err
	}
	defer windows.CertFreeCertificateContext(ctx)
	var added *windows.CertContext
	if err := windows.CertAddCertificateContextToStore(store, ctx, windows.CERT_STORE_ADD_REPLACE_EXISTING, &added); err != nil {
		return err
	}
	// The store writes its changes when the last context is freed.
	defer windows.CertFreeCertificateContext(added)
	prop := c.Prop
	if prop == nil && c.Key != nil {
		prop = &Prop{Container: container, Provider: provider, ProvType: provType, Flags: flags, KeySpec: keySpec}
	}
	if prop == nil {
		return nil
	}
	cont, _ := windows.UTF16PtrFromString(prop.Container)
	prov, _ := windows.UTF16PtrFromString(prop.Provider)
	info := cryptKeyProvInfo{ContainerName: cont, ProvName: prov, ProvType: prop.ProvType, Flags: prop.Flags, KeySpec: prop.KeySpec}
	if r, _, e := procCertSetCertificateContextProperty.Call(uintptr(unsafe.Pointer(added)), certKeyProvInfoPropID, 0, uintptr(unsafe.Pointer(&info))); r == 0 {
		return fmt.Errorf("setting the key property: %w", e)
	}
	return nil
}

// importKey imports a PKCS#8 RSA key into a new key container.
func importKey(pkcs8 []byte, container, provider string, provType, flags uint32, signature bool) error {
	k, err := x509.ParsePKCS8PrivateKey(pkcs8)
	if err != nil {
		return err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return errors.New("only RSA keys can be staged in a CryptoAPI container")
	}
	blob, err := PrivateKeyBlob(rk, signature)
	if err != nil {
		return err
	}
	cont, _ := windows.UTF16PtrFromString(container)
	prov, _ := windows.UTF16PtrFromString(provider)
	var h windows.Handle
	windows.CryptAcquireContext(&h, cont, prov, provType, windows.CRYPT_DELETEKEYSET|flags)
	if err := windows.CryptAcquireContext(&h, cont, prov, provType, windows.CRYPT_NEWKEYSET|flags); err != nil {
		return fmt.Errorf("creating key container %s: %w", container, err)
	}
	defer windows.CryptReleaseContext(h, 0)
	var key uintptr
	if r, _, e := procCryptImportKey.Call(uintptr(h), uintptr(unsafe.Pointer(&blob[0])), uintptr(len(blob)), 0, cryptExportable, uintptr(unsafe.Pointer(&key))); r == 0 {
		return fmt.Errorf("importing the key: %w", e)
	}
	procCryptDestroyKey.Call(key)
	return nil
}

func addUserRoots(roots [][]byte) error {
	store, k, err := openRegStore(registry.CURRENT_USER, userRootKey)
	if err != nil {
		return err
	}
	defer k.Close()
	defer windows.CertCloseStore(store, 0)
	for _, der := range roots {
		ctx, err := windows.CertCreateCertificateContext(encoding, &der[0], uint32(len(der)))
		if err != nil {
			return err
		}
		err = windows.CertAddCertificateContextToStore(store, ctx, windows.CERT_STORE_ADD_REPLACE_EXISTING, nil)
		windows.CertFreeCertificateContext(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

func computerFQDN() (string, error) {
	n := uint32(256)
	buf := make([]uint16, n)
	if err := windows.GetComputerNameEx(windows.ComputerNameDnsFullyQualified, &buf[0], &n); err != nil {
		return "", err
	}
	return windows.UTF16ToString(buf[:n]), nil
}
