// Package report writes the reports of a lint run (certlint.Report) for
// people and for machines: Text for a terminal, JSON Lines (one JSONLine per
// input), SARIF 2.1.0 for code scanning, JUnit XML and GitHub Actions
// workflow commands for CI; each is a Writer fed one report per input, in
// input order. It also holds the vocabulary those outputs share: status
// names, the summary of a run, text made safe for a terminal line.
//
// It owns output formats only: it reads reports, lint metadata and the event
// catalog, and must not know how an input is loaded or how a lint decides.
package report
