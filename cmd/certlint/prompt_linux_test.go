//go:build linux

package main

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPasswordPrompt runs the binary on a pseudo-terminal (util-linux
// script(1)) with no password flag or variable: certlint asks once, without
// echo, when the first encrypted input needs it, and both PFX files open.
func TestPasswordPrompt(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Fatalf("script(1) from util-linux is needed for the terminal prompt test: %v", err)
	}
	// A hang guard, not a timing assertion: a missing prompt must not block
	// the test run forever.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmdline := strings.Join([]string{binary, "lint", "--at", at, p("good_agent.pfx"), p("fail_keysig.pfx"), p("good_agent.cer")}, " ")
	cmd := exec.CommandContext(ctx, "script", "-qec", cmdline, "/dev/null")
	cmd.Env = append(cmd.Environ(), "NO_COLOR=1", "TERM=dumb")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the prompt, then type the password: typed earlier, the
	// terminal would echo it before certlint turns echo off.
	var out strings.Builder
	r := bufio.NewReader(stdout)
	for !strings.Contains(out.String(), "Password for") {
		b, err := r.ReadByte()
		if err != nil {
			t.Fatalf("no prompt (%v); output so far:\n%s", err, out.String())
		}
		out.WriteByte(b)
	}
	// Let the rest of the prompt line arrive (it ends with ": ").
	for !strings.HasSuffix(out.String(), ": ") {
		b, err := r.ReadByte()
		if err != nil {
			t.Fatalf("prompt cut short: %v", err)
		}
		out.WriteByte(b)
	}
	if _, err := io.WriteString(stdin, fixturePassword+"\r"); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	out.Write(rest)
	err = cmd.Wait()
	code := exitCode(t, err)
	text := out.String()
	if strings.Contains(text, fixturePassword) {
		t.Fatalf("the password was echoed:\n%s", text)
	}
	if n := strings.Count(text, "Password for"); n != 1 {
		t.Errorf("prompted %d times, want once:\n%s", n, text)
	}
	// good_agent.pfx opens (no finding), fail_keysig.pfx opens (20069),
	// good_agent.cer needs no password: exit 1, nothing unreadable.
	if code != 1 || !strings.Contains(text, "event 20069") || !strings.Contains(text, "3 files: ") || !strings.Contains(text, " 0 unreadable") {
		t.Errorf("exit %d, output:\n%s", code, text)
	}
}

// TestNoPromptWithoutPassword: on a terminal, a PFX exported without a
// password opens without a prompt (certlint.LoadOptions.PasswordPrompts).
func TestNoPromptWithoutPassword(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Fatalf("script(1) from util-linux is needed for the terminal prompt test: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // hang guard only
	defer cancel()
	cmdline := strings.Join([]string{binary, "lint", "--at", at, p("good_agent_nopassword.pfx")}, " ")
	cmd := exec.CommandContext(ctx, "script", "-qec", cmdline, "/dev/null")
	cmd.Env = append(cmd.Environ(), "NO_COLOR=1", "TERM=dumb")
	cmd.Stdin = strings.NewReader("") // script gives the command a terminal of its own
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("certlint waited for a password it did not need:\n%s", out)
	}
	code := exitCode(t, err)
	text := string(out)
	if strings.Contains(text, "Password for") || code != 0 || !strings.Contains(text, "no findings") {
		t.Errorf("exit %d, output:\n%s", code, text)
	}
}
