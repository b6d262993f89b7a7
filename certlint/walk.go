package certlint

import (
	"errors"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/certlint/certlint/certlint/internal/fsread"
)

// StdinName is the PATH argument that stands for standard input.
const StdinName = "-"

// CertificateExtensions are the file name extensions a directory walk picks
// up (compared case-insensitively): the ones Windows' certificate tools,
// OpenSSL and the Certificates snap-in write (.pfx/.p12 PKCS#12, RFC 7292;
// .pem/.crt/.cer/.der certificates, RFC 7468 and RFC 5280; .p7b/.p7c PKCS#7
// certs-only, RFC 2315; .key private keys).
var CertificateExtensions = []string{".pfx", ".p12", ".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".key"}

// IsCertificateFile reports whether name has one of CertificateExtensions.
func isCertificateFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range CertificateExtensions {
		if ext == e {
			return true
		}
	}
	return false
}

// WalkPaths expands PATH arguments into the inputs to lint, in order, as an
// iterator of (path, error) pairs:
//
//   - "-" is standard input (StdinName), yielded as is, once; a second "-" is
//     an error (standard input can be read only once).
//   - A directory yields its certificate files (IsCertificateFile), recursively,
//     entries in byte order of their names, so the order is the same on every
//     run. Symbolic links are followed; a directory reached a second time is
//     not walked again, and a link back into a directory being walked (a
//     loop) is yielded as an error (ErrNotCertificate, "directory loop").
//     Directories are told apart by their identity (device and inode
//     numbers, or volume and file index on Windows), in constant time, so
//     the walk is linear in the number of entries. Entries that are neither
//     regular files nor directories (FIFOs, sockets, devices) are skipped in
//     a directory walk: only a file named explicitly is read.
//   - Anything else (a file, a missing path, a FIFO, /dev/zero) is yielded as
//     given; LoadFile decides whether it can be read, and refuses what is not a
//     regular file.
//
// Nothing is skipped without a word: a directory that cannot be listed, and
// an entry of a directory that cannot be examined (lstat(2) fails: a
// directory that can be listed but not searched, a path longer than the
// system allows, an I/O error), are yielded with an ErrUnreadable error
// naming them, whatever their names, since any of them may be a directory
// of certificates; a symbolic link with a certificate file's name whose
// target is missing (a broken link) or that leads back to itself (a link
// loop) is yielded with ErrNotCertificate; a link whose target cannot be
// examined is yielded with ErrUnreadable. The walk goes on after each. The
// iterator never reads file contents and holds one directory listing per
// level of depth, so memory grows with the number of directories, not files.
func WalkPaths(args []string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		w := &walker{yield: yield, active: map[fsread.FileID]bool{}, seen: map[fsread.FileID]bool{}}
		stdin := false
		for _, arg := range args {
			if arg == StdinName {
				if stdin {
					if !yield(arg, &LoadError{File: arg, Err: ErrNotCertificate, Detail: "standard input given twice"}) {
						return
					}
					continue
				}
				stdin = true
				if !yield(arg, nil) {
					return
				}
				continue
			}
			fi, err := os.Stat(arg)
			if err != nil || !fi.IsDir() {
				// Files, and errors, are LoadFile's to report.
				if !yield(arg, nil) {
					return
				}
				continue
			}
			if !w.dir(arg, fi) {
				return
			}
		}
	}
}

type walker struct {
	yield func(string, error) bool
	// active holds the directories being walked (for loop detection), seen
	// every directory walked so far (to walk each once), by identity.
	active, seen map[fsread.FileID]bool
	// Where the system gives no identity: the same, compared with
	// os.SameFile.
	activeFI, seenFI []os.FileInfo
}

func sameAny(list []os.FileInfo, fi os.FileInfo) bool {
	for _, d := range list {
		if os.SameFile(d, fi) {
			return true
		}
	}
	return false
}

// enter records directory path (whose Stat is fi) as being walked and
// returns the function that ends that; loop reports a directory being walked
// already (a loop), again one walked before.
func (w *walker) enter(path string, fi os.FileInfo) (leave func(), loop, again bool) {
	if id, ok := fsread.ID(path, fi); ok {
		switch {
		case w.active[id]:
			return nil, true, false
		case w.seen[id]:
			return nil, false, true
		}
		w.active[id], w.seen[id] = true, true
		return func() { delete(w.active, id) }, false, false
	}
	switch {
	case sameAny(w.activeFI, fi):
		return nil, true, false
	case sameAny(w.seenFI, fi):
		return nil, false, true
	}
	w.seenFI = append(w.seenFI, fi)
	w.activeFI = append(w.activeFI, fi)
	return func() { w.activeFI = w.activeFI[:len(w.activeFI)-1] }, false, false
}

// dir walks directory path (whose Stat is fi); it returns false when the
// consumer stopped the iteration.
func (w *walker) dir(path string, fi os.FileInfo) bool {
	leave, loop, again := w.enter(path, fi)
	switch {
	case loop:
		return w.yield(path, &LoadError{File: path, Err: ErrNotCertificate, Detail: "directory loop through symbolic links, not followed"})
	case again:
		return true // reached again through another link: already linted
	}
	defer leave()

	// Names and types only (not os.ReadDir's DirEntry values): a directory
	// of 100,000 certificates costs a few MB, sorted in byte order.
	entries, err := readDirEntries(path)
	if err != nil && len(entries) == 0 {
		return w.yield(path, unreadableDir(path, err))
	}
	searchable := false // an lstat(2) in the directory succeeded
	for _, ent := range entries {
		p := filepath.Join(path, ent.name)
		if ent.typ.IsRegular() && searchable {
			// The listing says a regular file (d_type), and the directory
			// can be searched: no lstat(2) needed to tell it from a
			// directory or a link. The batch linter stats it again before
			// opening it, and refuses it then if it changed.
			if isCertificateFile(p) && !w.yield(p, nil) {
				return false
			}
			continue
		}
		fi, lerr := os.Lstat(p)
		searchable = searchable || lerr == nil
		if lerr != nil {
			// Removed since the listing, or cannot be examined: it may have
			// been a certificate or a directory of them.
			if !w.yield(p, unexaminable(p, lerr)) {
				return false
			}
			continue
		}
		mode := fi.Mode().Type()
		if mode&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			if err != nil {
				var werr error
				switch {
				case isLinkLoop(err):
					werr = &LoadError{File: p, Err: ErrNotCertificate, Detail: "symbolic link loop (the link leads back to itself)"}
				case errors.Is(err, fs.ErrNotExist) || isNotDir(err):
					werr = &LoadError{File: p, Err: ErrNotCertificate, Detail: "broken symbolic link"}
				default:
					// The target exists but cannot be examined: it may be a
					// directory of certificates.
					if !w.yield(p, unexaminable(p, err)) {
						return false
					}
					continue
				}
				if isCertificateFile(p) && !w.yield(p, werr) {
					return false
				}
				continue
			}
			if target.IsDir() {
				if !w.dir(p, target) {
					return false
				}
				continue
			}
			mode = target.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if !w.dir(p, fi) {
				return false
			}
		case mode.IsRegular() && isCertificateFile(p):
			if !w.yield(p, nil) {
				return false
			}
		}
	}
	if err != nil {
		// The listing returned some names and then failed.
		return w.yield(path, unreadableDir(path, err))
	}
	return true
}

// unexaminable is the error for a directory entry whose lstat(2) or
// stat(2) fails: ErrUnreadable, matching the cause.
func unexaminable(path string, err error) *LoadError {
	return &LoadError{File: path, Err: &ioError{cause: err}, Detail: "cannot be examined in its directory: " + pathErrCause(err)}
}

// unreadableDir is the error for a directory that cannot be listed: like a
// file that cannot be read, ErrUnreadable, and errors.Is matches the cause
// (fs.ErrPermission, ...).
func unreadableDir(path string, err error) *LoadError {
	return &LoadError{File: path, Err: &ioError{cause: err}, Detail: "directory: " + pathErrCause(err)}
}

// pathErrCause returns err's cause without the path *fs.PathError repeats
// (the LoadError already names the file).
func pathErrCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// dirEntry is a name in a directory and the type its listing gives
// (fs.ModeIrregular when the listing does not say).
type dirEntry struct {
	name string
	typ  fs.FileMode
}

// readDirEntries returns the entries of directory path, sorted by name, read
// in batches so that only names and types are kept.
func readDirEntries(path string) ([]dirEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []dirEntry
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			out = append(out, dirEntry{name: e.Name(), typ: e.Type()})
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			slices.SortFunc(out, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
			return out, err
		}
	}
	slices.SortFunc(out, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return out, nil
}
