package config

import (
	"path/filepath"
	"testing"
)

// FuzzParse: a configuration file is text anyone can commit. Parsing it,
// and matching paths with its rules, must never panic nor hang, whatever it
// holds; an error must name the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte("[[rule]]\nmatch = [\"**/{a,b{c,d}}/[!x-z]?.pfx\", \"certs/roots\"]\nrole = \"ca\"\n"))
	f.Add([]byte("[[suppress]]\nthumbprint = \"00\"\nlint = \"x\"\nreason = \"\"\nexpires = 2026-01-01\n"))
	f.Add([]byte("a = [[[[[[1]]]]]]\nb = {c = {d = 1}}\n"))
	dir := filepath.Join(string(filepath.Separator), "repo")
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(filepath.Join(dir, FileName), data, Options{WorkDir: dir})
		if err != nil {
			if e, ok := err.(*Error); !ok || e.File != FileName {
				t.Fatalf("error %T %v does not name the file", err, err)
			}
			return
		}
		for _, p := range []string{"certs/agents/a.pfx", "certs/roots/root.cer", "x", "a/b/c/d/e/f.pem"} {
			if r, _ := cfg.Match(filepath.Join(dir, filepath.FromSlash(p))); r != nil {
				_ = r.ExpandHost(p)
			}
		}
		if _, err := ParseBaseline(filepath.Join(dir, BaselineName), data, Options{WorkDir: dir}); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("baseline error %T %v", err, err)
			}
		}
	})
}
