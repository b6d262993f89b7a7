package report_test

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	_ "github.com/certlint/certlint/lints"
)

// BenchmarkJSONPerFile is what `certlint lint --format json` does for one
// PEM certificate: LoadFile, Run and the JSON line, plain and with a trust
// store of the issuing CA and its root (chain mode). Compare the two: chain
// mode's cost over plain is what --roots and --intermediates add per file.
func BenchmarkJSONPerFile(b *testing.B) {
	td := filepath.Join("..", "..", "testdata")
	trust, err := certlint.LoadTrustStore([]string{filepath.Join(td, "ca", "root.pem")}, []string{filepath.Join(td, "ca", "intermediate.pem")}, false, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name  string
		trust bool
	}{{"plain", false}, {"chain", true}} {
		b.Run(mode.name, func(b *testing.B) {
			opts := &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote}}
			if mode.trust {
				opts.Trust = trust
			}
			w := report.NewJSON(io.Discard, false)
			p := filepath.Join(td, "good_agent_b64.cer")
			b.ReportAllocs()
			for b.Loop() {
				bundle, err := certlint.LoadFile(p, nil)
				if err != nil {
					b.Fatal(err)
				}
				rep, err := certlint.Run(bundle, opts)
				if err != nil {
					b.Fatal(err)
				}
				if mode.trust && !rep.Chain.OK() {
					b.Fatalf("chain not trusted: %v", rep.Chain.Problems)
				}
				if err := w.WriteReport(rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
