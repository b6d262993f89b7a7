//go:build !unix

package certlint

// isLinkLoop: outside Unix, a link loop shows as a link that cannot be
// followed, and is reported with the error the system gives.
func isLinkLoop(error) bool { return false }

// isNotDir: see isLinkLoop.
func isNotDir(error) bool { return false }
