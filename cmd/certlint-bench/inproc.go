package main

import (
	"fmt"
	"os"
	"time"

	"github.com/certlint/certlint/certlint"
	_ "github.com/certlint/certlint/lints" // register the OpsMgr lints
	"github.com/zmap/zlint/v3/lint"
	"software.sslmate.com/src/go-pkcs12"
)

// inprocPFX is the in-process per-file cost of one PFX kind: the median over
// files of each file's median over reps.
type inprocPFX struct {
	Decode   time.Duration // os.ReadFile + pkcs12.DecodeChain (the floor)
	Load     time.Duration // certlint.LoadFile
	LoadRun  time.Duration // certlint.LoadFile + certlint.Run (what the CLI does per file)
	Findings int           // results at notice or above on the first file (sanity)
}

// measurePFXInProcess times, on the same files and interleaved so that drift
// hits all alike: the bare go-pkcs12 decode, certlint's load, and certlint's
// load + run with every registered lint (role local, as for a PFX with its
// key). One goroutine: this is per-file latency, not throughput.
func measurePFXInProcess(files []string, password string, reps int) (inprocPFX, error) {
	opts := &certlint.LoadOptions{Password: func() (string, error) { return password, nil }}
	run := &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleLocal}}
	var dec, load, lr []time.Duration
	var res inprocPFX
	for fi, f := range files {
		var d, l, r []time.Duration
		for i := 0; i < reps+1; i++ { // the first round warms caches and is dropped
			t0 := time.Now()
			data, err := os.ReadFile(f)
			if err != nil {
				return res, err
			}
			if _, _, _, err := pkcs12.DecodeChain(data, password); err != nil {
				return res, fmt.Errorf("%s: go-pkcs12 DecodeChain: %v", f, err)
			}
			t1 := time.Now()
			if _, err := certlint.LoadFile(f, opts); err != nil {
				return res, fmt.Errorf("certlint.LoadFile: %v", err)
			}
			t2 := time.Now()
			b, err := certlint.LoadFile(f, opts)
			if err != nil {
				return res, fmt.Errorf("certlint.LoadFile: %v", err)
			}
			rep, err := certlint.Run(b, run)
			if err != nil {
				return res, fmt.Errorf("certlint.Run: %v", err)
			}
			t3 := time.Now()
			if i == 0 {
				if fi == 0 {
					for _, x := range rep.Results {
						if x.Status >= lint.Notice {
							res.Findings++
						}
					}
				}
				continue
			}
			d, l, r = append(d, t1.Sub(t0)), append(l, t2.Sub(t1)), append(r, t3.Sub(t2))
		}
		dec, load, lr = append(dec, median(d)), append(load, median(l)), append(lr, median(r))
	}
	res.Decode, res.Load, res.LoadRun = median(dec), median(load), median(lr)
	return res, nil
}
