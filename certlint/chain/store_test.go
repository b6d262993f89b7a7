package chain_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
)

func certOf(c *testpki.Cert) *cert.Certificate {
	return &cert.Certificate{Raw: c.DER, Std: c.X, Parsed: c.Z, Index: 1}
}

// TestStoreSharedByBuilds: a Store shared by many Builds, run at once (as
// the workers of a lint run share the trust store), gives every leaf the
// result a Build with a store of its own gives, for good chains and broken
// ones (a name outside the root's name constraints, an unknown issuer, a
// signature that does not verify, an expired CA); and a store changed after
// use is used as it is now, not as it was. Run with -race, it also checks
// that the shared work is only read once made.
func TestStoreSharedByBuilds(t *testing.T) {
	pki := testpki.PKI{Org: "store cache test", RSALeaves: true}
	root := pki.CA(t, "Store Root", nil, testpki.PermitDNS("corp.example.test"))
	inter := pki.CA(t, "Store Issuing CA", root)
	old := pki.CA(t, "Store Old CA", root, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	stranger := pki.CA(t, "Stranger Root", nil)
	forged := pki.CA(t, "Store Issuing CA", stranger) // the issuing CA's name, another key
	fakeRoot := pki.CA(t, "Store Root", nil)          // the root's name, another key
	badCA := pki.CA(t, "Store Bad CA", fakeRoot)      // in the store, but not signed by the root
	rootC, interC, oldC, badC := certOf(root), certOf(inter), certOf(old), certOf(badCA)

	var leaves []*cert.Certificate
	for i := range 12 {
		leaves = append(leaves, certOf(pki.Leaf(t, fmt.Sprintf("agent%02d.corp.example.test", i), inter)))
	}
	leaves = append(leaves,
		certOf(pki.Leaf(t, "web.other.example", inter)),          // outside the name constraints
		certOf(pki.Leaf(t, "agent.corp.example.test", stranger)), // issuer not in the store
		certOf(pki.Leaf(t, "agent.corp.example.test", old)),      // CA expired
		certOf(pki.Leaf(t, "agent99.corp.example.test", forged)), // its issuer's name, not its key
		certOf(pki.Leaf(t, "agent98.corp.example.test", badCA)),  // a store CA whose signature fails
	)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	newStore := func() *chain.Store {
		s := &chain.Store{}
		s.Add("root.pem", true, rootC)
		s.Add("inter.pem", false, interC, oldC, badC)
		return s
	}
	want := make([]*chain.Result, len(leaves))
	trusted := 0
	for i, l := range leaves {
		want[i] = chain.Build(chain.Input{Leaf: l, File: "leaf.pem"}, newStore(), at)
		if want[i].OK() {
			trusted++
		}
	}
	if trusted != 12 {
		t.Fatalf("%d of the %d leaves have a chain Windows accepts, want the 12 good ones", trusted, len(leaves))
	}

	shared := newStore()
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(leaves))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range leaves {
				i := (k + g*5) % len(leaves) // each goroutine in another order
				got := chain.Build(chain.Input{Leaf: leaves[i], File: "leaf.pem"}, shared, at)
				if !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("leaf %d (%s): the shared store gives\n%+v\nwant\n%+v", i, leaves[i].Std.Subject, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}

	// A store changed after use: without its root no chain is trusted; with
	// it added back, the chain is.
	s := &chain.Store{}
	s.Add("inter.pem", false, interC)
	if r := chain.Build(chain.Input{Leaf: leaves[0]}, s, at); r.OK() {
		t.Fatal("a chain is trusted with no root in the store")
	}
	s.Add("root.pem", true, rootC)
	if r := chain.Build(chain.Input{Leaf: leaves[0]}, s, at); !r.OK() {
		t.Errorf("a root added to a store after use is not used: %v", r.Problems)
	}
	s.Roots[0] = certOf(stranger) // replaced in place
	if r := chain.Build(chain.Input{Leaf: leaves[0]}, s, at); r.OK() {
		t.Error("a root replaced in the store after use is still trusted")
	}
}

// BenchmarkBuildStoreSize builds one leaf's chain against a trust store of
// its root and issuing CA, with 0 or 148 more unrelated roots beside them:
// what a large --roots bundle adds to every input's chain.
func BenchmarkBuildStoreSize(b *testing.B) {
	pki := testpki.PKI{Org: "store size bench", RSALeaves: true}
	root := pki.CA(b, "Bench Root", nil, testpki.Key(testpki.NewRSAKey(b)))
	inter := pki.CA(b, "Bench Issuing CA", root, testpki.Key(testpki.NewRSAKey(b)))
	var others []*cert.Certificate
	for i := range 148 {
		others = append(others, certOf(pki.CA(b, fmt.Sprintf("Other Root %d", i), nil)))
	}
	leaf := certOf(pki.Leaf(b, "agent.corp.example.test", inter))
	at := inter.X.NotBefore.AddDate(0, 0, 1)
	for _, extra := range []int{0, len(others)} {
		b.Run(fmt.Sprintf("roots-%d", extra+1), func(b *testing.B) {
			s := &chain.Store{}
			s.Add("roots.pem", true, append([]*cert.Certificate{certOf(root)}, others[:extra]...)...)
			s.Add("inter.pem", false, certOf(inter))
			if r := chain.Build(chain.Input{Leaf: leaf, File: "leaf.pem"}, s, at); !r.OK() {
				b.Fatalf("chain not trusted: %v", r.Problems)
			}
			b.ReportAllocs()
			for b.Loop() {
				chain.Build(chain.Input{Leaf: leaf, File: "leaf.pem"}, s, at)
			}
		})
	}
}
