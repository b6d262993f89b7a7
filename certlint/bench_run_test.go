package certlint_test

// Benchmarks of linting: one loaded bundle through Run,
// the whole per-file pipeline (LoadFile + Run) beside the bare go-pkcs12
// decode of the same file (the PFX floor), and the concurrent batch pipeline
// over a directory of 200 files. Run them with
//
//	go test ./certlint -run '^$' -bench . -benchmem
//
// Figures for the README come from cmd/certlint-bench, which also measures
// whole processes against zlint's CLI and openssl.

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints"
	"software.sslmate.com/src/go-pkcs12"
)

// benchPassword is the published fixture password (testdata/password.txt).
const benchPassword = "certlint-example"

func benchLoadOptions() *certlint.LoadOptions {
	return &certlint.LoadOptions{Password: func() (string, error) { return benchPassword, nil }}
}

// benchInput is one fixture of the per-file benchmarks.
type benchInput struct {
	name string // sub-benchmark name
	file string // in ../testdata
	role certlint.Role
	pfx  bool // also benchmark the bare go-pkcs12 decode
}

var benchInputs = []benchInput{
	{"pfx-modern", "good_agent.pfx", certlint.RoleLocal, true},               // OpenSSL 3 default: AES-256, PBKDF2, HMAC-SHA256
	{"pfx-legacy", "good_agent_legacy.pfx", certlint.RoleLocal, true},        // -legacy: 3DES key, RC2-40 certs, HMAC-SHA1
	{"pem-bundle", "good_agent.pem", certlint.RoleLocal, false},              // cert + PKCS#8 key + chain
	{"pem-encrypted", "good_agent_encrypted.pem", certlint.RoleLocal, false}, // PBES2 PKCS#8 key
	{"pem-cert", "good_agent_b64.cer", certlint.RoleRemote, false},           // one PEM certificate
	{"der-cert", "good_agent.cer", certlint.RoleRemote, false},               // one DER certificate
}

// benchFixture returns the path of testdata/name or, when the fixture is
// absent (a checkout before `go run ./testdata/gen`), of a stand-in made in
// b.TempDir() with crypto/x509 and go-pkcs12 (same profile, no Windows bag
// attributes). The stand-in is logged, so the figures say what was measured.
func benchFixture(b *testing.B, name string) string {
	b.Helper()
	p := filepath.Join("..", "testdata", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	files, err := makeStandIns(b.TempDir())
	if err != nil {
		b.Fatalf("%s missing and no stand-in: %v", p, err)
	}
	f, ok := files[name]
	if !ok {
		b.Fatalf("%s missing and no stand-in for it: run go run ./testdata/gen", p)
	}
	b.Logf("%s missing: measuring a generated stand-in", p)
	return f
}

// makeStandIns writes stand-ins for the fixtures of benchInputs into dir.
func makeStandIns(dir string) (map[string]string, error) {
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "certlint bench CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "agent01.contoso.test"},
		DNSNames:  []string{"agent01.contoso.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(leafDER)
	if err != nil {
		return nil, err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER})
	bundle := append(append([]byte{}, certPEM...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})...)
	bundle = append(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	modern, err := pkcs12.Modern2023.Encode(key, leaf, []*x509.Certificate{ca}, benchPassword)
	if err != nil {
		return nil, err
	}
	legacy, err := pkcs12.LegacyRC2.Encode(key, leaf, []*x509.Certificate{ca}, benchPassword)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"good_agent.pfx":        modern,
		"good_agent_legacy.pfx": legacy,
		"good_agent.pem":        bundle,
		"good_agent_b64.cer":    certPEM,
		"good_agent.cer":        leafDER,
	}
	files := map[string]string{}
	for name, data := range out {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return nil, err
		}
		files[name] = p
	}
	return files, nil
}

func mustLoad(b *testing.B, path string) *certlint.Bundle {
	b.Helper()
	bundle, err := certlint.LoadFile(path, benchLoadOptions())
	if err != nil {
		b.Fatalf("LoadFile: %v", err)
	}
	return bundle
}

// BenchmarkRunBundle lints one already loaded good agent PFX bundle with
// every registered lint: the lint cost alone, without loading.
func BenchmarkRunBundle(b *testing.B) {
	bundle := mustLoad(b, benchFixture(b, "good_agent.pfx"))
	opts := &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleLocal}}
	rep, err := certlint.Run(bundle, opts)
	if err != nil || len(rep.Results) == 0 {
		b.Fatalf("Run: %d results, %v", len(rep.Results), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := certlint.Run(bundle, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPipelinePerFile is what the CLI does per input: LoadFile + Run.
func BenchmarkPipelinePerFile(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			p := benchFixture(b, in.file)
			opts := &certlint.RunOptions{Config: certlint.Config{Role: in.role}}
			lo := benchLoadOptions()
			b.ReportAllocs()
			for b.Loop() {
				bundle, err := certlint.LoadFile(p, lo)
				if err != nil {
					b.Fatalf("LoadFile: %v", err)
				}
				rep, err := certlint.Run(bundle, opts)
				if err != nil || len(rep.Results) == 0 {
					b.Fatalf("Run: %v", err)
				}
			}
		})
	}
}

// BenchmarkBaselineDecodeChain is the floor for a PFX: reading the file and
// go-pkcs12's DecodeChain (MAC, key bag and certificate safe decrypted, each
// with its own KDF). Compare with BenchmarkPipelinePerFile (the budget: within
// 1.2x).
func BenchmarkBaselineDecodeChain(b *testing.B) {
	for _, in := range benchInputs {
		if !in.pfx {
			continue
		}
		b.Run(in.name, func(b *testing.B) {
			p := benchFixture(b, in.file)
			b.ReportAllocs()
			for b.Loop() {
				data, err := os.ReadFile(p)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, _, err := pkcs12.DecodeChain(data, benchPassword); err != nil {
					b.Fatalf("DecodeChain: %v", err)
				}
			}
		})
	}
}

// BenchmarkBatch lints a directory of 200 files with the concurrent,
// order-preserving Linter (GOMAXPROCS workers), as `certlint lint DIR` does,
// and reports files/s.
func BenchmarkBatch(b *testing.B) {
	const files = 200
	for _, in := range []benchInput{benchInputs[0], benchInputs[4]} { // pfx-modern, pem-cert
		b.Run(fmt.Sprintf("%s-%d", in.name, files), func(b *testing.B) {
			data, err := os.ReadFile(benchFixture(b, in.file))
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			for i := range files {
				name := fmt.Sprintf("f%03d%s", i, filepath.Ext(in.file))
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
					b.Fatal(err)
				}
			}
			l := &certlint.Linter{
				Load: *benchLoadOptions(),
				Run:  certlint.RunOptions{Config: certlint.Config{Role: in.role}},
			}
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				n := 0
				err := l.Lint(certlint.WalkPaths([]string{dir}), func(r *certlint.Report) error {
					if r.Err != nil {
						return r.Err
					}
					n++
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if n != files {
					b.Fatalf("%d reports for %d files", n, files)
				}
				total += n
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
