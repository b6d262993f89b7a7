package lints_test

import (
	"fmt"
	"log"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints
	"github.com/zmap/zlint/v3/lint"
)

// Lint a PFX the way MOMCertImport would use it on this computer, and print
// each finding with the OpsMgr event it predicts.
func Example() {
	bundle, err := certlint.LoadFile("../testdata/fail_keysig.pfx", &certlint.LoadOptions{
		Password: func() (string, error) { return "certlint-example", nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	report, err := certlint.Run(bundle, &certlint.RunOptions{Config: certlint.Config{
		Role: certlint.RoleLocal,
		At:   time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range report.Results {
		if r.Status >= lint.Warn {
			fmt.Printf("%s %d %s: %s\n", r.Status, r.Lint.Event, r.Lint.Name, r.Details)
		}
	}
	// Output:
	// error 20069 e_opsmgr_pfx_key_spec_signature: the PFX key usage attribute of key "agent01.contoso.test" is 0x80 (KEY_SIG): Windows imports it as AT_SIGNATURE, not AT_KEYEXCHANGE
}
