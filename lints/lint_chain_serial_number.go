package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_serial_number: a certificate's serial number must be a
// positive integer of at most 20 octets (RFC 5280 4.1.2.2). Windows' chain
// engine accepts zero, negative and longer serials; Go's crypto/x509 refuses
// negative ones, and strict validators all three.
func init() {
	registerChainProfileLint("w_opsmgr_chain_serial_number",
		"The serial number of every certificate of the chain must be positive and at most 20 octets long; Windows accepts "+
			"other serials, strict validators do not",
		"RFC 5280 4.1.2.2; "+citeProfile,
		fixReissueProfile, nil, chain.ProfileSerial)
}
