package chain_test

import (
	"fmt"
	"log"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
)

// Build the chain of a PFX's certificate against the roots a management
// server trusts, as Windows' chain engine would, and print it leaf first.
func ExampleBuild() {
	b, err := certlint.LoadFile("../../testdata/good_agent.pfx", &certlint.LoadOptions{
		Password: func() (string, error) { return "certlint-example", nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	roots, err := certlint.LoadTrustStore([]string{"../../testdata/ca/root.pem"}, nil, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	r := chain.Build(b.ChainInput(), roots, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range r.Chain {
		fmt.Printf("%-12s %s (%s)\n", c.Role, c.Subject, c.Origin)
	}
	fmt.Println("accepted by Windows:", r.OK())

	// The same certificate without its intermediate, against the roots.
	alone := chain.Build(chain.Input{Leaf: b.Leaf, File: "agent.cer"}, roots, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, p := range alone.Find(chain.ProblemIssuerNotFound) {
		fmt.Println("missing issuer:", p.IssuerName)
	}
	// Output:
	// leaf         CN=agent01.contoso.test (bundle)
	// intermediate CN=certlint Test Issuing CA,O=certlint test (bundle)
	// root         CN=certlint Test Root CA,O=certlint test (roots)
	// accepted by Windows: true
	// missing issuer: CN=certlint Test Issuing CA,O=certlint test
}
