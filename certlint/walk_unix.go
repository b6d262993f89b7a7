//go:build unix

package certlint

import (
	"errors"
	"syscall"
)

// isLinkLoop reports whether err is stat(2)'s ELOOP: too many symbolic links
// on the way, which for one link means a loop.
func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// isNotDir reports whether err is ENOTDIR: a link through a file, broken.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
