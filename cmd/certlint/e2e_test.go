package main

import (
	"os"
	"strings"
	"testing"
)

// End-to-end checks on the built binary: what only a real process shows
// (exit statuses from os.Exit, standard input as a pipe, special files,
// shell completion).

func TestBinaryExamples(t *testing.T) {
	r := exe(t, nil, nil, "lint", "--password-file", pwFile(), "--at", at, p("examples"))
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "4 files: 3 errors, 0 warnings, 0 unreadable") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	r = exe(t, nil, nil, "lint", "--password-file", pwFile(), "--at", at, p("good_agent.pfx"))
	wantCode(t, r, 0)
}

func TestBinaryStdin(t *testing.T) {
	data, err := os.ReadFile(p("fail_eku_server_only.pfx"))
	if err != nil {
		t.Fatal(err)
	}
	r := exe(t, data, nil, "lint", "--format", "json", "--password-file", pwFile(), "--at", at, "-")
	wantCode(t, r, 1)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 1 || reps[0].File != "-" || !contains(findingEvents(reps[0]), 20050) {
		t.Errorf("stdin: %+v", reps)
	}
	// Empty standard input: not a certificate, exit 2, one line on stderr.
	r = exe(t, nil, nil, "lint", "-")
	wantCode(t, r, 2)
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "certlint: -: ") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestBinaryCompletion(t *testing.T) {
	r := exe(t, nil, nil, "--generate-bash-completion")
	wantCode(t, r, 0)
	for _, cmd := range []string{"lint", "lints", "explain", "version"} {
		if !strings.Contains("\n"+r.stdout, "\n"+cmd+"\n") && !strings.Contains("\n"+r.stdout, "\n"+cmd+":") {
			t.Errorf("completion lacks %s:\n%s", cmd, r.stdout)
		}
	}
	// Flags complete from a prefix.
	r = exe(t, nil, nil, "lint", "--f", "--generate-bash-completion")
	wantCode(t, r, 0)
	if r.stdout != "--format\n--fail-on\n" {
		t.Errorf("lint --f completion: %q", r.stdout)
	}
	r = exe(t, nil, nil, "lint", "--pass", "--generate-bash-completion")
	if r.stdout != "--password-file\n--password-env\n" {
		t.Errorf("lint --pass completion: %q", r.stdout)
	}
}

func TestBinaryUsageExit(t *testing.T) {
	r := exe(t, nil, nil, "lint", "--format", "yaml", p("good_agent.cer"))
	wantUsageError(t, r, "--format")
	r = exe(t, nil, nil, "explain", "12345")
	wantUsageError(t, r, "unknown event 12345")
}
