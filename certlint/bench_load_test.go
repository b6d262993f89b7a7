package certlint

// Benchmarks of loading. The PFX ones run certlint's Load and
// go-pkcs12's DecodeChain on the same bytes: DecodeChain's time is the floor
// (one MAC key derivation, one per encrypted safe and key, nothing else),
// and Load should stay close to it while also reading the attributes,
// parsing with zcrypto and choosing the leaf. Compare medians with
//
//	go test ./certlint -run '^$' -bench 'Load|DecodeChain' -count 5 -benchmem

import (
	"os"
	"path/filepath"
	"testing"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

func ldBenchData(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(ldTestdata, name))
	if err != nil {
		b.Fatalf("%v (the fixtures come from `go run ./testdata/gen`)", err)
	}
	return data
}

func ldBenchLoad(b *testing.B, name string) {
	data := ldBenchData(b, name)
	opts := ldPassword(ldFixturePassword)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(name, data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func ldBenchDecodeChain(b *testing.B, name string) {
	data := ldBenchData(b, name)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := pkcs12.DecodeChain(data, ldFixturePassword); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadPFXModern: OpenSSL 3 default (PBES2 AES-256, PBKDF2-SHA256
// 2048, HMAC-SHA256 MAC), leaf + 2 CA certificates, Windows attributes.
func BenchmarkLoadPFXModern(b *testing.B) { ldBenchLoad(b, "good_agent.pfx") }

// BenchmarkLoadPFXLegacy: openssl -legacy (3DES key, RC2-40 certificates,
// HMAC-SHA1 MAC, PKCS#12 KDF 2048).
func BenchmarkLoadPFXLegacy(b *testing.B) { ldBenchLoad(b, "good_agent_legacy.pfx") }

// BenchmarkGoPKCS12DecodeChain decodes the same two files with go-pkcs12.
func BenchmarkGoPKCS12DecodeChain(b *testing.B) {
	b.Run("modern", func(b *testing.B) { ldBenchDecodeChain(b, "good_agent.pfx") })
	b.Run("legacy", func(b *testing.B) { ldBenchDecodeChain(b, "good_agent_legacy.pfx") })
}

// BenchmarkLoadPEM: certificate, PKCS#8 key, intermediate and root in one file.
func BenchmarkLoadPEM(b *testing.B) { ldBenchLoad(b, "good_agent.pem") }

// BenchmarkLoadDER: one DER certificate.
func BenchmarkLoadDER(b *testing.B) { ldBenchLoad(b, "good_agent.cer") }
