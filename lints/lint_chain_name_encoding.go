package lints

import (
	"github.com/certlint/certlint/certlint/chain"
)

// w_opsmgr_chain_name_encoding: a certificate's issuer name and its issuer's
// subject name are one name as RFC 5280 7.1 compares names (letter case,
// insignificant spaces and PrintableString against UTF8String do not count),
// but not the same bytes. certlint builds the chain as RFC 5280 says;
// validators that compare names byte for byte, such as Go's crypto/x509, do
// not find the issuer. Windows also finds an issuer by key identifier: the
// message says whether it can here.
func init() {
	registerChainProfileLint("w_opsmgr_chain_name_encoding",
		"Each certificate's issuer name should be encoded exactly as its issuer's subject name; names that differ only in "+
			"case, spaces or string type chain by RFC 5280 7.1, but validators that compare bytes do not find the issuer",
		"RFC 5280 4.1.2.4, 7.1; Microsoft Learn, CertCompareCertificateName "+
			"https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/nf-wincrypt-certcomparecertificatename; "+citeProfile,
		"Re-issue the certificate with its issuer name copied byte for byte from the issuing CA certificate (CAs normally do "+
			"this; a name typed by hand in a request or a CA rebuilt with a retyped name breaks it).",
		nil, chain.ProfileNameEncoding)
}
