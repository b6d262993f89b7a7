package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/certlint/certlint/certlint"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// maxPasswordFile is how much of a password file is read: far more than any
// password, and a bound for a file such as /dev/zero given by mistake.
const maxPasswordFile = 64 << 10

// passwordSource picks the password for encrypted inputs, first found of:
// --password-file, --password-env (default CERTLINT_PASSWORD, used when set),
// a prompt on the terminal (only when stdin is a terminal and not itself an
// input; asked lazily, when the first encrypted input needs it, and once:
// certlint.Linter caches it), else none (nil). The password is never printed.
// While the prompt waits, it holds outMu, which the caller holds while it
// writes a report: reports of inputs before the encrypted one do not land in
// the middle of the prompt line. prompts is true for the terminal prompt
// (see certlint.LoadOptions.PasswordPrompts). Errors start with the command's
// name (lint, pair).
func passwordSource(c *cli.Context, stdin io.Reader, usesStdin bool, prompt io.Writer, outMu *sync.Mutex) (fn func() (string, error), prompts bool, err error) {
	cmd := c.Command.Name
	if c.IsSet("password-file") && c.IsSet("password-env") {
		return nil, false, usageErrorf("%s: give --password-file or --password-env, not both", cmd)
	}
	if c.IsSet("password-file") {
		// The path is not repeated in errors: a password typed after
		// --password-file by mistake must not end up in a terminal, a log or
		// a CI transcript.
		pw, err := readPasswordFile(c.String("password-file"))
		if err != nil {
			return nil, false, usageErrorf("%s: --password-file: %v (the path is not repeated, in case it is a password; "+
				"give the path of a file whose first line is the password, or set %s)", cmd, err, defaultPasswordEnv)
		}
		return func() (string, error) { return pw, nil }, false, nil
	}
	name := c.String("password-env")
	if name == "" {
		return nil, false, usageErrorf("%s: --password-env needs a variable name", cmd)
	}
	if pw, ok := os.LookupEnv(name); ok {
		return func() (string, error) { return pw, nil }, false, nil
	}
	if c.IsSet("password-env") {
		// The name is not repeated either: --password-env S3cret is a
		// password given to the wrong flag more often than a variable name.
		return nil, false, usageErrorf("%s: --password-env: the environment variable named is not set (the name is not repeated, in case it is a password; "+
			"--password-env takes the NAME of a variable that holds the password; or use --password-file FILE)", cmd)
	}
	if f, ok := stdin.(*os.File); ok && !usesStdin && term.IsTerminal(int(f.Fd())) {
		return func() (string, error) {
			outMu.Lock()
			defer outMu.Unlock()
			return promptPassword(f, prompt)
		}, true, nil
	}
	return nil, false, nil
}

// defaultPasswordEnv is the environment variable read for the password
// when --password-env is not given.
const defaultPasswordEnv = "CERTLINT_PASSWORD"

// passwordHint is what a load error for a missing or wrong password adds on
// the command line: the ways to give one.
func passwordHint(err error) string {
	switch {
	case errors.Is(err, certlint.ErrNoPassword):
		return " (give the password with --password-file FILE or the " + defaultPasswordEnv + " environment variable)"
	case errors.Is(err, certlint.ErrWrongPassword):
		return " (check the password given with --password-file FILE, --password-env NAME or " + defaultPasswordEnv + ")"
	}
	return ""
}

// readPasswordFile returns the first line of the file at path, without its
// line ending (\n or \r\n: files written on Windows) and without a byte
// order mark. A UTF-16 file with a byte order mark (what Windows PowerShell
// 5's "> file" and Out-File write) is decoded to UTF-8. A first line that is
// neither (text in a legacy code page such as Windows-1252, which
// PowerShell 5's Set-Content writes, or UTF-16 without a byte order mark) is
// an error that says so: PBES2 and PBMAC1 take the password's UTF-8 octets
// (RFC 8018 §3, RFC 9579), so such a password cannot be right, and guessing
// its code page could open the file with a password the user did not type.
func readPasswordFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", withoutPath(err)
	}
	defer f.Close()
	r := bufio.NewReader(io.LimitReader(f, maxPasswordFile+1))
	bom, _ := r.Peek(2)
	if len(bom) == 2 && (bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF) {
		data, err := io.ReadAll(r)
		if err != nil {
			return "", withoutPath(err)
		}
		if len(data) > maxPasswordFile {
			return "", fmt.Errorf("larger than %d KiB", maxPasswordFile>>10)
		}
		pw := firstLine(decodeUTF16(data))
		if len(data)%2 != 0 || strings.ContainsRune(pw, utf8.RuneError) {
			return "", errors.New("the file starts with a UTF-16 byte order mark but is not valid UTF-16 (an odd number of bytes, or a broken surrogate pair)")
		}
		return pw, nil
	}
	// UTF-8: read only the first line, so a FIFO that stays open works.
	line, err := r.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull || len(line) > maxPasswordFile:
		return "", fmt.Errorf("no line ending in the first %d KiB", maxPasswordFile>>10)
	case err != nil && err != io.EOF:
		return "", withoutPath(err)
	}
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	pw := firstLine(string(line))
	switch {
	case strings.IndexByte(pw, 0) >= 0:
		return "", errors.New("the file holds NUL bytes: it looks like UTF-16 without a byte order mark; save it as UTF-8 (Set-Content -Encoding utf8) or UTF-16 with a byte order mark (Out-File)")
	case !utf8.ValidString(pw):
		return "", errors.New("the file is neither UTF-8 nor UTF-16 with a byte order mark (a legacy code page such as Windows-1252, which PowerShell 5's Set-Content writes?); save it as UTF-8 (Set-Content -Encoding utf8) or UTF-16 (Out-File)")
	}
	return pw, nil
}

// withoutPath returns the cause of an I/O error without the path
// *os.PathError puts in front of it: the path may be a password.
func withoutPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// firstLine returns s up to its first line ending, without it.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if n := len(s); n > 0 && s[n-1] == '\r' {
		s = s[:n-1]
	}
	return s
}

// decodeUTF16 decodes data, which starts with a UTF-16 byte order mark.
func decodeUTF16(data []byte) string {
	le := data[0] == 0xFF
	data = data[2:]
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if le {
			u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
		} else {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		}
	}
	return string(utf16.Decode(u))
}

// promptPassword asks for the password on the terminal in, without echo. If
// the user presses Ctrl-C at the prompt, the terminal's echo is restored
// before certlint exits (status 130, as a shell reports SIGINT).
func promptPassword(in *os.File, out io.Writer) (string, error) {
	fd := int(in.Fd())
	if state, err := term.GetState(fd); err == nil {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		stop := make(chan struct{})
		defer func() {
			signal.Stop(sig)
			close(stop)
		}()
		go func() {
			select {
			case <-sig:
				_ = term.Restore(fd, state)
				fmt.Fprintln(out)
				os.Exit(130)
			case <-stop:
			}
		}()
	}
	// Echo goes off before the prompt is shown, so that a password typed or
	// pasted ahead of the prompt is not echoed either.
	restoreEcho := echoOff(fd)
	defer restoreEcho()
	fmt.Fprint(out, "Password for the encrypted inputs (PFX, encrypted PEM; asked once): ")
	pw, err := term.ReadPassword(fd)
	fmt.Fprintln(out)
	if err != nil {
		return "", fmt.Errorf("reading the password from the terminal: %w", err)
	}
	return string(pw), nil
}
