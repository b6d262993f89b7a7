package certlint

import (
	"path/filepath"
	"testing"
)

// TestPasswordPrompts: with PasswordPrompts, a PFX exported without a
// password opens without asking; a protected one asks once. Without it, the
// password func is asked first (one MAC derivation for the usual file).
func TestPasswordPrompts(t *testing.T) {
	for _, tc := range []struct {
		file    string
		prompts bool
		asks    int
	}{
		{"good_agent_nopassword.pfx", true, 0},
		{"good_agent.pfx", true, 1},
		{"good_agent_legacy.pfx", true, 1},
		{"good_agent_nopassword.pfx", false, 1},
		{"good_agent.pfx", false, 1},
	} {
		asks := 0
		opts := &LoadOptions{
			Password: func() (string, error) {
				asks++
				return "certlint-example", nil
			},
			PasswordPrompts: tc.prompts,
		}
		b, err := LoadFile(filepath.Join("..", "testdata", tc.file), opts)
		if err != nil {
			t.Errorf("%s (prompts %v): %v", tc.file, tc.prompts, err)
			continue
		}
		if b.Key == nil || !b.KeyMatchesLeaf {
			t.Errorf("%s (prompts %v): key not loaded", tc.file, tc.prompts)
		}
		if asks != tc.asks {
			t.Errorf("%s (prompts %v): password asked %d times, want %d", tc.file, tc.prompts, asks, tc.asks)
		}
	}
}
