package lints

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/zmap/zlint/v3/lint"
)

// chainLeafKinds are the problem kinds that lints read from the leaf
// itself rather than from the chain: their own tests cover them.
var chainLeafKinds = map[chain.ProblemKind]string{
	chain.ProblemLeafValidity: "e_opsmgr_cert_expired, e_opsmgr_cert_not_yet_valid",
	chain.ProblemLeafEKU:      "e_opsmgr_eku_missing_server_or_client_auth",
}

// Every kind of problem chain building can find reaches the user as a
// finding: for each ProblemKind constant declared in the library (read from
// its source, so a new kind without a lint fails here), a chain with one
// problem of that kind, on a CA certificate, makes exactly one lint give a
// warning or an error that names the certificate, the rule broken and
// Windows' verdict.
func TestEveryChainProblemIsAFinding(t *testing.T) {
	kinds := problemKinds(t)
	if len(kinds) < 20 {
		t.Fatalf("only %d problem kinds found in the library's source", len(kinds))
	}
	b := load(t, "good_agent.pem")
	for _, k := range kinds {
		if why, ok := chainLeafKinds[k]; ok {
			t.Logf("%s: reported from the leaf by %s", k, why)
			continue
		}
		classes := []chain.ProblemClass{chain.ClassTrust}
		switch {
		case strings.HasPrefix(string(k), "profile_"):
			classes = []chain.ProblemClass{chain.ClassProfile}
		case k == chain.ProblemWeakSignature:
			// A root's own MD5 signature is a profile problem.
			classes = append(classes, chain.ClassProfile)
		}
		for _, cls := range classes {
			p := chain.Problem{Kind: k, Class: cls, Index: 1, Subject: "CN=Some CA", Thumbprint: "00", Detail: "the detail of " + string(k),
				Rule: "RFC 5280 9.9.9", Windows: chain.WindowsAccepts, WindowsNote: "the note"}
			for _, trusted := range []bool{false, true} {
				in := &certlint.Input{Bundle: b, Config: certlint.Config{Role: certlint.RoleRemote, At: fixtureAt},
					Chain: &chain.Result{Trusted: trusted, Problems: []chain.Problem{p}}}
				var found []string
				for _, l := range certlint.Lints() {
					if !strings.Contains(l.Name, "_chain_") {
						continue
					}
					res := l.Execute(in)
					if res.Status >= lint.Warn && strings.Contains(res.Details, p.Subject) && strings.Contains(res.Details, "RFC 5280 9.9.9") &&
						strings.Contains(res.Details, "the note") {
						found = append(found, l.Name)
					}
				}
				switch {
				case cls == chain.ClassTrust && trusted && k != chain.ProblemSearchLimit && lintFor(k) == "e_opsmgr_chain_not_trusted":
					// A chain that reaches a root is not "not trusted"; its
					// other trust problems have lints of their own.
				case len(found) == 0:
					t.Errorf("a %s problem (%s, trusted %v) gives no finding naming the certificate, the rule and Windows' verdict", k, cls, trusted)
				case len(found) > 1:
					t.Errorf("a %s problem (%s) is reported by %v: one lint each", k, cls, found)
				}
			}
		}
	}
}

// lintFor names the lint that reports the chain-ending kinds.
func lintFor(k chain.ProblemKind) string {
	switch k {
	case chain.ProblemIssuerNotFound, chain.ProblemRootNotTrusted, chain.ProblemMalformed, chain.ProblemSearchLimit:
		return "e_opsmgr_chain_not_trusted"
	}
	return ""
}

// problemKinds reads the ProblemKind constants from the library's source.
func problemKinds(t *testing.T) []chain.ProblemKind {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "certlint", "chain", "chain.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []chain.ProblemKind
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "ProblemKind" {
				continue
			}
			for _, val := range v.Values {
				lit, ok := val.(*ast.BasicLit)
				if !ok {
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, chain.ProblemKind(s))
			}
		}
	}
	return out
}
