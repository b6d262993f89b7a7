package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/zmap/zlint/v3/lint"
)

// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format,
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), with the
// properties GitHub code scanning requires ("SARIF support for code
// scanning", docs.github.com): rule id, shortDescription, fullDescription and
// help; result ruleId, message, a physical location with a URI and a region,
// and partialFingerprints.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// InformationURI is certlint's home page, written into SARIF logs.
	InformationURI = "https://github.com/certlint/certlint"
)

// SARIFOptions configures a SARIF.
type SARIFOptions struct {
	// Version is certlint's version, written as tool.driver.version.
	Version string
	// Verbose adds passing and not-applicable results (level "none", kind
	// "pass" or "notApplicable").
	Verbose bool
	// SrcRoot, when set, is the absolute directory relative paths are
	// relative to: written as the run's originalUriBaseIds SRCROOT (SARIF
	// 3.14.14) and named by each relative artifact location's uriBaseId
	// (SARIF 3.4.4), so a consumer can resolve them.
	SrcRoot string
}

// SARIFSrcRoot is the uriBaseId of relative artifact locations.
const SARIFSrcRoot = "SRCROOT"

// SARIF writes one SARIF 2.1.0 log with one run. It streams: the log's
// head (the tool and its rules) is written first, then each result as its
// report arrives; only the causes of unreadable inputs are held until Close,
// which writes them as tool execution notifications and ends the log.
type SARIF struct {
	w          *bufio.Writer
	opts       SARIFOptions
	lints      []*certlint.Lint
	ruleIndex  map[string]int
	started    bool
	closed     bool
	nResults   int
	unreadable []sarifNotification
	err        error
}

// NewSARIF returns a SARIF on w whose rules are lints (the lints
// the run selected, in the order given).
func NewSARIF(w io.Writer, lints []*certlint.Lint, opts SARIFOptions) *SARIF {
	s := &SARIF{w: bufio.NewWriter(w), opts: opts, lints: lints, ruleIndex: map[string]int{}}
	for i, l := range lints {
		s.ruleIndex[l.Name] = i
	}
	return s
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Event           *int     `json:"event"`
	RelatedEvents   []int    `json:"related_events"`
	EventSource     string   `json:"event_source,omitempty"`
	EventConfidence string   `json:"event_confidence,omitempty"`
	Citation        string   `json:"citation,omitempty"`
	Tags            []string `json:"tags"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Kind                string            `json:"kind"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Event         *int   `json:"event"`
	RelatedEvents []int  `json:"related_events"`
	Thumbprint    string `json:"thumbprint,omitempty"`
}

type sarifNotification struct {
	Descriptor sarifDescriptor `json:"descriptor"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
}

type sarifDescriptor struct {
	ID string `json:"id"`
}

// SARIFLevel maps a status to a SARIF result level (SARIF 3.27.10): error
// and fatal are "error", warn is "warning", notice is "note", and results
// that found nothing are "none".
func sarifLevel(s lint.LintStatus) string {
	switch {
	case s >= lint.Error:
		return "error"
	case s == lint.Warn:
		return "warning"
	case s == lint.Notice:
		return "note"
	}
	return "none"
}

// sarifKind maps a status to a SARIF result kind (SARIF 3.27.9).
func sarifKind(s lint.LintStatus) string {
	switch {
	case s >= lint.Notice:
		return "fail"
	case s == lint.Pass:
		return "pass"
	}
	return "notApplicable"
}

// SARIFURI turns a path as the user gave it into a SARIF artifact URI
// (SARIF 3.4.3): a relative reference with forward slashes, percent-encoded
// where needed, or a file URI for an absolute path.
func sarifURI(path string) string {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x -> /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	p = strings.TrimPrefix(p, "./")
	return (&url.URL{Path: p}).String()
}

// sarifDirURI is the file URI of an absolute directory, ending in a slash
// as SARIF 3.14.14 requires of originalUriBaseIds.
func sarifDirURI(dir string) string {
	u := sarifURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func (s *SARIF) writeJSON(v any) {
	if s.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	_, s.err = s.w.Write(b)
}

func (s *SARIF) writeString(str string) {
	if s.err != nil {
		return
	}
	_, s.err = s.w.WriteString(str)
}

func (s *SARIF) start() {
	if s.started {
		return
	}
	s.started = true
	s.writeString(`{"$schema":"` + SARIFSchema + `","version":"` + SARIFVersion + `","runs":[{"tool":{"driver":{"name":"certlint","informationUri":"` + InformationURI + `","version":`)
	s.writeJSON(s.opts.Version)
	s.writeString(`,"rules":[`)
	for i, l := range s.lints {
		if i > 0 {
			s.writeString(",")
		}
		s.writeString("\n")
		short := l.Description
		if short == "" {
			short = l.Name
		}
		help := l.Fix
		if help == "" {
			help = short
		}
		full := short
		if l.Event != 0 {
			full = fmt.Sprintf("%s (OpsMgr event %d)", short, l.Event)
		}
		r := sarifRule{
			ID:                   l.Name,
			Name:                 l.Name,
			ShortDescription:     sarifText{short},
			FullDescription:      sarifText{full},
			Help:                 sarifText{help},
			DefaultConfiguration: sarifConfiguration{sarifLevel(l.Severity())},
			Properties: sarifRuleProps{
				RelatedEvents:   append([]int{}, l.RelatedEvents...),
				EventSource:     l.EventSource,
				EventConfidence: string(l.EventConfidence),
				Citation:        l.Citation,
				Tags:            []string{"opsmgr", "certificate"},
			},
		}
		if l.Event != 0 {
			ev := l.Event
			r.Properties.Event = &ev
		}
		s.writeJSON(r)
	}
	s.writeString(`]}},`)
	if s.opts.SrcRoot != "" {
		s.writeString(`"originalUriBaseIds":{"` + SARIFSrcRoot + `":{"uri":`)
		s.writeJSON(sarifDirURI(s.opts.SrcRoot))
		s.writeString(`}},`)
	}
	s.writeString(`"columnKind":"unicodeCodePoints","results":[`)
}

// WriteReport writes r's findings as results; an unreadable input is kept
// for the notifications Close writes.
func (s *SARIF) WriteReport(r *certlint.Report) error {
	if s.closed {
		return fmt.Errorf("certlint: SARIF log already closed")
	}
	s.start()
	loc := []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(r.File)}}}}
	if s.opts.SrcRoot != "" && !filepath.IsAbs(r.File) && r.File != certlint.StdinName {
		loc[0].PhysicalLocation.ArtifactLocation.URIBaseID = SARIFSrcRoot
	}
	if r.Bundle != nil && r.Bundle.Format == certlint.FormatPEM {
		// A line region only for a text artifact: SARIF 3.30.2 reserves
		// line and column properties for text, and a PFX or DER file has
		// no lines (the finding is about the whole file).
		loc[0].PhysicalLocation.Region = &sarifRegion{StartLine: 1}
	}
	if r.Err != nil {
		s.unreadable = append(s.unreadable, sarifNotification{
			Descriptor: sarifDescriptor{ID: "unreadable"},
			Level:      "error",
			Message:    sarifText{CleanText(r.File + ": " + ErrorCause(r.Err))},
			Locations:  loc,
		})
		return s.err
	}
	var thumb, part string
	if r.Bundle != nil {
		if info := cert.Describe(r.Bundle.Leaf); info != nil {
			thumb = info.SHA1
			if r.Bundle.Parts > 1 {
				// One of several end-entity certificates of the file
				// (Bundle.Split): say which.
				part = fmt.Sprintf("end-entity certificate %d of %d (%s): ", r.Bundle.Part, r.Bundle.Parts, CleanText(info.Subject))
			}
		}
	}
	for _, res := range r.Findings(s.opts.Verbose) {
		idx, ok := s.ruleIndex[res.Lint.Name]
		if !ok {
			continue // not a selected lint: cannot point at a rule
		}
		msg := part + res.Message()
		if res.Lint.Event != 0 && res.Status >= lint.Notice {
			msg = fmt.Sprintf("%s (OpsMgr event %d)", msg, res.Lint.Event)
		}
		// The fingerprint says "this lint on this certificate in this
		// file", so an alert survives unrelated commits and follows a
		// replaced certificate as a new alert.
		fp := sha256.Sum256([]byte(res.Lint.Name + "\x00" + sarifURI(r.File) + "\x00" + thumb))
		out := sarifResult{
			RuleID:              res.Lint.Name,
			RuleIndex:           idx,
			Kind:                sarifKind(res.Status),
			Level:               sarifLevel(res.Status),
			Message:             sarifText{msg},
			Locations:           loc,
			PartialFingerprints: map[string]string{"certlintFinding/v1": hex.EncodeToString(fp[:16])},
			Properties:          sarifResultProps{RelatedEvents: append([]int{}, res.Lint.RelatedEvents...), Thumbprint: thumb},
		}
		if res.Lint.Event != 0 {
			ev := res.Lint.Event
			out.Properties.Event = &ev
		}
		if s.nResults > 0 {
			s.writeString(",")
		}
		s.writeString("\n")
		s.writeJSON(out)
		s.nResults++
	}
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// Close writes the invocation (executionSuccessful is false when an input
// could not be linted, with one error notification per such input) and ends
// the log.
func (s *SARIF) Close() error {
	if s.closed {
		return s.err
	}
	s.start()
	s.closed = true
	s.writeString("\n" + `],"invocations":[{"executionSuccessful":`)
	s.writeJSON(len(s.unreadable) == 0)
	s.writeString(`,"toolExecutionNotifications":[`)
	for i, n := range s.unreadable {
		if i > 0 {
			s.writeString(",")
		}
		s.writeString("\n")
		s.writeJSON(n)
	}
	s.writeString("]}]}]}\n")
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}
