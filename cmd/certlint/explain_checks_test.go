package main

import (
	"io"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint/events"
)

// TestCatalogCertlintCommandsExist: the event catalog tells admins to run
// certlint commands; each one it names must be a command of this CLI, with
// flags this command knows.
func TestCatalogCertlintCommandsExist(t *testing.T) {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	seen := 0
	for _, ev := range events.All() {
		for _, check := range append(append([]string{}, ev.Checks...), ev.Fixes...) {
			for _, part := range strings.Split(check, ";") {
				fields := strings.Fields(strings.TrimSpace(part))
				if len(fields) < 2 || fields[0] != "certlint" {
					continue
				}
				seen++
				cmd := app.Command(fields[1])
				if cmd == nil {
					t.Errorf("event %d names %q: no such certlint command", ev.ID, part)
					continue
				}
				for _, f := range fields[2:] {
					if !strings.HasPrefix(f, "--") {
						continue
					}
					name := strings.TrimPrefix(f, "--")
					found := false
					for _, fl := range cmd.Flags {
						for _, n := range fl.Names() {
							found = found || n == name
						}
					}
					if !found {
						t.Errorf("event %d names %q: certlint %s has no flag --%s", ev.ID, part, fields[1], name)
					}
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("the catalog names no certlint command: the check above checked nothing")
	}
}
