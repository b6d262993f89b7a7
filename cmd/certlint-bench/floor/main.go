// Command floor is the lower bound certlint-bench measures certlint against:
// it does over the same files, with the same number of workers (GOMAXPROCS)
// and in-order output, only the part of certlint's work that no linter can
// skip, so that the ratio certlint/floor says how much certlint adds.
//
//	floor -mode read DIR|FILE...     read each file (os.ReadFile)
//	floor -mode zcrypto DIR|FILE...  read, decode PEM, parse every
//	                                 certificate with zcrypto's x509
//	floor -mode x509 DIR|FILE...     the same with Go's crypto/x509
//	floor -mode pkcs12 -password-file F FILE...
//	                                 read and go-pkcs12 DecodeChain
//
// It writes one line per file (its name and the number of certificates
// found), buffered, in input order, and exits 1 when a file cannot be
// processed, so that a floor that silently did nothing cannot pass for fast.
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	zx509 "github.com/zmap/zcrypto/x509"
	"software.sslmate.com/src/go-pkcs12"
)

func main() {
	mode := flag.String("mode", "read", "read, zcrypto, x509 or pkcs12")
	passFile := flag.String("password-file", "", "password file (pkcs12 mode)")
	flag.Parse()
	var password string
	if *passFile != "" {
		b, err := os.ReadFile(*passFile)
		if err != nil {
			fatal(err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	work, ok := modes(password)[*mode]
	if !ok {
		fatal(fmt.Errorf("unknown -mode %q", *mode))
	}
	files, err := expand(flag.Args())
	if err != nil {
		fatal(err)
	}
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	if err := each(files, work, func(name string, n int) { fmt.Fprintf(out, "%s %d\n", name, n) }); err != nil {
		out.Flush()
		fatal(err)
	}
	if err := out.Flush(); err != nil {
		fatal(err)
	}
}

// modes returns each mode's per-file work: the number of certificates found.
func modes(password string) map[string]func([]byte) (int, error) {
	perPEM := func(parse func([]byte) error) func([]byte) (int, error) {
		return func(data []byte) (int, error) {
			n := 0
			for {
				var blk *pem.Block
				blk, data = pem.Decode(data)
				if blk == nil {
					return n, nil
				}
				if blk.Type != "CERTIFICATE" {
					continue
				}
				if err := parse(blk.Bytes); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return map[string]func([]byte) (int, error){
		"read": func(data []byte) (int, error) { return len(data), nil },
		"zcrypto": perPEM(func(der []byte) error {
			_, err := zx509.ParseCertificate(der)
			return err
		}),
		"x509": perPEM(func(der []byte) error {
			_, err := x509.ParseCertificate(der)
			return err
		}),
		"pkcs12": func(data []byte) (int, error) {
			_, _, cas, err := pkcs12.DecodeChain(data, password)
			if err != nil {
				return 0, err
			}
			return 1 + len(cas), nil
		},
	}
}

// expand lists the files of each directory argument (sorted, not
// recursive: the benchmark corpus is flat) and keeps file arguments.
func expand(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, a)
			continue
		}
		ents, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(a, e.Name()))
			}
		}
	}
	return files, nil
}

// each runs work over files on GOMAXPROCS workers and calls emit in input
// order, holding at most a window of results.
func each(files []string, work func([]byte) (int, error), emit func(string, int)) error {
	workers := runtime.GOMAXPROCS(0)
	type result struct {
		n   int
		err error
	}
	results := make([]chan result, len(files))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, err := os.ReadFile(files[i])
				n := 0
				if err == nil {
					n, err = work(data)
				}
				results[i] <- result{n, err}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range files {
			next <- i
		}
	}()
	var first error
	for i, f := range files {
		r := <-results[i]
		if r.err != nil && first == nil {
			first = fmt.Errorf("%s: %v", f, r.err)
		}
		emit(f, r.n)
	}
	wg.Wait()
	return first
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}
