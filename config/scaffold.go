package config

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
)

// Found is one certificate file Scaffold found, and what it took it for.
type Found struct {
	// Rel is the path relative to the scanned directory, slash-separated.
	Rel string
	// Kind is root, intermediate, local (a certificate with its private
	// key, or a PFX it could not open), remote (a certificate without key),
	// or skipped.
	Kind string
	// Note says why, when it is not plain.
	Note string
	// names are the leaf's CN and DNS names, lowercase.
	names []string
}

// scan loads every certificate file under dir and classifies it.
func scan(dir string, load *certlint.LoadOptions) ([]*Found, error) {
	var out []*Found
	for p, err := range certlint.WalkPaths([]string{dir}) {
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil {
			rel = p
		}
		f := &Found{Rel: filepath.ToSlash(rel)}
		out = append(out, f)
		if err != nil {
			if p == dir {
				return nil, err
			}
			f.Kind, f.Note = "skipped", report.ErrorCause(err)
			continue
		}
		b, err := certlint.LoadFile(p, load)
		ext := strings.ToLower(path.Ext(f.Rel))
		switch {
		case err != nil && (ext == ".pfx" || ext == ".p12") && (errors.Is(err, certlint.ErrWrongPassword) || errors.Is(err, certlint.ErrNoPassword)):
			f.Kind, f.Note = "local", "a PFX that did not open without its password: give it (--password-env, --password-file) to check the host names"
			continue
		case err != nil:
			f.Kind, f.Note = "skipped", report.ErrorCause(err)
			continue
		case b.Leaf == nil:
			f.Kind, f.Note = "skipped", "no certificate"
			continue
		}
		hasKey := b.Key != nil || b.KeyCount > 0 || b.KeyError != nil
		switch {
		case hasKey:
			f.Kind = "local"
		case isCA(b.Leaf) && b.Leaf.Std != nil && bytes.Equal(b.Leaf.Std.RawSubject, b.Leaf.Std.RawIssuer):
			f.Kind = "root"
		case isCA(b.Leaf):
			f.Kind = "intermediate"
		default:
			f.Kind = "remote"
		}
		if c := b.Leaf.Std; c != nil {
			if c.Subject.CommonName != "" {
				f.names = append(f.names, strings.ToLower(c.Subject.CommonName))
			}
			for _, n := range c.DNSNames {
				f.names = append(f.names, strings.ToLower(n))
			}
		}
	}
	return out, nil
}

// hostTemplate finds the host template most of the files' names follow:
// "{stem}" when a file is named after a name of its certificate,
// "{stem}.DOMAIN" when it is named after the first label of one. It returns
// "" when no template covers more than half of the files, and otherwise the
// files that do not follow it (certlint lint will report them).
func hostTemplate(files []*Found) (string, []string) {
	count := map[string]int{}
	follows := func(f *Found, tpl string) bool {
		stem := strings.ToLower(Stem(f.Rel))
		want := strings.ReplaceAll(tpl, "{stem}", stem)
		for _, n := range f.names {
			if n == want {
				return true
			}
		}
		return false
	}
	for _, f := range files {
		stem := strings.ToLower(Stem(f.Rel))
		seen := map[string]bool{}
		for _, n := range f.names {
			tpl := ""
			switch {
			case n == stem:
				tpl = "{stem}"
			case strings.HasPrefix(n, stem+"."):
				tpl = "{stem}" + n[len(stem):]
			}
			if tpl != "" && !seen[tpl] {
				seen[tpl] = true
				count[tpl]++
			}
		}
	}
	best, bestN := "", 0
	for tpl, n := range count {
		if n > bestN || (n == bestN && tpl < best) {
			best, bestN = tpl, n
		}
	}
	if bestN*2 <= len(files) {
		return "", nil
	}
	var odd []string
	for _, f := range files {
		if !follows(f, best) {
			odd = append(odd, path.Base(f.Rel))
		}
	}
	return best, odd
}

// Scaffold scans dir and returns a commented starting configuration for it
// (dir's .certlint.toml), with what it found in each file: the roots and
// intermediates as trust material, one rule per directory and kind of
// certificate (a computer's own, with its key: role local; a peer's: role
// remote), and the host template the file names follow.
func Scaffold(dir string, load *certlint.LoadOptions, at time.Time) (string, []*Found, error) {
	found, err := scan(dir, load)
	if err != nil {
		return "", nil, err
	}
	var roots, inters []string
	type group struct {
		dir, kind string
		files     []*Found
	}
	groups := map[string]*group{}
	var order []string
	kindsByDirExt := map[string]map[string]bool{}
	top := map[string]bool{}
	for _, f := range found {
		if f.Kind == "skipped" {
			continue
		}
		seg, _, _ := strings.Cut(f.Rel, "/")
		top[seg] = true
		d, ext := path.Dir(f.Rel), strings.ToLower(path.Ext(f.Rel))
		if kindsByDirExt[d+"|"+ext] == nil {
			kindsByDirExt[d+"|"+ext] = map[string]bool{}
		}
		kindsByDirExt[d+"|"+ext][f.Kind] = true
		switch f.Kind {
		case "root":
			roots = append(roots, f.Rel)
		case "intermediate":
			inters = append(inters, f.Rel)
		default:
			k := d + "|" + f.Kind
			if groups[k] == nil {
				groups[k] = &group{dir: d, kind: f.Kind}
				order = append(order, k)
			}
			groups[k].files = append(groups[k].files, f)
		}
	}
	sort.Strings(order)

	var b strings.Builder
	q := tomlString
	list := func(items []string) string {
		qs := make([]string, len(items))
		for i, s := range items {
			qs[i] = q(s)
		}
		return "[" + strings.Join(qs, ", ") + "]"
	}
	n := 0
	for _, f := range found {
		if f.Kind != "skipped" {
			n++
		}
	}
	fmt.Fprintf(&b, "# certlint configuration for this repository: https://github.com/certlint/certlint#configuration\n")
	fmt.Fprintf(&b, "# Written by certlint init on %s from the %d certificate files it found here; check each\n", at.UTC().Format("2006-01-02"), n)
	b.WriteString("# setting, then commit the file. certlint finds it from the working directory upward (or takes\n")
	b.WriteString("# --config FILE); a flag given on the command line wins over the same setting here.\n\n")

	var paths []string
	for s := range top {
		paths = append(paths, s)
	}
	sort.Strings(paths)
	b.WriteString("# What certlint lint lints when it is given no PATH.\n")
	if len(paths) == 0 {
		paths = []string{"."}
	}
	fmt.Fprintf(&b, "paths = %s\n\n", list(paths))

	b.WriteString("# Trust material: the root CA certificates the computers trust (Trusted Root Certification\n")
	b.WriteString("# Authorities) and the intermediate CA certificates they chain through. certlint builds each\n")
	b.WriteString("# certificate's chain with them (OpsMgr event 20072) and lints them as CA certificates.\n")
	if len(roots) > 0 {
		fmt.Fprintf(&b, "roots = %s\n", list(roots))
	} else {
		b.WriteString("# roots = [\"certs/roots/root.cer\"]   # no self-signed CA certificate was found here\n")
	}
	if len(inters) > 0 {
		fmt.Fprintf(&b, "intermediates = %s\n", list(inters))
	} else {
		b.WriteString("# intermediates = [\"certs/roots/issuing.crt\"]\n")
	}
	b.WriteString("# system_roots = true   # also trust this computer's Trusted Root store\n\n")

	b.WriteString("# The password of the PFX files: the name of an environment variable, or a file kept outside\n")
	b.WriteString("# the repository. Never the password itself.\n")
	b.WriteString("password_env = \"CERTLINT_PASSWORD\"\n")
	b.WriteString("# password_file = \"/etc/pki/pfx-password.txt\"\n\n")

	b.WriteString("# The lowest status that fails a run (exit status 1): notice, warn or error.\n")
	b.WriteString("fail_on = \"error\"\n\n")
	b.WriteString("# Warn this long before a certificate expires: 30d, 6w, 720h, or \"off\".\n")
	b.WriteString("expiry_warning = \"30d\"\n\n")
	b.WriteString("# Lints to skip everywhere, or the only ones to run (certlint lints lists them).\n")
	b.WriteString("# exclude = [\"w_opsmgr_short_host_name\"]\n")
	b.WriteString("# include = []\n\n")
	b.WriteString("# Findings accepted as they are today, written by certlint baseline (this is the default name).\n")
	b.WriteString("# baseline = \".certlint-baseline.toml\"\n\n")

	b.WriteString("# Per-path rules. The first rule with a match glob that matches a file (a path relative to\n")
	b.WriteString("# this file; * ? [abc] {a,b}, and ** as a whole path segment) gives it its role and host:\n")
	b.WriteString("#   role = \"local\"   this computer's own certificate, for MOMCertImport: its private key is checked\n")
	b.WriteString("#   role = \"remote\"  a peer's certificate (management server, gateway): no private key\n")
	b.WriteString("#   role = \"ca\"      a root or intermediate CA certificate\n")
	b.WriteString("#   host = \"{stem}\"  the FQDN the certificate must name; {stem} is the file name without its extension\n")
	b.WriteString("#   exclude = [...]   lints to skip for these files;  expiry_warning = \"60d\"  their own warning window\n")
	b.WriteString("# Without a rule: trust material is a CA, a CA certificate without key is a CA, the rest local.\n")
	for _, k := range order {
		g := groups[k]
		var globs []string
		exts := map[string]bool{}
		for _, f := range g.files {
			exts[strings.ToLower(path.Ext(f.Rel))] = true
		}
		shared := false
		for ext := range exts {
			shared = shared || len(kindsByDirExt[g.dir+"|"+ext]) > 1 || ext == ""
		}
		if shared {
			// Files of several kinds share an extension here: name each file.
			for _, f := range g.files {
				globs = append(globs, f.Rel)
			}
		} else {
			for ext := range exts {
				globs = append(globs, strings.TrimPrefix(path.Join(g.dir, "*"+ext), "./"))
			}
			sort.Strings(globs)
		}
		var names []string
		for _, f := range g.files {
			names = append(names, path.Base(f.Rel))
		}
		if len(names) > 4 {
			names = append(names[:3], fmt.Sprintf("and %d more", len(names)-3))
		}
		what := "certificates with their private key (a computer's own)"
		if g.kind == "remote" {
			what = "certificates without a private key (a peer's)"
		}
		fmt.Fprintf(&b, "\n# %d %s: %s\n", len(g.files), what, strings.Join(names, ", "))
		b.WriteString("[[rule]]\n")
		if len(globs) == 1 {
			fmt.Fprintf(&b, "match = %s\n", q(globs[0]))
		} else {
			fmt.Fprintf(&b, "match = %s\n", list(globs))
		}
		fmt.Fprintf(&b, "role = %s\n", q(g.kind))
		if h, odd := hostTemplate(g.files); h != "" {
			fmt.Fprintf(&b, "host = %s\n", q(h))
			if len(odd) > 0 {
				fmt.Fprintf(&b, "# not named after their certificate's host: %s (certlint lint reports them)\n", strings.Join(odd, ", "))
			}
		} else {
			b.WriteString("# host = \"{stem}\"   # the file names do not say the host each certificate is for\n")
		}
	}

	b.WriteString("\n# A finding accepted on one certificate (by its SHA-1 thumbprint, so a re-issued certificate is\n")
	b.WriteString("# checked again), with the reason for the next reviewer; it lapses after expires.\n")
	b.WriteString("# [[suppress]]\n")
	b.WriteString("# thumbprint = \"0123456789ABCDEF0123456789ABCDEF01234567\"\n")
	b.WriteString("# lint = \"w_opsmgr_cert_expiring_soon\"\n")
	b.WriteString("# reason = \"renewal scheduled with change CHG-1234\"\n")
	b.WriteString("# expires = 2026-12-31\n")
	return b.String(), found, nil
}
