package stage

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"math/big"
	"testing"
)

func le(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i, c := range b {
		r[len(b)-1-i] = c
	}
	return new(big.Int).SetBytes(r)
}

// TestPrivateKeyBlob reads the BLOB back field by field, as the Base
// Provider Key BLOBs layout defines it.
func TestPrivateKeyBlob(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []bool{false, true} {
		b, err := PrivateKeyBlob(k, sig)
		if err != nil {
			t.Fatal(err)
		}
		wantAlg := uint32(0xa400)
		if sig {
			wantAlg = 0x2400
		}
		if b[0] != 7 || b[1] != 2 || binary.LittleEndian.Uint32(b[4:]) != wantAlg || binary.LittleEndian.Uint32(b[8:]) != 0x32415352 {
			t.Fatalf("header % x", b[:12])
		}
		if bits := binary.LittleEndian.Uint32(b[12:]); bits != 1024 || int(binary.LittleEndian.Uint32(b[16:])) != k.E {
			t.Fatalf("bit length %d, exponent %d", bits, binary.LittleEndian.Uint32(b[16:]))
		}
		if len(b) != 20+128+5*64+128 {
			t.Fatalf("length %d", len(b))
		}
		body := b[20:]
		for i, f := range []struct {
			want *big.Int
			n    int
		}{{k.N, 128}, {k.Primes[0], 64}, {k.Primes[1], 64}, {k.Precomputed.Dp, 64}, {k.Precomputed.Dq, 64}, {k.Precomputed.Qinv, 64}, {k.D, 128}} {
			if got := le(body[:f.n]); got.Cmp(f.want) != 0 {
				t.Errorf("field %d differs", i)
			}
			body = body[f.n:]
		}
	}
	if _, err := PrivateKeyBlob(&rsa.PrivateKey{PublicKey: rsa.PublicKey{N: big.NewInt(15), E: 3}, Primes: []*big.Int{big.NewInt(3)}}, false); err == nil {
		t.Error("a one-prime key was encoded")
	}
}
