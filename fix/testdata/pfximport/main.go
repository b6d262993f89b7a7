//go:build windows

// Command pfximport is a test helper, run under Wine (or on Windows) by the
// fix package's tests. It imports a PFX the way MOMCertImport and certutil
// -importPFX do: PFXImportCertStore with CRYPT_MACHINE_KEYSET, then the
// certificate into LocalMachine\My. It then opens the key container the
// import recorded for the certificate, in the machine key set, takes its
// AT_KEYEXCHANGE key and prints that key's public modulus, so that the test
// can check it is the certificate's own key. It prints one JSON object; the
// password is read from the environment variable PFX_PASSWORD, never from
// the command line.
//
//	pfximport FILE.pfx LEAF-SHA1-HEX
//
// Microsoft Learn: PFXImportCertStore, CertAddCertificateContextToStore,
// CertGetCertificateContextProperty (CERT_KEY_PROV_INFO_PROP_ID),
// CryptAcquireContext, CryptGetUserKey, CryptExportKey (PUBLICKEYBLOB).
package main

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"unsafe"

	"golang.org/x/sys/windows"
)

type report struct {
	Certs          int    `json:"certs"`
	LeafFound      bool   `json:"leaf_found"`
	Provider       string `json:"provider"`
	ProvType       uint32 `json:"prov_type"`
	KeySpec        uint32 `json:"key_spec"`
	ProvInfoFlags  uint32 `json:"prov_info_flags"`
	InLocalMachine bool   `json:"in_local_machine_my"`
	// ExchangeKeyModulus is the big-endian hex modulus of the AT_KEYEXCHANGE
	// key in the imported container, opened in the machine key set.
	ExchangeKeyModulus string `json:"exchange_key_modulus"`
	Error              string `json:"error,omitempty"`
}

// cryptKeyProvInfo is CRYPT_KEY_PROV_INFO (wincrypt.h).
type cryptKeyProvInfo struct {
	ContainerName *uint16
	ProvName      *uint16
	ProvType      uint32
	Flags         uint32
	ProvParamN    uint32
	ProvParam     uintptr
	KeySpec       uint32
}

const (
	certKeyProvInfoPropID = 2
	publicKeyBlob         = 0x6
	atKeyExchange         = 1
)

var (
	crypt32     = windows.NewLazySystemDLL("crypt32.dll")
	advapi32    = windows.NewLazySystemDLL("advapi32.dll")
	getProperty = crypt32.NewProc("CertGetCertificateContextProperty")
	getUserKey  = advapi32.NewProc("CryptGetUserKey")
	exportKey   = advapi32.NewProc("CryptExportKey")
	destroyKey  = advapi32.NewProc("CryptDestroyKey")
)

func keyProvInfo(c *windows.CertContext) (*cryptKeyProvInfo, bool) {
	var n uint32
	if r, _, _ := getProperty.Call(uintptr(unsafe.Pointer(c)), certKeyProvInfoPropID, 0, uintptr(unsafe.Pointer(&n))); r == 0 || n == 0 {
		return nil, false
	}
	buf := make([]byte, n)
	if r, _, _ := getProperty.Call(uintptr(unsafe.Pointer(c)), certKeyProvInfoPropID, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return nil, false
	}
	// The strings it points to are in buf too, which the pointer keeps alive.
	return (*cryptKeyProvInfo)(unsafe.Pointer(&buf[0])), true
}

func main() {
	var r report
	err := run(&r)
	if err != nil {
		r.Error = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(r)
	if err != nil {
		os.Exit(1)
	}
}

func run(r *report) error {
	if len(os.Args) != 3 {
		return errors.New("usage: pfximport FILE.pfx LEAF-SHA1-HEX (password in PFX_PASSWORD)")
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		return err
	}
	sum, err := hex.DecodeString(os.Args[2])
	if err != nil || len(sum) != 20 {
		return errors.New("LEAF-SHA1-HEX is not a SHA-1 in hex")
	}
	pw, err := windows.UTF16PtrFromString(os.Getenv("PFX_PASSWORD"))
	if err != nil {
		return err
	}
	blob := windows.CryptDataBlob{Size: uint32(len(data)), Data: &data[0]}
	tmp, err := windows.PFXImportCertStore(&blob, pw, windows.CRYPT_MACHINE_KEYSET)
	if err != nil {
		return fmt.Errorf("PFXImportCertStore: %w", err)
	}
	defer windows.CertCloseStore(tmp, 0)
	for c, _ := windows.CertEnumCertificatesInStore(tmp, nil); c != nil; c, _ = windows.CertEnumCertificatesInStore(tmp, c) {
		r.Certs++
	}
	hash := windows.CryptHashBlob{Size: uint32(len(sum)), Data: &sum[0]}
	find := func(store windows.Handle) *windows.CertContext {
		c, _ := windows.CertFindCertificateInStore(store, windows.X509_ASN_ENCODING|windows.PKCS_7_ASN_ENCODING, 0,
			windows.CERT_FIND_SHA1_HASH, unsafe.Pointer(&hash), nil)
		return c
	}
	leaf := find(tmp)
	if leaf == nil {
		return errors.New("the certificate is not among those imported")
	}
	defer windows.CertFreeCertificateContext(leaf)
	r.LeafFound = true

	my, err := windows.UTF16PtrFromString("My")
	if err != nil {
		return err
	}
	open := func() (windows.Handle, error) {
		return windows.CertOpenStore(windows.CERT_STORE_PROV_SYSTEM, 0, 0, windows.CERT_SYSTEM_STORE_LOCAL_MACHINE, uintptr(unsafe.Pointer(my)))
	}
	store, err := open()
	if err != nil {
		return fmt.Errorf("opening LocalMachine\\My: %w", err)
	}
	err = windows.CertAddCertificateContextToStore(store, leaf, windows.CERT_STORE_ADD_REPLACE_EXISTING, nil)
	windows.CertCloseStore(store, 0)
	if err != nil {
		return fmt.Errorf("adding to LocalMachine\\My: %w", err)
	}
	if store, err = open(); err != nil {
		return fmt.Errorf("opening LocalMachine\\My again: %w", err)
	}
	defer windows.CertCloseStore(store, 0)
	found := find(store)
	if found == nil {
		return errors.New("the certificate is not in LocalMachine\\My after adding it")
	}
	defer windows.CertFreeCertificateContext(found)
	r.InLocalMachine = true
	info, ok := keyProvInfo(found)
	if !ok {
		return errors.New("the certificate in LocalMachine\\My has no private key")
	}
	r.Provider = windows.UTF16PtrToString(info.ProvName)
	r.ProvType, r.KeySpec, r.ProvInfoFlags = info.ProvType, info.KeySpec, info.Flags

	// The key container the import made, in the machine key set.
	var prov windows.Handle
	if err := windows.CryptAcquireContext(&prov, info.ContainerName, info.ProvName, info.ProvType,
		windows.CRYPT_MACHINE_KEYSET|windows.CRYPT_SILENT); err != nil {
		return fmt.Errorf("CryptAcquireContext (machine key set): %w", err)
	}
	defer windows.CryptReleaseContext(prov, 0)
	var key uintptr
	if ok, _, err := getUserKey.Call(uintptr(prov), atKeyExchange, uintptr(unsafe.Pointer(&key))); ok == 0 {
		return fmt.Errorf("CryptGetUserKey(AT_KEYEXCHANGE): %w", err)
	}
	defer destroyKey.Call(key)
	var n uint32
	if ok, _, err := exportKey.Call(key, 0, publicKeyBlob, 0, 0, uintptr(unsafe.Pointer(&n))); ok == 0 {
		return fmt.Errorf("CryptExportKey: %w", err)
	}
	pub := make([]byte, n)
	if ok, _, err := exportKey.Call(key, 0, publicKeyBlob, 0, uintptr(unsafe.Pointer(&pub[0])), uintptr(unsafe.Pointer(&n))); ok == 0 {
		return fmt.Errorf("CryptExportKey: %w", err)
	}
	// PUBLICKEYBLOB: BLOBHEADER (8 bytes), RSAPUBKEY {magic, bitlen, pubexp}
	// (12 bytes), then the modulus, little-endian.
	if n < 20 {
		return errors.New("short PUBLICKEYBLOB")
	}
	bits := binary.LittleEndian.Uint32(pub[12:16])
	mod := pub[20:n]
	if uint32(len(mod)) < bits/8 {
		return errors.New("short PUBLICKEYBLOB modulus")
	}
	mod = slices.Clone(mod[:bits/8])
	slices.Reverse(mod)
	r.ExchangeKeyModulus = hex.EncodeToString(mod)
	return nil
}
