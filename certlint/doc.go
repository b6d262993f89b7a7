// Package certlint tells an Operations Manager (OpsMgr / SCOM) administrator
// whether a certificate will work for OpsMgr's certificate-based mutual
// authentication, and which OpsMgr event a defect raises. It reads the
// containers an administrator has in hand — PFX/PKCS#12 (RFC 7292), PEM
// (RFC 7468), DER and PKCS#7 (RFC 2315) — and lints them against Microsoft's
// "Obtain a certificate for use with Windows Servers and System Center
// Operations Manager" and what Windows' chain engine checks.
//
// The flow is Load, LoadFile or LoadReader (bytes to *Bundle), then Run
// (bundle to *Report, whose Findings are what to act on); LintPaths and
// Linter do both for many inputs concurrently. The lints live in package
// lints, which registers them here when it is imported; chain building is
// package chain, the event catalog package events, the output formats
// package report.
//
// Loading knows nothing of lints, and nothing here knows an output format.
package certlint
