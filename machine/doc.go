// Package machine checks, on the Windows computer itself, the certificate the
// Operations Manager connector (HealthService) will load for certificate
// authentication, where certlint's file lints cannot see: the computer's
// state after import.
//
// MOMCertImport records the certificate in one registry value,
// ChannelCertificateSerialNumber under SettingsPath (the serial number's
// bytes in reverse order), and the connector looks the certificate up in the
// computer's Personal store (LocalMachine\My) by it; the private key must be
// an exchange key (AT_KEYEXCHANGE) of a legacy CryptoAPI CSP in the
// computer's key set, and the chain must reach a root of the computer's
// Trusted Root store (Microsoft Learn, "Obtain a certificate for use with
// Windows Servers and System Center Operations Manager",
// https://learn.microsoft.com/en-us/system-center/scom/obtain-certificate-windows-server-and-operations-manager).
//
// Check reads that value, finds the certificate, builds a certlint.Bundle
// whose key facts come from the store (the CERT_KEY_PROV_INFO property:
// provider, provider type, KeySpec, computer or user key set, and whether the
// key opens), lints it with every registered lint (import package lints),
// using the computer's FQDN as host and the chain the LocalMachine chain
// engine builds, and adds the machine lints' findings (Lints): nothing
// registered (event 21022), a serial that names no certificate (20066), a
// ChannelCertificateHash that disagrees, other certificates with the same
// subject, a newer certificate not registered, a root only in the user's
// store, and the key's store facts (20068, 20069). Candidates lints every
// certificate MOMCertImport could register, best first.
//
// Windows is reached through the System interface: Local on Windows, a fake
// in tests, so that the logic is tested on every platform.
//
// It owns the checks of the installed state; the file lints are the root's
// and the lints package's, and output formats are package report's.
package machine
