package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPairCommand(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		out  []string // substrings of stdout
		err  string   // substring of stderr
	}{
		{name: "both trusted, flags after the files",
			args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-file", pwFile(), "--at", at},
			code: 0, out: []string{"its chain is trusted by REMOTE", "its chain is trusted by LOCAL", "would authenticate each other"}},
		{name: "both trusted, flags first",
			args: []string{"pair", "--roots=" + p("ca/root.pem"), "--password-file", pwFile(), "--at", at, p("good_agent.pfx"), p("good_ms.pfx")},
			code: 0, out: []string{"would authenticate each other"}},
		{name: "agent's root missing on the management server",
			args: []string{"pair", p("fail_unknown_root.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-file", pwFile(), "--at", at},
			code: 1, out: []string{"NOT trusted by REMOTE", "REMOTE logs event 20072", "CN=certlint Other Root CA", "would NOT authenticate"}},
		{name: "each side trusts its own roots",
			args: []string{"pair", p("fail_unknown_root.pfx"), p("good_ms.pfx"), "--local-roots", p("ca/root.pem"), "--remote-roots", p("ca/other-root.pem"), "--password-file", pwFile(), "--at", at},
			code: 0, out: []string{"would authenticate each other"}},
		{name: "management server's intermediate missing",
			args: []string{"pair", p("good_agent.pfx"), p("good_agent.cer"), "--roots", p("ca/root.pem"), "--password-file", pwFile(), "--at", at},
			code: 1, out: []string{"LOCAL logs event 20072", `its issuer "CN=certlint Test Issuing CA,O=certlint test"`}},
		{name: "the intermediate given with --intermediates",
			args: []string{"pair", p("good_agent.pfx"), p("good_agent.cer"), "--roots", p("ca/root.pem"), "--intermediates", p("ca/intermediate.pem"), "--password-file", pwFile(), "--at", at},
			code: 0},
		{name: "local certificate without its key",
			args: []string{"pair", p("fail_no_private_key.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-file", pwFile(), "--at", at},
			code: 1, out: []string{"LOCAL logs event 20077"}},
		{name: "unreadable input",
			args: []string{"pair", p("good_agent.pfx"), p("no_such_file.cer"), "--roots", p("ca/root.pem"), "--password-file", pwFile()},
			code: 2, err: "no_such_file.cer"},
		{name: "unreadable roots",
			args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("no_such_root.pem"), "--password-file", pwFile()},
			code: 2, err: "no_such_root.pem"},
		{name: "wrong password",
			args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-env", "CERTLINT_PAIR_TEST_PW"},
			code: 2, err: "wrong password"},
		{name: "one file", args: []string{"pair", p("good_agent.pfx"), "--roots", p("ca/root.pem")}, code: 2, err: "LOCAL and REMOTE"},
		{name: "no roots", args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx")}, code: 2, err: "--roots"},
		{name: "unknown flag after the files", args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--rots", "x"}, code: 2, err: "unknown flag --rots"},
		{name: "bad format", args: []string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--format", "xml"}, code: 2, err: "--format"},
	}
	t.Setenv("CERTLINT_PAIR_TEST_PW", wrongPassword)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, s := range tc.out {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			if tc.err != "" && !strings.Contains(r.stderr, tc.err) {
				t.Errorf("stderr lacks %q: %s", tc.err, r.stderr)
			}
			if tc.code == 2 && r.stdout != "" {
				t.Errorf("usage or input error with output on stdout: %s", r.stdout)
			}
		})
	}
}

func TestPairCommandJSON(t *testing.T) {
	r := runCLI(t, "", "pair", p("fail_unknown_root.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-file", pwFile(), "--at", at, "--format", "json")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	var out struct {
		OK    bool `json:"ok"`
		Local struct {
			File          string `json:"file"`
			Role          string `json:"role"`
			TrustedByPeer bool   `json:"trusted_by_peer"`
			Chain         struct {
				Trusted bool `json:"trusted"`
				Chain   []struct {
					Subject string `json:"subject"`
				} `json:"chain"`
			} `json:"chain"`
			Logs []struct{ Event int } `json:"logs"`
		} `json:"local"`
		Remote struct {
			TrustedByPeer bool `json:"trusted_by_peer"`
			Logs          []struct {
				Event int    `json:"event"`
				About string `json:"about"`
				Lint  string `json:"lint"`
			} `json:"logs"`
		} `json:"remote"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if out.OK || out.Local.Role != "local" || out.Local.TrustedByPeer || out.Local.Chain.Trusted || len(out.Local.Chain.Chain) != 3 || len(out.Local.Logs) != 0 {
		t.Errorf("local side: %+v", out.Local)
	}
	if !out.Remote.TrustedByPeer || len(out.Remote.Logs) != 1 || out.Remote.Logs[0].Event != 20072 || out.Remote.Logs[0].About != "peer" || out.Remote.Logs[0].Lint != "e_opsmgr_chain_not_trusted" {
		t.Errorf("remote side: %+v", out.Remote)
	}
	if strings.Contains(r.stdout, "PRIVATE KEY") || strings.Contains(r.stdout, `"D":`) {
		t.Error("the JSON output holds key material")
	}
}
