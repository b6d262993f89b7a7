package chain

import (
	"slices"
	"testing"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/testpki"
)

// TestStoreNodesNumberedAsAdded: a search makes a node of a trust store
// certificate only when a lookup reaches it, and must then number it and
// merge it as if every store certificate had been added after the input's,
// intermediates first, duplicates merged (path building prefers the lower
// number among equals, and the closest-issuer hint takes the first): ids
// are 0..n-1 in that order with none twice; a store certificate that is
// also an input is the input's node, trusted when the store has it as a
// root; subject and key identifier lookups return, in id order, exactly the
// nodes a scan of every node finds.
func TestStoreNodesNumberedAsAdded(t *testing.T) {
	pki := testpki.PKI{Org: "lazy store test"}
	root := pki.CA(t, "Lazy Root", nil)
	inter := pki.CA(t, "Lazy Issuing CA", root)
	twin := pki.CA(t, "Lazy Issuing CA", root) // same name, other key
	other := pki.CA(t, "Lazy Other CA", root)
	rootB := pki.CA(t, "Lazy Root B", nil)
	leaf := pki.Leaf(t, "agent.corp.example.test", inter)
	of := func(c *testpki.Cert) *cert.Certificate {
		return &cert.Certificate{Raw: c.DER, Std: c.X, Parsed: c.Z, Index: 1}
	}
	garbage := &cert.Certificate{Raw: []byte{0x30, 0x03, 0x02, 0x01, 0x01}}

	store := &Store{}
	store.Add("inter.pem", false, of(inter), of(other), garbage, of(twin), of(inter), of(rootB))
	store.Add("root.pem", true, of(root), of(other), of(rootB))

	s := &search{byRaw: map[[32]byte]*node{}, bySKI: map[string][]*node{}}
	leafN := s.add(of(leaf), OriginBundle, "in.pem", false)
	inTwin := s.add(of(twin), OriginBundle, "in.pem", false)   // also a store intermediate
	inRootB := s.add(of(rootB), OriginBundle, "in.pem", false) // also a store intermediate and root
	s.inputs = len(s.nodes)
	s.linkStore(store.prepared())

	// Distinct store certificates: inter, other (also a root), garbage,
	// twin (the input's), rootB (the input's; also a root), root.
	if got := len(s.store.distinct); got != 6 {
		t.Fatalf("%d distinct store certificates, want 6", got)
	}
	if inTwin.trusted || !inRootB.trusted || inRootB.origin != OriginRoots || inRootB.file != "root.pem" {
		t.Errorf("merged input nodes: twin trusted %v; rootB trusted %v origin %s file %q", inTwin.trusted, inRootB.trusted, inRootB.origin, inRootB.file)
	}
	var all []*node
	s.eachNode(func(n *node) bool { all = append(all, n); return true })
	wantOrder := []string{"leaf", "twin(input)", "rootB(input)", "inter", "other", "garbage", "root"}
	if len(all) != len(wantOrder) {
		t.Fatalf("%d nodes, want %d", len(all), len(wantOrder))
	}
	for i, n := range all {
		if n.id != i {
			t.Errorf("node %d (%s) has id %d", i, wantOrder[i], n.id)
		}
	}
	if all[0] != leafN || all[1] != inTwin || all[2] != inRootB {
		t.Error("input nodes are not first, in input order")
	}
	if o := all[4]; !o.trusted || o.origin != OriginRoots || o.file != "root.pem" {
		t.Errorf("other (intermediate and root): trusted %v origin %s file %q", o.trusted, o.origin, o.file)
	}
	if g := all[3]; g.trusted || g.origin != OriginIntermediates || g.file != "inter.pem" || !g.stored {
		t.Errorf("inter: trusted %v origin %s file %q stored %v", g.trusted, g.origin, g.file, g.stored)
	}
	if s.nextID != len(all) {
		t.Errorf("next id %d, want %d", s.nextID, len(all))
	}
	// A later add of a store certificate (as the system verifier's chains
	// do) is that store node, made trusted by a root occurrence.
	if n := s.add(of(root), OriginSystem, "", true); n != all[6] || n.origin != OriginRoots {
		t.Errorf("root added again: %v, want the store's node", n)
	}
	if n := s.add(of(inter), OriginSystem, "", true); n != all[3] || !n.trusted || n.origin != OriginSystem {
		t.Errorf("inter added as a system root: trusted %v origin %s", n.trusted, n.origin)
	}
	sysN := s.add(of(pki.CA(t, "Lazy System CA", nil)), OriginSystem, "", true)
	if sysN.id != len(all) {
		t.Errorf("system node id %d, want %d", sysN.id, len(all))
	}
	// A system certificate with a store certificate's name comes after it.
	sysOther := s.add(of(pki.CA(t, "Lazy Other CA", rootB)), OriginSystem, "", false)
	if sysOther.id != len(all)+1 {
		t.Errorf("second system node id %d, want %d", sysOther.id, len(all)+1)
	}
	all = all[:0]
	s.eachNode(func(n *node) bool { all = append(all, n); return true })
	if all[len(all)-2] != sysN || all[len(all)-1] != sysOther {
		t.Error("system nodes not last, in the order added")
	}

	// Lookups against a scan of every node.
	for _, n := range all {
		if n.tbs == nil {
			continue
		}
		key := n.tbs.subjectName().key
		var want []*node
		for _, m := range all {
			if m.tbs != nil && m.tbs.subjectName().key == key && (m.stored || slices.Contains(s.unindexed, m)) {
				want = append(want, m)
			}
		}
		if got := s.withSubject(n.tbs.subject, key); !slices.Equal(got, want) {
			t.Errorf("withSubject(%s): %v, want %v", n.tbs.subjectDN(), ids(got), ids(want))
		}
		if ski := n.tbs.ski(); len(ski) > 0 {
			var want []*node
			for _, m := range all {
				if m.tbs != nil && string(m.tbs.ski()) == string(ski) {
					want = append(want, m)
				}
			}
			got := mergeByID(s.storeList(s.store.bySKI[string(ski)]), s.bySKI[string(ski)])
			if !slices.Equal(got, want) {
				t.Errorf("by key identifier %x: %v, want %v", ski, ids(got), ids(want))
			}
		}
	}
}

func ids(ns []*node) []int {
	var out []int
	for _, n := range ns {
		out = append(out, n.id)
	}
	return out
}

// TestStoreNodesLargeStore: from storeNodeMapMin store certificates on,
// nodes are kept in a map; numbering and lookups are the same.
func TestStoreNodesLargeStore(t *testing.T) {
	pki := testpki.PKI{Org: "large store test"}
	store := &Store{}
	var cas []*testpki.Cert
	for i := range storeNodeMapMin + 4 {
		ca := pki.CA(t, "Large Root "+string(rune('A'+i%26))+string(rune('a'+i/26)), nil)
		cas = append(cas, ca)
		store.Add("roots.pem", true, &cert.Certificate{Raw: ca.DER, Std: ca.X})
	}
	leaf := pki.Leaf(t, "agent.corp.example.test", cas[len(cas)-1])
	r := Build(Input{Leaf: &cert.Certificate{Raw: leaf.DER, Std: leaf.X}, File: "leaf.pem"}, store, leaf.X.NotBefore.AddDate(0, 0, 1))
	if !r.Trusted || len(r.Chain) != 2 || r.Chain[1].Thumbprint != describeNew(&node{cert: store.Roots[len(cas)-1]}).Thumbprint {
		t.Fatalf("leaf of the last of %d roots: trusted %v, chain %v", len(cas), r.Trusted, r.Chain)
	}
	s := &search{byRaw: map[[32]byte]*node{}, bySKI: map[string][]*node{}}
	s.linkStore(store.prepared())
	n := 0
	s.eachNode(func(nd *node) bool {
		if nd.id != n {
			t.Fatalf("node %d has id %d", n, nd.id)
		}
		n++
		return true
	})
	if n != len(cas) || s.storeNodes != nil || len(s.storeNodesMap) != len(cas) {
		t.Errorf("%d nodes, slice %v, map of %d", n, s.storeNodes != nil, len(s.storeNodesMap))
	}
}

// TestStoreCertChecksReplayed: a store certificate's problems, found once
// and replayed in later searches, weigh in the choice between paths as when
// found: two issuing CA certificates with one name and one key, the first
// with a profile problem, give every leaf the chain through the clean one,
// the first leaf and the ones after it.
func TestStoreCertChecksReplayed(t *testing.T) {
	pki := testpki.PKI{Org: "replay test", RSALeaves: true}
	root := pki.CA(t, "Replay Root", nil)
	key := testpki.NewKey(t)
	// policyConstraints (requireExplicitPolicy 0), not marked critical
	// (RFC 5280 4.2.1.11: conforming CAs MUST mark it critical).
	profiled := pki.CA(t, "Replay CA", root, testpki.Key(key), testpki.Extension([]int{2, 5, 29, 36}, false, []byte{0x30, 0x03, 0x80, 0x01, 0x00}))
	clean := pki.CA(t, "Replay CA", root, testpki.Key(key))
	of := func(c *testpki.Cert) *cert.Certificate {
		return &cert.Certificate{Raw: c.DER, Std: c.X, Parsed: c.Z, Index: 1}
	}
	store := &Store{}
	store.Add("root.pem", true, of(root))
	store.Add("inter.pem", false, of(profiled), of(clean))
	at := clean.X.NotBefore.AddDate(0, 0, 1)
	want := describeNew(&node{cert: of(clean)}).Thumbprint
	for i := range 3 {
		leaf := pki.Leaf(t, "agent.corp.example.test", clean)
		r := Build(Input{Leaf: of(leaf), File: "leaf.pem"}, store, at)
		if !r.OK() || len(r.Chain) != 3 || r.Chain[1].Thumbprint != want || len(r.Find(ProfileCriticality)) != 0 {
			t.Fatalf("leaf %d: chain %v, problems %v; want the chain through the clean CA", i, r.Chain, r.Problems)
		}
	}
	// The profiled CA alone: its problem is reported, found or replayed.
	alone := &Store{}
	alone.Add("root.pem", true, of(root))
	alone.Add("inter.pem", false, of(profiled))
	for i := range 2 {
		r := Build(Input{Leaf: of(pki.Leaf(t, "agent.corp.example.test", clean)), File: "leaf.pem"}, alone, at)
		if got := r.Find(ProfileCriticality); len(got) != 1 || got[0].Index != 1 {
			t.Fatalf("leaf %d under the profiled CA alone: problems %v", i, r.Problems)
		}
	}
}
