// Package events is the catalog of the "OpsMgr Connector" events of the
// Operations Manager event log that certificate-based mutual authentication
// raises: for each, what it means and which computer logs it, its usual
// causes, fixes, the commands that confirm it, the order in which the events
// of one cause appear, and the public sources behind each fact with how well
// they establish it (Confidence). The sources are Microsoft's
// troubleshooting articles (KB10066, KB2288515, KB947691), "Obtain a
// certificate for use with Windows Servers and System Center Operations
// Manager", and field reports.
//
// It is data only: it must not know certificates, lints or output formats;
// the lints name the events they predict, and the root package finds the
// lints of an event (certlint.LintsForEvent).
package events
