//go:build !windows

package fix

import "os"

// createPrivate creates a new file in dir, named after base, readable and
// writable by its owner only (mode 0600, set again explicitly so that no
// umask or default ACL matters).
func createPrivate(dir, base string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// syncDir makes the rename durable (POSIX: a rename is recorded in the
// directory). Errors are ignored: the file itself is synced, and some file
// systems refuse to sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
