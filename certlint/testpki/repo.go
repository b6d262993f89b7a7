package testpki

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// RepoFile is one certificate file of a PKI repository written by Repo.
type RepoFile struct {
	// Path is relative to the repository, slash-separated.
	Path string
	// Thumbprint is the SHA-1 thumbprint of its certificate (uppercase hex).
	Thumbprint string
	Cert       *Cert
}

// PKIRepo is a PKI repository as an OpsMgr team keeps one:
//
//	certs/roots/root.cer                     the root CA (DER)
//	certs/roots/issuing.crt                  the issuing CA (PEM)
//	certs/agents/agent01.contoso.com.pfx     agents' certificates with their keys,
//	certs/agents/agent02.contoso.com.pfx     named after the agent's FQDN
//	certs/agents/agent03.contoso.com.pfx     BAD: issued to agent02.contoso.com
//	certs/agents/agent04.contoso.com.pfx     an RSA 1024 key (a warning to accept)
//	certs/agents/agent05.contoso.com.pfx     expires 10 days after At
//	certs/management-servers/ms01.cer        management servers' certificates (DER
//	certs/management-servers/ms02.cer        and Base64), named after the first label
//
// Every PFX holds its certificate, its RSA key and the issuing CA, encrypted
// with Password.
type PKIRepo struct {
	Dir      string
	Password string
	// At is the evaluation time the repository is made for.
	At    time.Time
	Files map[string]RepoFile
}

// Repo writes the repository into dir (which must exist), for evaluation
// at at (between 2025 and 2035, the validity of the other certificates).
func Repo(t testing.TB, dir, password string, at time.Time) *PKIRepo {
	t.Helper()
	r := &PKIRepo{Dir: dir, Password: password, At: at, Files: map[string]RepoFile{}}
	pki := PKI{Org: "Contoso PKI", RSALeaves: true}
	root := pki.CA(t, "Contoso Root CA", nil)
	issuing := pki.CA(t, "Contoso Issuing CA", root)
	r.write(t, "certs/roots/root.cer", root, root.DER)
	r.write(t, "certs/roots/issuing.crt", issuing, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: issuing.DER}))

	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		name, cn string
		opts     []Option
	}{
		{"agent01", "agent01.contoso.com", nil},
		{"agent02", "agent02.contoso.com", nil},
		{"agent03", "agent02.contoso.com", nil},
		{"agent04", "agent04.contoso.com", []Option{Key(short)}},
		{"agent05", "agent05.contoso.com", []Option{Validity(at.AddDate(-1, 0, 0), at.AddDate(0, 0, 10))}},
	} {
		leaf := pki.Leaf(t, a.cn, issuing, a.opts...)
		pfx, err := pkcs12.Modern.Encode(leaf.Key, leaf.X, []*x509.Certificate{issuing.X}, password)
		if err != nil {
			t.Fatal(err)
		}
		r.write(t, "certs/agents/"+a.name+".contoso.com.pfx", leaf, pfx)
	}
	ms01 := pki.Leaf(t, "ms01.contoso.com", issuing)
	r.write(t, "certs/management-servers/ms01.cer", ms01, ms01.DER)
	ms02 := pki.Leaf(t, "ms02.contoso.com", issuing)
	r.write(t, "certs/management-servers/ms02.cer", ms02, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ms02.DER}))
	return r
}

// Write writes data as the repository file rel, holding c.
func (r *PKIRepo) write(t testing.TB, rel string, c *Cert, data []byte) {
	t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(c.DER)
	r.Files[rel] = RepoFile{Path: rel, Thumbprint: strings.ToUpper(hex.EncodeToString(sum[:])), Cert: c}
}
