package cputime

import (
	"crypto/sha256"
	"testing"
	"time"
)

// TestMeasure: a loop of hashing is measured as CPU time, and sleeping is
// not.
func TestMeasure(t *testing.T) {
	busy, ok := Measure(func() {
		b := make([]byte, 1<<20)
		for range 200 {
			sum := sha256.Sum256(b)
			b[0] = sum[0]
		}
	})
	if !ok {
		t.Fatal("no CPU time on this system")
	}
	idle, _ := Measure(func() { time.Sleep(200 * time.Millisecond) })
	if busy <= 0 || idle >= busy {
		t.Errorf("busy %v, idle %v: want busy > idle", busy, idle)
	}
}
