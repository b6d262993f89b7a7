package pair_test

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/pair"
	"github.com/certlint/certlint/certlint/testpki"
	_ "github.com/certlint/certlint/lints"
)

// pairAt is the evaluation time of the pair tests.
var pairAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// pairPKI is the profile of the pair tests' certificates: CAs with
// O=certlint pair test, computers named by CN only with the shared RSA 2048
// key.
var pairPKI = testpki.PKI{Org: "certlint pair test", RSALeaves: true}

// pairComputer writes the certificate of a computer (RSA 2048, CN and DNS =
// fqdn, Server + Client Authentication, as Microsoft's OpsMgr certificate
// doc requires) issued by issuer, followed by chain, to a PEM file; with
// withKey the private key is added (this computer's own certificate), and
// the file is loaded with certlint.LoadFile.
func pairComputer(t *testing.T, fqdn string, issuer *testpki.Cert, chain []*testpki.Cert, withKey bool) *certlint.Bundle {
	t.Helper()
	leaf := pairPKI.Leaf(t, fqdn, issuer)
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.DER})
	for _, c := range chain {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.DER})...)
	}
	if withKey {
		k, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k})...)
	}
	path := filepath.Join(t.TempDir(), fqdn+".pem")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := certlint.LoadFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pairRoots(cas ...*testpki.Cert) *chain.Store {
	ts := &chain.Store{}
	for _, ca := range cas {
		c := &cert.Certificate{Raw: ca.DER, Std: ca.X}
		ts.Roots = append(ts.Roots, c)
	}
	return ts
}

// pairEvents renders what one side logs: "20072 peer" ...
func pairEvents(s pair.Side) string {
	var out []string
	for _, e := range s.Logs {
		out = append(out, strconv.Itoa(e.Event)+" "+e.About)
	}
	return strings.Join(out, ", ")
}

func TestPair(t *testing.T) {
	// The corporate PKI (management servers, gateways) and a second PKI
	// that issues the certificates of agents in an untrusted domain.
	corpRoot := pairPKI.CA(t, "Contoso Root CA", nil)
	corpCA := pairPKI.CA(t, "Contoso Issuing CA", corpRoot)
	dmzRoot := pairPKI.CA(t, "DMZ Root CA", nil)
	dmzCA := pairPKI.CA(t, "DMZ Issuing CA", dmzRoot)

	agent := pairComputer(t, "agent01.contoso.test", corpCA, []*testpki.Cert{corpCA, corpRoot}, true)
	agentNoKey := pairComputer(t, "agent01.contoso.test", corpCA, []*testpki.Cert{corpCA}, false)
	dmzAgent := pairComputer(t, "agent02.dmz.contoso.test", dmzCA, []*testpki.Cert{dmzCA, dmzRoot}, true)
	ms := pairComputer(t, "ms01.contoso.test", corpCA, []*testpki.Cert{corpCA}, false)
	msLeafOnly := pairComputer(t, "ms01.contoso.test", corpCA, nil, false)
	msOwn := pairComputer(t, "ms01.contoso.test", corpCA, []*testpki.Cert{corpCA}, true)
	gateway := pairComputer(t, "gw01.dmz.contoso.test", corpCA, []*testpki.Cert{corpCA}, false)
	gatewayOwn := pairComputer(t, "gw01.dmz.contoso.test", corpCA, []*testpki.Cert{corpCA}, true)

	cases := []struct {
		name           string
		local, remote  *certlint.Bundle
		localRoots     *chain.Store // what the local computer trusts
		remoteRoots    *chain.Store // what the remote computer trusts
		ok             bool
		localLogs      string
		remoteLogs     string
		messageContain string // in the one 20072 message
	}{
		{name: "agent and management server, both trusted",
			local: agent, remote: ms, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot), ok: true},
		{name: "agent's root missing on the management server",
			local: dmzAgent, remote: ms, localRoots: pairRoots(corpRoot, dmzRoot), remoteRoots: pairRoots(corpRoot),
			remoteLogs: "20072 peer", messageContain: `the root "CN=DMZ Root CA,O=certlint pair test"`},
		{name: "management server's intermediate missing",
			local: agent, remote: msLeafOnly, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot),
			localLogs: "20072 peer", messageContain: `its issuer "CN=Contoso Issuing CA,O=certlint pair test"`},
		{name: "agent certificate without its private key",
			local: agentNoKey, remote: ms, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot),
			localLogs: "20077 own"},
		{name: "agent to gateway: the gateway trusts the DMZ root",
			local: dmzAgent, remote: gateway, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot, dmzRoot), ok: true},
		{name: "gateway to management server",
			local: gatewayOwn, remote: ms, localRoots: pairRoots(corpRoot, dmzRoot), remoteRoots: pairRoots(corpRoot), ok: true},
		{name: "management server to gateway (the other direction)",
			local: msOwn, remote: gateway, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot, dmzRoot), ok: true},
		{name: "agent to gateway: the gateway lacks the DMZ root",
			local: dmzAgent, remote: gateway, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(corpRoot),
			remoteLogs: "20072 peer", messageContain: "DMZ Root CA"},
		{name: "gateway to management server: the management server does not trust the gateway's root",
			local: gatewayOwn, remote: ms, localRoots: pairRoots(corpRoot), remoteRoots: pairRoots(dmzRoot),
			remoteLogs: "20072 peer", messageContain: `its issuer "CN=Contoso Root CA,O=certlint pair test"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pr := pair.Check(tc.local, tc.remote, pair.Options{LocalRoots: tc.localRoots, RemoteRoots: tc.remoteRoots, At: pairAt})
			if pr.Err != nil {
				t.Fatal(pr.Err)
			}
			if pr.OK != tc.ok {
				t.Errorf("OK %v, want %v", pr.OK, tc.ok)
			}
			if got := pairEvents(pr.Local); got != tc.localLogs {
				t.Errorf("local logs %q, want %q", got, tc.localLogs)
			}
			if got := pairEvents(pr.Remote); got != tc.remoteLogs {
				t.Errorf("remote logs %q, want %q", got, tc.remoteLogs)
			}
			if pr.Local.TrustedByPeer != !strings.Contains(tc.remoteLogs, "20072") || pr.Remote.TrustedByPeer != !strings.Contains(tc.localLogs, "20072") {
				t.Errorf("trusted by peer: local %v, remote %v", pr.Local.TrustedByPeer, pr.Remote.TrustedByPeer)
			}
			if pr.Local.Report.Chain == nil || pr.Remote.Report.Chain == nil {
				t.Fatal("a chain was not built")
			}
			if tc.messageContain != "" {
				found := false
				for _, e := range append(pr.Local.Logs, pr.Remote.Logs...) {
					found = found || (e.Event == 20072 && strings.Contains(e.Message, tc.messageContain))
				}
				if !found {
					t.Errorf("no 20072 message contains %q: %+v %+v", tc.messageContain, pr.Local.Logs, pr.Remote.Logs)
				}
			}
			for _, e := range append(pr.Local.Logs, pr.Remote.Logs...) {
				t.Logf("%d (%s, %s): %s", e.Event, e.About, e.Lint, e.Message)
			}
		})
	}
}

// With nothing trusted on either side, each computer logs 20072; Pair
// reports a lint selection error instead of panicking.
func TestPairEdges(t *testing.T) {
	root := pairPKI.CA(t, "Contoso Root CA", nil)
	a := pairComputer(t, "agent01.contoso.test", root, nil, true)
	m := pairComputer(t, "ms01.contoso.test", root, nil, false)
	pr := pair.Check(a, m, pair.Options{At: pairAt})
	if pr.Err != nil || pr.OK || pairEvents(pr.Local) != "20072 peer" || pairEvents(pr.Remote) != "20072 peer" {
		t.Errorf("nothing trusted: ok %v, local %q, remote %q, err %v", pr.OK, pairEvents(pr.Local), pairEvents(pr.Remote), pr.Err)
	}
	if pr := pair.Check(a, m, pair.Options{Include: []string{"e_no_such_lint"}}); pr.Err == nil {
		t.Error("unknown lint: no error")
	}
	if pr := pair.Check(nil, m, pair.Options{}); pr.Err == nil {
		t.Error("nil local bundle: no error")
	}
}
