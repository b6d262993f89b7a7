// Package chain builds and judges the certification path of a certificate
// the way Windows' chain engine (CertGetCertificateChain, which Schannel uses
// for OpsMgr mutual authentication) does: issuers matched by name (RFC 5280
// §7.1) and key identifier (§4.2.1.1, §4.2.1.2), signatures verified, the
// best of several paths kept (RFC 4158), and the checks of RFC 5280 §6.1 —
// validity, basicConstraints, keyUsage, pathLenConstraint, name constraints,
// critical extensions — plus the extended key usage Windows applies to the
// whole chain and the RFC 5280 / CA/Browser Forum profile rules stricter
// validators apply. Every defect is a Problem with its class, the rule it
// breaks and what Windows does with it. A Store holds the trust anchors and
// intermediates, and can defer to the operating system's roots.
//
// It owns path building and trust stores only: it knows the certificate
// model (package cert) and nothing of how inputs are loaded, of lints, of
// OpsMgr events or of output formats. The work on hostile input is bounded
// (MaxDepth, MaxSteps, MaxPaths).
package chain
