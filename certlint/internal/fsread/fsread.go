// Package fsread opens an input file for reading without blocking and
// without any write access. LoadFile refuses non-regular files before it
// opens anything; Open is the second line of defence for a file swapped for
// a FIFO between that check and the open, where a plain open(2) would block
// until a writer appears.
package fsread
