// Package fsread opens an input file for reading without blocking and
// without any write access. LoadFile refuses non-regular files before it
// opens anything; Open is the second line of defence for a file swapped for
// a FIFO between that check and the open, where a plain open(2) would block
// until a writer appears. ID gives a file's identity (device and inode, or
// volume and file index), which the directory walk keys its maps with.
//
// It opens files only: it must not know what a file holds.
package fsread

import (
	"io"
	"io/fs"
)

// FileID identifies a file on a running system: two paths with the same
// FileID are the same file (a directory reached through a symbolic link,
// say), which a map can tell in constant time.
type FileID struct {
	Device, Index uint64
}

// File is an input opened for reading.
type File interface {
	io.Reader
	Stat() (fs.FileInfo, error)
	Close() error
}
