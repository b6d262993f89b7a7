package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// benchPassword is the published fixture password (testdata/password.txt).
// It is written to a file and given to every tool by file, never on a
// command line, so it appears in no printed command.
const benchPassword = "certlint-example"

// cspAES is the Windows provider written into the PFX CSP-name bag attribute
// (1.3.6.1.4.1.311.17.1), as testdata/good_agent.pfx has it.
const cspAES = "Microsoft Enhanced RSA and AES Cryptographic Provider"

// pki is the test PKI the corpus is issued from: root -> issuing CA -> agents.
// Leaf keys are few and shared (RSA 2048 generation costs ~100 ms each);
// subjects, SANs and serials differ for every certificate.
type pki struct {
	rootKey, caKey *rsa.PrivateKey
	root, ca       *x509.Certificate
	leafKeys       []*rsa.PrivateKey
	dir            string // where root.pem, ca.pem and the leaf keys are written
}

// newPKI makes the root, the issuing CA and nkeys leaf keys, generating the
// RSA keys in parallel.
func newPKI(dir string, nkeys int) (*pki, error) {
	keys := make([]*rsa.PrivateKey, nkeys+2)
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			keys[i], errs[i] = rsa.GenerateKey(rand.Reader, 2048)
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("generating RSA keys: %w", err)
	}
	p := &pki{rootKey: keys[0], caKey: keys[1], leafKeys: keys[2:], dir: dir}
	now := time.Now().UTC().Truncate(time.Hour)
	rootTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "certlint-bench Root CA", Organization: []string{"Example Corp"}, Country: []string{"US"}},
		NotBefore:             now.AddDate(-1, 0, 0),
		NotAfter:              now.AddDate(20, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SubjectKeyId:          keyID(&p.rootKey.PublicKey),
	}
	der, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &p.rootKey.PublicKey, p.rootKey)
	if err != nil {
		return nil, fmt.Errorf("making the root: %w", err)
	}
	if p.root, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(2),
		Subject:               pkix.Name{CommonName: "certlint-bench Issuing CA 1", Organization: []string{"Example Corp"}, Country: []string{"US"}},
		NotBefore:             now.AddDate(-1, 0, 0),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          keyID(&p.caKey.PublicKey),
		CRLDistributionPoints: []string{"http://pki.corp.example.test/crl/root.crl"},
	}
	der, err = x509.CreateCertificate(rand.Reader, caTmpl, p.root, &p.caKey.PublicKey, p.rootKey)
	if err != nil {
		return nil, fmt.Errorf("making the issuing CA: %w", err)
	}
	if p.ca, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := writePEM(filepath.Join(dir, "root.pem"), "CERTIFICATE", p.root.Raw); err != nil {
		return nil, err
	}
	if err := writePEM(filepath.Join(dir, "ca.pem"), "CERTIFICATE", p.ca.Raw); err != nil {
		return nil, err
	}
	if err := p.writeChain(); err != nil {
		return nil, err
	}
	return p, nil
}

// keyID is the RFC 5280 4.2.1.2 method (1) key identifier: SHA-1 of the
// subjectPublicKey bits.
func keyID(pub *rsa.PublicKey) []byte {
	h := sha1.Sum(x509.MarshalPKCS1PublicKey(pub))
	return h[:]
}

// leaf issues agent certificate number i: the profile OpsMgr asks for (RSA
// 2048, SHA-256, CN and SAN DNS = FQDN, EKU serverAuth+clientAuth, KU
// digitalSignature+keyEncipherment), valid for a year, random 127-bit serial.
func (p *pki) leaf(i int) (*x509.Certificate, *rsa.PrivateKey, error) {
	key := p.leafKeys[i%len(p.leafKeys)]
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	host := fmt.Sprintf("agent%06d.corp.example.test", i)
	now := time.Now().UTC().Truncate(time.Hour)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:         host,
			OrganizationalUnit: []string{"Servers " + strconv.Itoa(i%17)},
			Organization:       []string{"Example Corp"},
			Country:            []string{"US"},
		},
		DNSNames:              []string{host},
		NotBefore:             now.Add(-time.Duration(i%720) * time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		SubjectKeyId:          keyID(&key.PublicKey),
		CRLDistributionPoints: []string{"http://pki.corp.example.test/crl/issuing1.crl"},
		IssuingCertificateURL: []string{"http://pki.corp.example.test/aia/issuing1.crt"},
		OCSPServer:            []string{"http://ocsp.corp.example.test"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("issuing agent certificate %d: %w", i, err)
	}
	c, err := x509.ParseCertificate(der)
	return c, key, err
}

// parallel runs f(0..n-1) on all cores and returns the first error.
func parallel(n int, f func(i int) error) error {
	workers := runtime.NumCPU()
	next := make(chan int)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		mu.Lock()
		stop := first != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// pemName is the file name of agent certificate i.
func pemName(i int) string { return fmt.Sprintf("agent-%06d.pem", i) }

// genPEMs writes n agent certificates, one PEM CERTIFICATE per file, into dir.
func (p *pki) genPEMs(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return parallel(n, func(i int) error {
		c, _, err := p.leaf(i)
		if err != nil {
			return err
		}
		return writePEM(filepath.Join(dir, pemName(i)), "CERTIFICATE", c.Raw)
	})
}

// pfxKinds are the PFX encodings generated, each by `openssl pkcs12 -export`
// with the Windows CSP and KEY_EX attributes, leaf + issuing CA + root:
// modern is OpenSSL 3's default (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256 2048
// iterations, HMAC-SHA256 MAC); legacy is -legacy (3DES key bag, RC2-40
// certificates, HMAC-SHA1 MAC), what older Windows exports look like.
var pfxKinds = []struct{ name, args string }{
	{"modern", ""},
	{"legacy", "-legacy"},
}

// pfxName is the file name of PFX i of a kind.
func pfxName(kind string, i int) string { return fmt.Sprintf("%s-%04d.pfx", kind, i) }

// genPFX writes m PFX files of each kind into dir with openssl; the password
// is read by openssl from passFile.
func (p *pki) genPFX(openssl, dir, passFile string, m int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for ki, kind := range pfxKinds {
		err := parallel(m, func(i int) error {
			n := 1_000_000 + ki*100_000 + i // agent numbers distinct from the PEM corpus
			c, key, err := p.leaf(n)
			if err != nil {
				return err
			}
			base := filepath.Join(dir, fmt.Sprintf(".tmp-%s-%d", kind.name, i))
			keyFile, certFile := base+".key", base+".crt"
			defer os.Remove(keyFile)
			defer os.Remove(certFile)
			kder, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				return err
			}
			if err := writePEM(keyFile, "PRIVATE KEY", kder); err != nil {
				return err
			}
			if err := writePEM(certFile, "CERTIFICATE", c.Raw); err != nil {
				return err
			}
			args := []string{"pkcs12", "-export", "-in", certFile, "-inkey", keyFile,
				"-certfile", filepath.Join(p.dir, "chain.pem"),
				"-CSP", cspAES, "-keyex", "-name", c.Subject.CommonName,
				"-passout", "file:" + passFile, "-out", filepath.Join(dir, pfxName(kind.name, i))}
			if kind.args != "" {
				args = append(args, strings.Fields(kind.args)...)
			}
			if out, err := exec.Command(openssl, args...).CombinedOutput(); err != nil {
				return fmt.Errorf("openssl pkcs12 -export %s: %v: %s", kind.name, err, firstLine(string(out)))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeChain writes the issuing CA and root, the -certfile of every PFX.
func (p *pki) writeChain() error {
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.ca.Raw})
	b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw})...)
	return os.WriteFile(filepath.Join(p.dir, "chain.pem"), b, 0o644)
}

func writePEM(name, typ string, der []byte) error {
	return os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// pkiID identifies the PKI in dir: the SHA-256 of its root.pem, in hex; ""
// when there is none.
func pkiID(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "root.pem"))
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// corpusReady reports whether dir holds a complete corpus of n files of
// the given description (recorded in a stamp file beside dir by markReady).
func corpusReady(dir, desc string) bool {
	b, err := os.ReadFile(dir + ".done")
	return err == nil && string(b) == desc
}

func markReady(dir, desc string) error { return os.WriteFile(dir+".done", []byte(desc), 0o644) }

// resetCorpus removes dir and its stamp so it can be generated afresh.
func resetCorpus(dir string) error {
	os.Remove(dir + ".done")
	return os.RemoveAll(dir)
}
