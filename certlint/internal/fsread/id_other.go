//go:build !unix && !windows

package fsread

import "io/fs"

// ID reports false: this system gives no file identity; callers compare
// with os.SameFile.
func ID(string, fs.FileInfo) (FileID, bool) { return FileID{}, false }
