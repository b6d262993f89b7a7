package pair_test

import (
	"fmt"
	"log"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/pair"
	_ "github.com/certlint/certlint/lints" // registers the OpsMgr lints
)

// Check whether an agent and its management server will authenticate each
// other: each side's certificate is linted in its role, its chain built
// against what the other side trusts, and the events each computer would
// log are listed.
func ExampleCheck() {
	password := &certlint.LoadOptions{Password: func() (string, error) { return "certlint-example", nil }}
	agent, err := certlint.LoadFile("../../testdata/good_agent.pfx", password)
	if err != nil {
		log.Fatal(err)
	}
	ms, err := certlint.LoadFile("../../testdata/good_ms.pfx", password)
	if err != nil {
		log.Fatal(err)
	}
	corp, err := certlint.LoadTrustStore([]string{"../../testdata/ca/root.pem"}, nil, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	other, err := certlint.LoadTrustStore([]string{"../../testdata/ca/other-root.pem"}, nil, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	r := pair.Check(agent, ms, pair.Options{LocalRoots: corp, RemoteRoots: corp, At: at, LocalHost: "agent01.contoso.test"})
	fmt.Println("both trusted:", r.OK)
	r = pair.Check(agent, ms, pair.Options{LocalRoots: corp, RemoteRoots: other, At: at, LocalHost: "agent01.contoso.test"})
	fmt.Println("management server trusts another root:", r.OK)
	for _, e := range r.Remote.Logs {
		fmt.Println("management server logs", e.Event, "about the", e.About, "certificate")
	}
	for _, e := range r.Local.Logs {
		fmt.Println("agent logs", e.Event, "about the", e.About, "certificate")
	}
	// Output:
	// both trusted: true
	// management server trusts another root: false
	// management server logs 20072 about the peer certificate
}
