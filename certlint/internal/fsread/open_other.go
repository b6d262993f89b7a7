//go:build !unix

package fsread

import "os"

// Open opens path read-only. (On Windows, opening a named pipe or device by
// path does not block the way a Unix FIFO does; LoadFile has already refused
// anything that is not a regular file.)
func Open(path string) (File, error) {
	return os.Open(path)
}
