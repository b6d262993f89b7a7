package certlint

import (
	"github.com/certlint/certlint/certlint/chain"
)

// LeafProblems returns CertProblems of the leaf, computed once for the
// Input (the lints of one input run one after the other).
func (in *Input) LeafProblems() []chain.Problem {
	if in.leafProblems == nil {
		p := chain.CertProblems(in.Leaf)
		in.leafProblems = &p
	}
	return *in.leafProblems
}
