package report

import (
	"github.com/certlint/certlint/certlint"
)

// Writer writes reports in one output format. WriteReport is called
// once per input, in input order; Close finishes the output (the summary
// line of text, the end of a SARIF log) and does not close the underlying
// writer.
type Writer interface {
	WriteReport(r *certlint.Report) error
	Close() error
}
