package lints

import (
	"sort"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/zmap/zlint/v3/lint"
)

// The leaf-only lints are real zlint certificate lints: zlint's global
// registry, filtered to the OpsMgr source, holds exactly them.
func TestCertificateLintsAreInZlintRegistry(t *testing.T) {
	reg, err := lint.GlobalRegistry().Filter(lint.FilterOptions{IncludeSources: lint.SourceList{certlint.SourceOpsMgr}})
	if err != nil {
		t.Fatal(err)
	}
	got := reg.Names()
	sort.Strings(got)
	var want []string
	for _, l := range certlint.Lints() {
		if l.Certificate != nil {
			want = append(want, l.Name)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") || len(want) < 5 {
		t.Errorf("zlint registry (source OpsMgr) has %v, certlint's certificate lints are %v", got, want)
	}
}

// Every lint of this package meets the metadata rules, and no two lints
// share a name prefix other than their severity.
func TestAllLintsMetadata(t *testing.T) {
	if len(certlint.Lints()) < 15 {
		t.Fatalf("only %d lints registered", len(certlint.Lints()))
	}
	for _, l := range certlint.Lints() {
		checkMetadata(t, l)
		if !strings.HasPrefix(l.Name[2:], "opsmgr_") {
			t.Errorf("%s: name must be <e|w|n>_opsmgr_<what>", l.Name)
		}
	}
}
