package lints

import (
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestRemoteSubjectOrIssuerUnreadable(t *testing.T) {
	testLint(t, "e_opsmgr_remote_subject_or_issuer_unreadable", []lintCase{
		{file: "good_agent.cer", cfg: remote, want: lint.Pass},
		{file: "fail_empty_subject.pfx", cfg: remote, want: lint.Error},
		{file: "fail_empty_subject.pfx", want: lint.NA}, // role local: the local lint's case
		{file: "corpus:malformed/pyca/invalid_utf8_common_name.pem|", cfg: remote, want: lint.Error},
	})
}
