package certlint_test

import (
	"fmt"
	"log"
	"path/filepath"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints
)

// exampleAt is the evaluation time of the examples: inside the validity of
// the test certificates, so that their output does not change with the date.
var exampleAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// Lint one PFX as this computer's own certificate, against the root its
// management server trusts, and print the findings: each with the OpsMgr
// event it predicts and the fix, worded for the computer that owns it.
func ExampleRun() {
	password := func() (string, error) { return "certlint-example", nil }
	b, err := certlint.LoadFile("../testdata/fail_keysig.pfx", &certlint.LoadOptions{Password: password})
	if err != nil {
		log.Fatal(err) // a *certlint.LoadError: errors.Is tells the cause
	}
	roots, err := certlint.LoadTrustStore([]string{"../testdata/ca/root.pem"}, nil, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{
		Role:  certlint.RoleLocal,
		Host:  "agent01.contoso.test",
		At:    exampleAt,
		Trust: roots,
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("chain trusted:", rep.Chain.OK())
	for _, f := range rep.Findings(false) {
		fmt.Printf("%s %s (event %d)\n", f.Status, f.Lint.Name, f.Lint.Event)
	}
	// Output:
	// chain trusted: true
	// error e_opsmgr_pfx_key_spec_signature (event 20069)
}

// Lint every certificate file of a directory, several at a time; the
// reports arrive in input order, one per file (an unreadable file has Err
// set and the others go on).
func ExampleLintPaths() {
	password := func() (string, error) { return "certlint-example", nil }
	load := &certlint.LoadOptions{Password: password}
	run := &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleLocal, At: exampleAt}}
	err := certlint.LintPaths([]string{"../testdata/examples"}, load, run, func(r *certlint.Report) error {
		if r.Err != nil {
			fmt.Println(filepath.Base(r.File), "unreadable:", r.Err)
			return nil
		}
		fmt.Println(filepath.Base(r.File), "worst:", r.Worst(), "findings:", len(r.Findings(false)))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// fail_eku_server_only.pfx worst: error findings: 1
	// fail_keysig.pfx worst: error findings: 1
	// fail_no_private_key.pfx worst: error findings: 1
	// good_agent.pfx worst: pass findings: 0
}
