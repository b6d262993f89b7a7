package lints_test

import (
	"fmt"
	"log"
	"sort"

	"github.com/zmap/zcrypto/x509"
	zlint "github.com/zmap/zlint/v3"
	"github.com/zmap/zlint/v3/lint"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints with zlint too
)

// A program that already runs zlint gets the OpsMgr lints that need only the
// certificate by importing package lints: they are in zlint's global
// registry under the source certlint.SourceOpsMgr, next to zlint's own.
// (The lints that need the key, the PFX attributes or the chain run through
// certlint.Run.)
func Example_zlint() {
	// Any *x509.Certificate of zcrypto will do; here, the leaf of a PFX.
	b, err := certlint.LoadFile("../testdata/fail_eku_server_only.pfx", &certlint.LoadOptions{
		Password: func() (string, error) { return "certlint-example", nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	var c *x509.Certificate = b.Leaf.Parsed
	opsmgr, err := lint.GlobalRegistry().Filter(lint.FilterOptions{IncludeSources: lint.SourceList{certlint.SourceOpsMgr}})
	if err != nil {
		log.Fatal(err)
	}
	rs := zlint.LintCertificateEx(c, opsmgr)
	var names []string
	for name, r := range rs.Results {
		if r.Status >= lint.Notice {
			names = append(names, fmt.Sprintf("%s: %s", name, r.Status))
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(n)
	}
	// Output:
	// e_opsmgr_eku_missing_server_or_client_auth: error
}
