// Package cputime measures the CPU time a function uses, for the tests that
// fail an input costing more than a fixed CPU budget (a slow input is a bug
// of the same rank as a crash: certlint promises bounded work). CPU time,
// unlike wall-clock time, does not grow when the machine is busy.
package cputime

import (
	"runtime"
	"time"
)

// Measure runs f on one locked OS thread and returns the CPU time used: the
// thread's own where the system tells threads apart (Linux), else the
// process's, which then also counts the runtime's background work. ok is
// false where the system gives no CPU time. f may end with
// runtime.Goexit (t.Fatal).
func Measure(f func()) (used time.Duration, ok bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, ok := now()
	if !ok {
		f()
		return 0, false
	}
	f()
	end, _ := now()
	return end - start, true
}
