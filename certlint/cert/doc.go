// Package cert is certlint's model of one X.509 certificate (RFC 5280), the
// layer below loading and chain building: the DER bytes with the two parses
// certlint reads them with — zcrypto's, which accepts what Windows accepts
// and Go's crypto/x509 refuses, and crypto/x509's — the Windows thumbprint,
// the one bounded renderer of distinguished names (RFC 4514), and the facts
// an administrator finds a certificate by again (Info: thumbprint, serial,
// the registry serial MOMCertImport writes).
//
// It owns no container format, no trust decision and no lint: it must not
// know how a certificate was read (PKCS#12, PEM, PKCS#7), what it chains to,
// or what OpsMgr requires of it.
package cert
