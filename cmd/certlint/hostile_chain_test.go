package main

import (
	"context"
	"encoding/pem"
	"math/big"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/testpki"
)

// Hostile chains: small files that made chain building run for minutes
// (with any --roots, and in pair). Each is generated here at the size that
// did, linted through the real binary with --roots, and must be answered
// with exit status 1 and a line naming the limit (or the defect found once
// the work is bounded). The CPU time of each run is logged, not asserted:
// the hang guard is the test's only clock.

// hostileChainCase is one hostile chain input.
type hostileChainCase struct {
	name string
	// files makes the input.
	files func(t *testing.T) hostileFiles
	// says is what the line reporting it must contain.
	says string
	// big: a 4 MiB input, linted in text only (the other formats are the
	// same findings written otherwise, tested on the small inputs).
	big bool
	// alone: the limit is a property of the certificate alone, reported
	// without --roots too (the leaf's profile).
	alone bool
	// refused, when set, is what the loader says refusing the input (or
	// the --intermediates file) before any chain is built: a key beyond
	// Windows' bounds, too many ASN.1 elements. Every run then exits 2 with
	// one stderr line saying it, with and without --roots, and in pair.
	refused string
}

// hostileFiles are the files of one case: the input (PEM or DER), and when
// not nil an --intermediates file and a --roots file (otherwise the test
// root; an input whose own root is given is judged on its own defect,
// which may be a warning: the run uses --fail-on warn).
type hostileFiles struct {
	input, intermediates, roots []byte
}

func pemCerts(ders ...[]byte) []byte {
	var out []byte
	for _, d := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: d})...)
	}
	return out
}

func hostileChainCases() []hostileChainCase {
	bigE := new(big.Int).Lsh(big.NewInt(1), 1<<16)
	bigE.Add(bigE, big.NewInt(1))
	return []hostileChainCase{
		{name: "self-signed DSA, 65,536-bit parameters", alone: true, refused: "DSA parameters of 65536 bits, above the 3072 bits",
			files: func(t *testing.T) hostileFiles {
				return hostileFiles{input: pemCerts(testpki.HostileDSA("Hostile DSA", 65536))}
			}},
		{name: "self-signed RSA, 1,048,576-bit modulus", alone: true, refused: "RSA public key of 1048576 bits, above the 16384 bits",
			files: func(t *testing.T) hostileFiles {
				return hostileFiles{input: pemCerts(testpki.HostileRSA("Hostile RSA", 1<<20, big.NewInt(65537)))}
			}},
		{name: "self-signed RSA, 65,537-bit exponent", alone: true, refused: "RSA public exponent of 65537 bits, above the 32 bits",
			files: func(t *testing.T) hostileFiles {
				return hostileFiles{input: pemCerts(testpki.HostileRSA("Hostile RSA exponent", 16384, bigE))}
			}},
		{name: "60 same-name CAs, 16,384-bit RSA keys", says: "work budget",
			files: func(t *testing.T) hostileFiles {
				leaf, cas := testpki.HostileSameNameCAs("Hostile CA", 60, 16384)
				return hostileFiles{input: pemCerts(append([][]byte{leaf}, cas...)...)}
			}},
		{name: "16 KB DNS name, 524,288 name constraints", refused: "more than 250000 ASN.1 elements",
			files: func(t *testing.T) hostileFiles {
				leaf, ca := testpki.HostileNameConstraints(t, "Hostile NC CA", 524288, 1, 1, 16<<10)
				return hostileFiles{input: pemCerts(leaf, ca)}
			}},
		// The worst of 4 MiB per file: as many same-name CAs with 16,384-bit
		// keys as fit, in the input and in --intermediates; one 2 MiB DNS
		// name against 524,288 name constraints (within the comparison
		// limits, so checked); 1,000 names of 4 KB against 1,000
		// constraints of 4 KB (4 GB to compare: refused); a self-signed RSA
		// key of 16,000,000 bits (2 MB, signed by 2 MB). And 165,000
		// extensions, each OID repeated (2 MiB: at 4 MiB zcrypto's parse of
		// the extensions in the loader takes most of the 5 s).
		{name: "4 MiB: same-name CAs with 16,384-bit RSA keys", says: "work budget", big: true,
			files: func(t *testing.T) hostileFiles {
				leaf, cas := testpki.HostileSameNameCAs("Hostile CA", 1400, 16384)
				input, rest := fill(pemCerts(leaf), cas)
				inters, _ := fill(nil, rest)
				return hostileFiles{input: input, intermediates: inters}
			}},
		{name: "4 MiB: a 2 MiB DNS name, 524,288 name constraints", refused: "more than 250000 ASN.1 elements", big: true,
			files: func(t *testing.T) hostileFiles {
				leaf, ca := testpki.HostileNameConstraints(t, "Hostile NC CA", 524288, 1, 1, 2<<20)
				return hostileFiles{input: pemCerts(leaf), intermediates: ca}
			}},
		{name: "4 MiB: 1,000 names of 4 KB, 1,000 constraints of 4 KB", says: "would compare about", big: true,
			files: func(t *testing.T) hostileFiles {
				leaf, ca := testpki.HostileNameConstraints(t, "Hostile NC CA", 1000, 4000, 1000, 3000)
				return hostileFiles{input: leaf, intermediates: ca}
			}},
		{name: "2 MiB: 165,000 extensions", refused: "more than 250000 ASN.1 elements", big: true,
			files: func(t *testing.T) hostileFiles {
				leaf, root := testpki.HostileManyExtensions(t, 165000)
				return hostileFiles{input: pemCerts(leaf), roots: pemCerts(root)}
			}},
		{name: "4 MiB: self-signed RSA, 16,000,000-bit modulus", refused: "RSA public key of 16000000 bits, above the 16384 bits", big: true,
			files: func(t *testing.T) hostileFiles {
				return hostileFiles{input: testpki.HostileRSA("Hostile RSA", 16_000_000, big.NewInt(65537))}
			}},
	}
}

// fill appends PEM certificates to data while it stays within 4 MiB, the
// default --max-size, and returns what did not fit.
func fill(data []byte, ders [][]byte) ([]byte, [][]byte) {
	for i, d := range ders {
		block := pemCerts(d)
		if len(data)+len(block) > 4<<20 {
			return data, ders[i:]
		}
		data = append(data, block...)
	}
	return data, nil
}

// runTimed runs the binary under the hang guard and returns its result and
// the CPU time it used (user + system).
func runTimed(t *testing.T, args ...string) (result, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.WaitDelay = 5 * time.Second
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("certlint %s did not finish within %v (hang guard)", strings.Join(args, " "), hangGuard)
	}
	r := result{out.String(), errb.String(), exitCode(t, err)}
	checkNoSecrets(t, args, r)
	return r, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func TestHostileChains(t *testing.T) {
	for _, tc := range hostileChainCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f := tc.files(t)
			in := writeFile(t, filepath.Join(dir, "input"+ext(f.input)), f.input)
			if len(f.input) > 4<<20 || len(f.intermediates) > 4<<20 {
				t.Fatalf("the input is %d bytes and the intermediates %d, above the default --max-size", len(f.input), len(f.intermediates))
			}
			roots := p("ca/root.pem")
			if f.roots != nil {
				roots = writeFile(t, filepath.Join(dir, "roots.pem"), f.roots)
			}
			args := []string{"--roots", roots, "--at", at}
			if f.intermediates != nil {
				args = append(args, "--intermediates", writeFile(t, filepath.Join(dir, "intermediates"+ext(f.intermediates)), f.intermediates))
			}
			failOn := []string{}
			if f.roots != nil {
				failOn = []string{"--fail-on", "warn"}
			}
			// lint, as a peer's certificate (no key), in each format.
			formats := []string{"text", "json", "sarif"}
			if tc.big {
				formats = formats[:1]
			}
			for _, format := range formats {
				r, cpu := runTimed(t, concat([]string{"lint", "--role", "remote", "--format", format}, failOn, args, []string{in})...)
				t.Logf("lint --format %s: exit %d, %.2f s CPU, input %d bytes", format, r.code, cpu.Seconds(), len(f.input))
				checkHostileChain(t, r, tc, escapeFor(format, tc.says), format == "text")
			}
			// With the default flags (no trust store, so no chain built):
			// answered as promptly, and a key beyond Windows' limits is still
			// named (the chain problems of the others need --roots: a
			// certificate that is fine on its own passes).
			r, cpu := runTimed(t, "lint", "--role", "remote", "--at", at, in)
			t.Logf("lint without --roots: exit %d, %.2f s CPU", r.code, cpu.Seconds())
			if tc.refused != "" && f.intermediates == nil {
				checkHostileChain(t, r, tc, tc.says, true)
			} else if r.code > 1 || r.stderr != "" {
				t.Errorf("without --roots: exit %d, stderr %q; want the input linted", r.code, r.stderr)
			} else if tc.alone {
				checkHostileChain(t, r, tc, tc.says, true)
			}
			// pair: the hostile certificate as the remote side (pair has no
			// --fail-on: a warning-only input is not a failed pair).
			if f.roots != nil {
				return
			}
			r, cpu = runTimed(t, concat([]string{"pair", "--password-file", pwFile()}, args, []string{p("good_agent.pfx"), in})...)
			t.Logf("pair: exit %d, %.2f s CPU", r.code, cpu.Seconds())
			checkHostileChain(t, r, tc, tc.says, true)
		})
	}
}

// checkHostileChain: exit status 1 (a finding) and, in text, exactly one
// line saying it; nothing on stderr. For a case the loader refuses: exit
// status 2 and one stderr line saying why.
func checkHostileChain(t *testing.T, r result, tc hostileChainCase, says string, text bool) {
	t.Helper()
	if tc.refused != "" {
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if r.code != 2 || len(lines) != 1 || !strings.Contains(lines[0], tc.refused) {
			t.Errorf("exit %d, stderr %q; want exit 2 and one line saying %q", r.code, r.stderr, tc.refused)
		}
		return
	}
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want exit 1 with the finding on stdout", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, says) {
		t.Errorf("the output lacks %q:\n%s", says, clip(r.stdout))
		return
	}
	if text {
		n := 0
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.Contains(line, says) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d lines say %q, want one:\n%s", n, says, clip(r.stdout))
		}
	}
}

// escapeFor is how s appears in output of a format: JSON escapes quotes
// (SARIF is JSON too).
func escapeFor(format, s string) string {
	if format == "text" {
		return s
	}
	return strings.ReplaceAll(s, `"`, `\"`)
}

// ext is the file extension of a PEM or DER certificate file.
func ext(data []byte) string {
	if strings.HasPrefix(string(data), "-----BEGIN") {
		return ".pem"
	}
	return ".der"
}
