//go:build unix

package fsread

import (
	"io/fs"
	"syscall"
)

// ID returns the identity of the file fi describes (fi from os.Stat or
// os.Lstat of path): its device and inode numbers (stat(2): st_dev,
// st_ino), which name one file on a running system.
func ID(path string, fi fs.FileInfo) (FileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return FileID{}, false
	}
	return FileID{Device: uint64(st.Dev), Index: uint64(st.Ino)}, true
}
