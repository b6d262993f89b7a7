//go:build unix

package fsread

import (
	"os"
	"syscall"
)

// Open opens path read-only with O_NONBLOCK (open(2): a FIFO opened so
// returns at once instead of waiting for a writer; reads of a regular file
// are unaffected). os.OpenFile adds O_CLOEXEC itself.
func Open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
