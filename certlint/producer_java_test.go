package certlint

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPKCS12JavaKeytool: a keystore made the way a Java shop makes an agent
// certificate, with keytool (PKCS12 store type, Java 9+ defaults: PBES2
// AES-256 with PBKDF2-HMAC-SHA256 and an HMAC-SHA256 MAC, 10,000 iterations),
// holding the key entry and a trusted-certificate entry (which Java marks
// with its own bag attribute). certlint picks the key's certificate as the
// leaf, sees no Windows attributes, and refuses a wrong password.
func TestPKCS12JavaKeytool(t *testing.T) {
	keytool, err := exec.LookPath("keytool")
	if err != nil {
		t.Fatalf("keytool (a Java runtime) is needed to make a Java keystore: %v", err)
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "agent01.p12")
	const pw = "certlint-example"
	run := func(args ...string) {
		t.Helper()
		out, err := exec.Command(keytool, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("keytool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("-genkeypair", "-alias", "agent01", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
		"-dname", "CN=agent01.contoso.test", "-ext", "EKU=serverAuth,clientAuth", "-ext", "KU=digitalSignature,keyEncipherment",
		"-ext", "SAN=dns:agent01.contoso.test", "-validity", "365",
		"-storetype", "PKCS12", "-keystore", store, "-storepass", pw, "-keypass", pw)
	run("-importcert", "-noprompt", "-alias", "root", "-file", filepath.Join("..", "testdata", "ca", "root.pem"),
		"-storetype", "PKCS12", "-keystore", store, "-storepass", pw)

	b, err := LoadFile(store, ldPassword(pw))
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != FormatPKCS12 || b.Leaf == nil || b.Leaf.Parsed.Subject.CommonName != "agent01.contoso.test" {
		t.Fatalf("leaf: %+v", b.Leaf)
	}
	if !b.KeyMatchesLeaf || b.KeyCount != 1 || len(b.Others) != 1 {
		t.Errorf("key matches %v, %d keys, %d other certificates; want true, 1, 1", b.KeyMatchesLeaf, b.KeyCount, len(b.Others))
	}
	if b.Others[0].Std.Subject.CommonName != "certlint Test Root CA" {
		t.Errorf("other certificate: %q, want the imported root", b.Others[0].Std.Subject.CommonName)
	}
	info := b.PFX
	if !info.HasMAC || info.MACAlgorithm != "HMAC-SHA256" || info.MACIterations < 10000 {
		t.Errorf("MAC %v %q %d, want HMAC-SHA256 with Java's 10,000+ iterations", info.HasMAC, info.MACAlgorithm, info.MACIterations)
	}
	if len(info.Keys) != 1 || info.Keys[0].Provider != "" || info.Keys[0].HasKeyUsage || info.Keys[0].KeySpec != KeySpecUnspecified ||
		!strings.Contains(info.Keys[0].Encryption, "AES-256-CBC") || info.Keys[0].FriendlyName != "agent01" {
		t.Errorf("key bag facts: %+v", info.Keys)
	}
	if _, err := LoadFile(store, ldPassword("not it")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v, want ErrWrongPassword", err)
	}
}
