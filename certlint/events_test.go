package certlint

import (
	"reflect"
	"slices"
	"testing"

	"github.com/certlint/certlint/certlint/events"
	"github.com/zmap/zlint/v3/lint"
)

func TestLintsForEvent(t *testing.T) {
	mk := func(name string, ev int, related ...int) *Lint {
		return &Lint{LintMetadata: lint.LintMetadata{Name: name}, OpsMgr: OpsMgr{Event: ev, RelatedEvents: related}}
	}
	all := []*Lint{
		mk("w_rsa_short", 0),
		mk("e_no_private_key", 21036, 20068, 20077),
		nil,
		mk("e_key_mismatch", 20068),
		mk("e_eku", 20050),
		mk("e_a_related_only", 20069, 20068),
	}
	names := func(ls []*Lint) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Name)
		}
		return out
	}
	tests := []struct {
		id   int
		want []string
	}{
		{20068, []string{"e_a_related_only", "e_key_mismatch", "e_no_private_key"}},
		{21036, []string{"e_no_private_key"}},
		{20077, []string{"e_no_private_key"}},
		{20050, []string{"e_eku"}},
		{21006, nil},
		{0, nil}, // 0 means "no event": the warning lint must not match
		{-1, nil},
	}
	for _, tc := range tests {
		if got := names(lintsForEvent(all, tc.id)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("lintsForEvent(%d) = %v, want %v", tc.id, got, tc.want)
		}
	}
	if got := lintsForEvent(nil, 20068); got != nil {
		t.Errorf("lintsForEvent(nil, 20068) = %v, want nil", got)
	}
}

// TestLintsForEventRegistry checks LintsForEvent against the registry as it
// stands in this test binary (lints registered by the package itself, if any).
func TestLintsForEventRegistry(t *testing.T) {
	if got := LintsForEvent(0); got != nil {
		t.Errorf("LintsForEvent(0) = %v, want nil", got)
	}
	registered := Lints()
	for _, e := range events.All() {
		got := LintsForEvent(e.ID)
		want := lintsForEvent(registered, e.ID)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("LintsForEvent(%d) disagrees with the registry", e.ID)
		}
		for i, l := range got {
			if l.Event != e.ID && !slices.Contains(l.RelatedEvents, e.ID) {
				t.Errorf("LintsForEvent(%d) returned %s, which raises %d %v", e.ID, l.Name, l.Event, l.RelatedEvents)
			}
			if i > 0 && got[i-1].Name > l.Name {
				t.Errorf("LintsForEvent(%d) not sorted by name", e.ID)
			}
		}
	}
}
