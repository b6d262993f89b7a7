package fix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/certlint/certlint/certlint"
)

// File repairs the PFX at in (see Repair) and, when nothing is unfixable,
// writes the result to out as a file holding a private key should be written:
//
//   - readable by its owner only: mode 0600 on Unix; on Windows a protected
//     DACL granting the current user alone full control (no inherited
//     entries);
//   - through a temporary file in out's directory, synced, then moved into
//     place, so that out is never seen half written;
//   - never over in (compared by path and by os.SameFile, so a hard or
//     symbolic link to the input is refused too), and never over an existing
//     file unless opts.Force is set (without it the new file is linked into
//     place, which fails if out appeared meanwhile).
//
// The output password is opts.OutPassword's, else the input's (see
// Options.OutPassword). A *certlint.LoadError reports an input that cannot be
// read; ErrSameFile, ErrExists and write errors name the path, never a
// password or key byte. When nothing is written, the Result says why
// (Result.Unfixable) and the error is nil.
func File(in, out string, opts *Options) (*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	if err := checkOutput(in, out, opts.Force); err != nil {
		return nil, err
	}
	lo := certlint.LoadOptions{}
	if opts.Load != nil {
		lo = *opts.Load
	}
	var given string
	if lo.Password != nil {
		password := lo.Password
		lo.Password = func() (string, error) {
			pw, err := password()
			if err == nil {
				given = pw
			}
			return pw, err
		}
	}
	b, err := certlint.LoadFile(in, &lo)
	if err != nil {
		return nil, err
	}
	password, fromInput := given, true
	if opts.OutPassword != nil {
		fromInput = false
		if password, err = opts.OutPassword(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrOutPassword, err)
		}
	}
	res, pfx, err := Repair(b, password, opts)
	if err != nil {
		return nil, err
	}
	res.OutPasswordFromInput, res.OutPasswordEmpty = fromInput, password == ""
	if pfx == nil {
		return res, nil
	}
	if err := writePrivate(in, out, pfx, opts.Force); err != nil {
		return res, err
	}
	res.Output = out
	return res, nil
}

// checkOutput refuses an output that is the input, and an existing output
// without force.
func checkOutput(in, out string, force bool) error {
	if out == "" {
		return errors.New("fix: no output file given")
	}
	if same, err := samePath(in, out); err != nil || same {
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: %s", ErrSameFile, out)
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("fix: %s: %w", out, err)
	case !force:
		return fmt.Errorf("%w: %s (replace it with --force)", ErrExists, out)
	case fi.IsDir():
		return fmt.Errorf("fix: %s is a directory", out)
	case !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0:
		return fmt.Errorf("fix: %s exists and is not a regular file", out)
	}
	return nil
}

// samePath reports whether out names the input file: the same cleaned
// absolute path, or (when both exist) the same file by os.SameFile, which
// sees through hard links and symbolic links.
func samePath(in, out string) (bool, error) {
	ia, err1 := filepath.Abs(in)
	oa, err2 := filepath.Abs(out)
	if err1 == nil && err2 == nil && ia == oa {
		return true, nil
	}
	ifi, err := os.Stat(in)
	if err != nil {
		return false, nil // the load reports an unreadable input
	}
	ofi, err := os.Stat(out)
	if err != nil {
		return false, nil
	}
	return os.SameFile(ifi, ofi), nil
}

// writePrivate writes data to out through an owner-only temporary file in
// out's directory (see File).
func writePrivate(in, out string, data []byte, force bool) (err error) {
	dir, base := filepath.Split(out)
	if dir == "" {
		dir = "."
	}
	f, err := createPrivate(dir, base)
	if err != nil {
		return fmt.Errorf("fix: creating a temporary file beside %s: %w", out, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fix: writing %s: %w", out, err)
	}
	// The checks again, just before the file appears: the input must still
	// not be the output.
	if err = checkOutput(in, out, force); err != nil {
		return err
	}
	if force {
		err = os.Rename(tmp, out)
	} else {
		err = publishNew(tmp, out)
	}
	if err != nil {
		if errors.Is(err, ErrExists) {
			return err
		}
		return fmt.Errorf("fix: writing %s: %w", out, err)
	}
	syncDir(dir)
	return nil
}

// publishNew moves tmp to out only if out does not exist: a hard link fails
// when out exists, atomically; where hard links are not supported (FAT, some
// network file systems), out is checked, then tmp renamed.
func publishNew(tmp, out string) error {
	err := os.Link(tmp, out)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s (replace it with --force)", ErrExists, out)
	}
	if _, lerr := os.Lstat(out); lerr == nil {
		return fmt.Errorf("%w: %s (replace it with --force)", ErrExists, out)
	}
	return os.Rename(tmp, out)
}
