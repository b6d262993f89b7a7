//go:build unix && !linux

package cputime

import (
	"time"

	"golang.org/x/sys/unix"
)

// now is the process's CPU time (getrusage(2), RUSAGE_SELF).
func now() (time.Duration, bool) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
