package certlint_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/certlint/certlint"

// allowedImports is the layering of the library: for each package, the
// packages of this module it may import (a trailing "/..." allows a tree).
// The certificate model and the event catalog sit at the bottom and know
// nothing else; chain building knows only the certificate model; the root
// (loading, the lint framework, Run) knows neither the lints nor any output
// format; the lints know no output format; the writers know no lint.
var allowedImports = map[string][]string{
	"certlint/cert":            {"certlint/internal/rdn"},
	"certlint/internal/rdn":    {},
	"certlint/events":          {},
	"certlint/internal/ber":    {},
	"certlint/internal/rc2":    {},
	"certlint/internal/fsread": {},
	"certlint/internal/pbe":    {"certlint/internal/rc2"},
	"certlint/internal/pkcs12": {"certlint/internal/ber", "certlint/internal/pbe"},
	"certlint/chain":           {"certlint/cert", "certlint/internal/rdn"},
	"certlint":                 {"certlint/cert", "certlint/chain", "certlint/events", "certlint/internal/..."},
	"certlint/report":          {"certlint", "certlint/cert", "certlint/chain", "certlint/events"},
	"certlint/pair":            {"certlint", "certlint/cert", "certlint/chain", "certlint/events", "certlint/report"},
	"lints":                    {"certlint", "certlint/cert", "certlint/chain", "certlint/events"},
}

// asn1Imports are the packages that decode ASN.1; the CLI uses the library
// for that and imports none of them.
var asn1Imports = []string{"encoding/asn1", "golang.org/x/crypto/cryptobyte", "golang.org/x/crypto/cryptobyte/asn1", "github.com/zmap/zcrypto/"}

type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "list", "-e", "-json=ImportPath,Dir,GoFiles,Imports", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < len(allowedImports) {
		t.Fatalf("go list found %d packages, fewer than the %d the layering names", len(pkgs), len(allowedImports))
	}
	return pkgs
}

func allowed(list []string, imp string) bool {
	for _, a := range list {
		if rest, ok := strings.CutSuffix(a, "/..."); ok {
			if imp == rest || strings.HasPrefix(imp, rest+"/") {
				return true
			}
		} else if imp == a {
			return true
		}
	}
	return false
}

// TestImportBoundaries enforces the layering of allowedImports, and keeps
// the CLI free of ASN.1 decoding.
func TestImportBoundaries(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if rules, ok := allowedImports[rel]; ok {
			seen[rel] = true
			for _, imp := range p.Imports {
				r, ok := strings.CutPrefix(imp, module+"/")
				if !ok {
					continue
				}
				if !allowed(rules, r) {
					t.Errorf("%s imports %s; it may import only %v", rel, r, rules)
				}
			}
		}
		if rel == "cmd/certlint" {
			seen[rel] = true
			for _, imp := range p.Imports {
				for _, bad := range asn1Imports {
					if imp == bad || (strings.HasSuffix(bad, "/") && strings.HasPrefix(imp, bad)) {
						t.Errorf("cmd/certlint imports %s: the CLI must leave ASN.1 to the library", imp)
					}
				}
			}
		}
	}
	for rel := range allowedImports {
		if !seen[rel] {
			t.Errorf("package %s is not in the module any more: update allowedImports", rel)
		}
	}
	if !seen["cmd/certlint"] {
		t.Error("cmd/certlint not found")
	}
}

// loaderFiles are the files of the root package that read inputs. Loading
// knows nothing of lints: they import no zlint package and name nothing of
// the lint framework.
var loaderFiles = []string{"bundle.go", "elements.go", "errors.go", "keys.go", "leaf.go", "load.go", "pem.go", "pfx.go", "pkcs7.go", "walk.go"}

var lintFramework = []string{"Lint", "Lints", "LintByName", "LintsForEvent", "Input", "Run", "RunOptions", "Report", "Result",
	"Config", "Linter", "LintPaths", "OpsMgr", "BundleLintInterface", "RegisterCertificateLint", "RegisterBundleLint", "registry", "runLints"}

func TestLoaderKnowsNoLints(t *testing.T) {
	fset := token.NewFileSet()
	for _, name := range loaderFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, "github.com/zmap/zlint") || strings.HasPrefix(p, module+"/lints") || strings.HasPrefix(p, module+"/certlint/report") {
				t.Errorf("%s imports %s", name, p)
			}
		}
		sels := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				sels[n.Sel] = true
			case *ast.Field:
				for _, id := range n.Names {
					sels[id] = true
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					sels[id] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !sels[id] && slices.Contains(lintFramework, id.Name) {
				t.Errorf("%s: %s names %s, part of the lint framework", name, fset.Position(id.Pos()), id.Name)
			}
			return true
		})
	}
}
