package certlint_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/certlint/certlint/certlint"
)

// Load a PFX as an OpsMgr administrator has it, and read what Windows will
// do with its key. The password comes from a func, called only when the file
// is encrypted; errors are typed.
func ExampleLoad() {
	data, err := os.ReadFile("../testdata/good_agent.pfx")
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &certlint.LoadOptions{Password: func() (string, error) { return "certlint-example", nil }}
	b, err := certlint.Load("good_agent.pfx", data, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("format:", b.Format)
	fmt.Println("leaf:", b.Leaf.Parsed.Subject.CommonName, "-", b.LeafReason)
	fmt.Println("other certificates:", len(b.Others))
	fmt.Println("key matches leaf:", b.KeyMatchesLeaf)
	k := b.PFX.Keys[0]
	fmt.Println("provider:", k.Provider)
	fmt.Printf("key usage attribute: %#x (%v)\n", k.KeyUsage, k.KeySpec)

	wrong := &certlint.LoadOptions{Password: func() (string, error) { return "not it", nil }}
	_, err = certlint.Load("good_agent.pfx", data, wrong)
	fmt.Println("wrong password:", errors.Is(err, certlint.ErrWrongPassword))
	// Output:
	// format: pkcs12
	// leaf: agent01.contoso.test - its public key matches the private key
	// other certificates: 2
	// key matches leaf: true
	// provider: Microsoft Enhanced RSA and AES Cryptographic Provider
	// key usage attribute: 0x10 (AT_KEYEXCHANGE)
	// wrong password: true
}
