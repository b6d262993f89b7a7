package certlint_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var updateAPI = flag.Bool("update", false, "rewrite testdata/api.txt with the exported API as it is now")

// apiPackages are the library's public packages, directories relative to
// this one, whose exported API testdata/api.txt records.
var apiPackages = []string{".", "cert", "chain", "events", "pair", "report"}

// TestAPI compares the exported API of the public packages with the listing
// checked in as testdata/api.txt, so that no exported name is removed or
// changed by accident: a name, a signature, a field, a method, the type of a
// constant. A deliberate change is recorded with
//
//	go test ./certlint -run TestAPI -update
//
// and shows in the diff of testdata/api.txt for review.
func TestAPI(t *testing.T) {
	var lines []string
	for _, dir := range apiPackages {
		lines = append(lines, apiListing(t, dir)...)
	}
	got := strings.Join(lines, "\n") + "\n"
	const file = "testdata/api.txt"
	if *updateAPI {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./certlint -run TestAPI -update)", err)
	}
	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	for _, l := range wantLines {
		if !slices.Contains(lines, l) {
			t.Errorf("removed or changed: %s", l)
		}
	}
	for _, l := range lines {
		if !slices.Contains(wantLines, l) {
			t.Errorf("new, not in %s: %s", file, l)
		}
	}
	if t.Failed() {
		t.Log("if the change is deliberate: go test ./certlint -run TestAPI -update, and review the diff of testdata/api.txt")
	}
}

// apiListing returns one line per exported name of the package in dir (its
// files for linux/amd64, tests excluded), sorted.
func apiListing(t *testing.T, dir string) []string {
	t.Helper()
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = "linux", "amd64"
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	path := "github.com/certlint/certlint/certlint"
	if dir != "." {
		path += "/" + dir
	}
	p, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		t.Fatal(err)
	}
	pr := func(n any) string {
		var b bytes.Buffer
		if err := (&printer.Config{Mode: printer.RawFormat}).Fprint(&b, fset, n); err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	var out []string
	add := func(s string) { out = append(out, p.Name+": "+s) }
	values := func(kind string, vs []*doc.Value) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				vs := spec.(*ast.ValueSpec)
				for _, n := range vs.Names {
					if !n.IsExported() {
						continue
					}
					s := kind + " " + n.Name
					if vs.Type != nil {
						s += " " + pr(vs.Type)
					}
					add(s)
				}
			}
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			d := *f.Decl
			d.Doc, d.Body = nil, nil
			if d.Recv != nil && len(d.Recv.List) == 1 {
				r := *d.Recv.List[0]
				r.Names = nil // the receiver's name is not API
				d.Recv = &ast.FieldList{List: []*ast.Field{&r}}
			}
			add(pr(&d))
		}
	}
	values("const", p.Consts)
	values("var", p.Vars)
	funcs(p.Funcs)
	for _, typ := range p.Types {
		values("const", typ.Consts)
		values("var", typ.Vars)
		funcs(typ.Funcs)
		funcs(typ.Methods)
		ts := typ.Decl.Specs[0].(*ast.TypeSpec)
		switch u := ts.Type.(type) {
		case *ast.StructType:
			add("type " + typ.Name + " struct")
			for _, f := range u.Fields.List {
				names := f.Names
				if len(names) == 0 { // embedded
					add("field " + typ.Name + " embeds " + pr(f.Type))
				}
				for _, n := range names {
					if n.IsExported() {
						add("field " + typ.Name + "." + n.Name + " " + pr(f.Type))
					}
				}
			}
		case *ast.InterfaceType:
			add("type " + typ.Name + " interface")
			for _, m := range u.Methods.List {
				for _, n := range m.Names {
					add("method " + typ.Name + "." + n.Name + pr(m.Type)[len("func"):])
				}
			}
		default:
			eq := " "
			if ts.Assign.IsValid() {
				eq = " = "
			}
			add("type " + typ.Name + eq + pr(ts.Type))
		}
	}
	slices.Sort(out)
	return out
}

// badDoc finds what a doc comment must not say: an issue number or a file of
// the project (a comment states the rule and cites the standard instead).
var badDoc = regexp.MustCompile(`issue [0-9]|\.go\b`)

// TestAPIDocumented: every exported name of the public packages has a doc
// comment, and none points into the project's history or files.
func TestAPIDocumented(t *testing.T) {
	for _, dir := range apiPackages {
		ctx := build.Default
		bp, err := ctx.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		var files []*ast.File
		for _, name := range bp.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		p, err := doc.NewFromFiles(fset, files, "x/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what, text string) {
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s: %s has no doc comment", dir, what)
			}
			if m := badDoc.FindString(text); m != "" {
				t.Errorf("%s: the doc of %s names %q; state the rule and cite its source instead", dir, what, m)
			}
		}
		check("the package", p.Doc)
		values := func(vs []*doc.Value) {
			for _, v := range vs {
				for _, spec := range v.Decl.Specs {
					s := spec.(*ast.ValueSpec)
					for _, n := range s.Names {
						if !n.IsExported() {
							continue
						}
						text := v.Doc
						if s.Doc != nil {
							text += s.Doc.Text()
						}
						if s.Comment != nil {
							text += s.Comment.Text()
						}
						check(n.Name, text)
					}
				}
			}
		}
		funcs := func(prefix string, fs []*doc.Func) {
			for _, f := range fs {
				check(prefix+f.Name, f.Doc)
			}
		}
		values(p.Consts)
		values(p.Vars)
		funcs("", p.Funcs)
		for _, typ := range p.Types {
			check(typ.Name, typ.Doc)
			values(typ.Consts)
			values(typ.Vars)
			funcs("", typ.Funcs)
			funcs(typ.Name+".", typ.Methods)
		}
	}
}
