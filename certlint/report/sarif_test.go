package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
)

// ValidateSARIF checks the parts of a SARIF 2.1.0 log that the OASIS schema
// requires (sarif-schema-2.1.0.json: "required" of sarifLog, run, tool,
// toolComponent, reportingDescriptor, result, message, invocation,
// notification, physicalLocation) and the ones GitHub code scanning requires
// on top (rule shortDescription/fullDescription/help, a location with a URI
// on every result), a region's startLine >= 1 where there is a region (a
// binary artifact has none: SARIF 3.30.2), and a uriBaseId that the run's
// originalUriBaseIds defines as a directory URI (SARIF 3.4.4, 3.14.14). It
// returns every problem found.
func ValidateSARIF(data []byte) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var log map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&log); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if dec.More() {
		bad("more than one JSON value")
	}
	obj := func(v any, what string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			bad("%s: not an object (%T)", what, v)
		}
		return m
	}
	arr := func(v any, what string) []any {
		a, ok := v.([]any)
		if !ok {
			bad("%s: not an array (%T)", what, v)
		}
		return a
	}
	text := func(m map[string]any, key, what string) string {
		s, ok := m[key].(string)
		if !ok || s == "" {
			bad("%s.%s: missing or empty string", what, key)
		}
		return s
	}
	message := func(v any, what string) {
		if m := obj(v, what); m != nil {
			text(m, "text", what)
		}
	}
	levels := map[string]bool{"none": true, "note": true, "warning": true, "error": true}
	kinds := map[string]bool{"notApplicable": true, "pass": true, "fail": true, "review": true, "open": true, "informational": true}
	var baseIDs map[string]any
	location := func(v any, what string) {
		pl := obj(obj(v, what)["physicalLocation"], what+".physicalLocation")
		if pl == nil {
			return
		}
		al := obj(pl["artifactLocation"], what+".artifactLocation")
		if al == nil {
			return
		}
		u := text(al, "uri", what+".artifactLocation")
		if _, err := url.Parse(u); err != nil || strings.Contains(u, `\`) {
			bad("%s: uri %q is not a URI reference with forward slashes", what, u)
		}
		if id, ok := al["uriBaseId"]; ok {
			base, _ := baseIDs[fmt.Sprint(id)].(map[string]any)
			if u, _ := base["uri"].(string); !strings.HasPrefix(u, "file:///") || !strings.HasSuffix(u, "/") {
				bad("%s: uriBaseId %v is not an originalUriBaseIds directory URI (%v)", what, id, base)
			}
		}
		if region, ok := pl["region"]; ok {
			n, err := obj(region, what+".region")["startLine"].(json.Number).Int64()
			if err != nil || n < 1 {
				bad("%s.region.startLine must be >= 1", what)
			}
		}
	}

	if log["version"] != "2.1.0" {
		bad("version = %v, want 2.1.0", log["version"])
	}
	if s, _ := log["$schema"].(string); !strings.Contains(s, "sarif-2.1.0") && !strings.Contains(s, "sarif-schema-2.1.0") {
		bad("$schema = %q", s)
	}
	runs := arr(log["runs"], "runs")
	if len(runs) != 1 {
		bad("%d runs, want 1", len(runs))
	}
	for ri, rv := range runs {
		run := obj(rv, "run")
		if run == nil {
			continue
		}
		baseIDs, _ = run["originalUriBaseIds"].(map[string]any)
		driver := obj(obj(run["tool"], "run.tool")["driver"], "tool.driver")
		if driver == nil {
			continue
		}
		text(driver, "name", "driver")
		var ruleIDs []string
		for i, rule := range arr(driver["rules"], "driver.rules") {
			r := obj(rule, "rule")
			what := fmt.Sprintf("rules[%d]", i)
			ruleIDs = append(ruleIDs, text(r, "id", what))
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				message(r[k], what+"."+k)
			}
			if dc, ok := r["defaultConfiguration"]; ok {
				if lv, _ := obj(dc, what+".defaultConfiguration")["level"].(string); !levels[lv] {
					bad("%s.defaultConfiguration.level = %q", what, lv)
				}
			}
		}
		for i, res := range arr(run["results"], "run.results") {
			r := obj(res, "result")
			what := fmt.Sprintf("runs[%d].results[%d]", ri, i)
			message(r["message"], what+".message")
			id := text(r, "ruleId", what)
			if idx, ok := r["ruleIndex"].(json.Number); ok {
				n, _ := idx.Int64()
				if n < 0 || int(n) >= len(ruleIDs) || ruleIDs[n] != id {
					bad("%s: ruleIndex %d does not point at rule %q", what, n, id)
				}
			}
			if lv, _ := r["level"].(string); !levels[lv] {
				bad("%s.level = %q", what, lv)
			}
			if k, ok := r["kind"].(string); ok && !kinds[k] {
				bad("%s.kind = %q", what, k)
			}
			locs := arr(r["locations"], what+".locations")
			if len(locs) == 0 {
				bad("%s: no location", what)
			}
			for j, l := range locs {
				location(l, fmt.Sprintf("%s.locations[%d]", what, j))
			}
		}
		for i, inv := range arr(run["invocations"], "run.invocations") {
			m := obj(inv, "invocation")
			what := fmt.Sprintf("invocations[%d]", i)
			if _, ok := m["executionSuccessful"].(bool); !ok {
				bad("%s.executionSuccessful: missing boolean", what)
			}
			if ns, ok := m["toolExecutionNotifications"]; ok {
				for j, n := range arr(ns, what+".toolExecutionNotifications") {
					nm := obj(n, "notification")
					message(nm["message"], fmt.Sprintf("%s.notifications[%d].message", what, j))
					if lv, ok := nm["level"].(string); ok && !levels[lv] {
						bad("notification level %q", lv)
					}
				}
			}
		}
	}
	return problems
}

func TestSARIFWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewSARIF(&buf, testLints, SARIFOptions{Version: "test"})
	if err := w.WriteReport(testReport(t, "certs/a b.pfx")); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteReport(&certlint.Report{File: "certs/bad.pfx", Err: &certlint.LoadError{File: "certs/bad.pfx", Err: certlint.ErrMalformed, Detail: "truncated"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if problems := ValidateSARIF(buf.Bytes()); len(problems) > 0 {
		t.Fatalf("invalid SARIF:\n%s\n%s", strings.Join(problems, "\n"), buf.String())
	}

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []sarifRule
				}
			}
			Results     []sarifResult
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []sarifNotification
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "certlint" || run.Tool.Driver.Version != "test" || run.Tool.Driver.InformationURI == "" {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
	if len(run.Tool.Driver.Rules) != len(testLints) {
		t.Fatalf("%d rules, want %d", len(run.Tool.Driver.Rules), len(testLints))
	}
	eku := run.Tool.Driver.Rules[0]
	if eku.ID != "e_test_eku" || eku.Help.Text != testLintEKU.Fix || eku.Properties.Event == nil ||
		*eku.Properties.Event != 20050 || len(eku.Properties.RelatedEvents) != 1 || eku.DefaultConfiguration.Level != "error" {
		t.Errorf("rule e_test_eku = %+v", eku)
	}
	if w := run.Tool.Driver.Rules[3]; w.Properties.Event != nil || w.DefaultConfiguration.Level != "warning" {
		t.Errorf("rule w_test_weak = %+v", w)
	}

	var got []string
	for _, r := range run.Results {
		got = append(got, r.RuleID+" "+r.Level+" "+r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	want := []string{
		"e_test_eku error certs/a%20b.pfx",
		"w_test_weak warning certs/a%20b.pfx",
		"n_test_note note certs/a%20b.pfx",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(run.Results[0].Message.Text, "20050") {
		t.Errorf("message %q does not name the event", run.Results[0].Message.Text)
	}
	if len(run.Results[0].PartialFingerprints) == 0 || run.Results[0].PartialFingerprints["certlintFinding/v1"] == run.Results[1].PartialFingerprints["certlintFinding/v1"] {
		t.Errorf("fingerprints %v, %v: want distinct", run.Results[0].PartialFingerprints, run.Results[1].PartialFingerprints)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 ||
		inv.ToolExecutionNotifications[0].Message.Text != "certs/bad.pfx: malformed or truncated: truncated" ||
		inv.ToolExecutionNotifications[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "certs/bad.pfx" {
		t.Errorf("invocation = %+v", inv)
	}
}

func TestSARIFWriterEmptyAndVerbose(t *testing.T) {
	// No input at all: still one valid log, execution successful.
	var buf bytes.Buffer
	if err := NewSARIF(&buf, testLints, SARIFOptions{Version: "v"}).Close(); err != nil {
		t.Fatal(err)
	}
	if problems := ValidateSARIF(buf.Bytes()); len(problems) > 0 {
		t.Fatalf("invalid SARIF: %v\n%s", problems, buf.String())
	}
	if !strings.Contains(buf.String(), `"executionSuccessful":true`) {
		t.Errorf("empty run not successful:\n%s", buf.String())
	}

	buf.Reset()
	w := NewSARIF(&buf, testLints, SARIFOptions{Version: "v", Verbose: true})
	if err := w.WriteReport(testReport(t, "a.pfx")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if problems := ValidateSARIF(buf.Bytes()); len(problems) > 0 {
		t.Fatalf("invalid SARIF: %v", problems)
	}
	for _, want := range []string{`"kind":"pass","level":"none"`, `"kind":"notApplicable","level":"none"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("verbose log lacks %s", want)
		}
	}
}

func TestValidateSARIFCatchesProblems(t *testing.T) {
	// The validator must be able to fail.
	for name, doc := range map[string]string{
		"wrong version":  `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.0.0","runs":[]}`,
		"no driver name": `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"rules":[]}},"results":[],"invocations":[]}]}`,
		"result without location": `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r","shortDescription":{"text":"a"},"fullDescription":{"text":"a"},"help":{"text":"a"}}]}},` +
			`"results":[{"ruleId":"r","ruleIndex":0,"level":"error","message":{"text":"m"},"locations":[]}],"invocations":[{"executionSuccessful":true}]}]}`,
		"uriBaseId not defined": `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r","shortDescription":{"text":"a"},"fullDescription":{"text":"a"},"help":{"text":"a"}}]}},` +
			`"results":[{"ruleId":"r","ruleIndex":0,"level":"error","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a","uriBaseId":"SRCROOT"}}}]}],"invocations":[{"executionSuccessful":true}]}]}`,
		"bad level": `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r","shortDescription":{"text":"a"},"fullDescription":{"text":"a"},"help":{"text":"a"}}]}},` +
			`"results":[{"ruleId":"r","ruleIndex":0,"level":"fatal","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":1}}}]}],"invocations":[{"executionSuccessful":true}]}]}`,
	} {
		if problems := ValidateSARIF([]byte(doc)); len(problems) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"a.pfx":            "a.pfx",
		"./certs/a.pfx":    "certs/a.pfx",
		"certs/a b#1.pfx":  "certs/a%20b%231.pfx",
		"-":                "-",
		"/abs/x.pem":       "file:///abs/x.pem",
		"c:odd/x.pem":      "./c:odd/x.pem",
		"dir/100%real.pem": "dir/100%25real.pem",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("SARIFURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFBinaryArtifacts: a PFX or DER file has no lines, so its location
// has no region (SARIF 3.30.2); a PEM file keeps startLine 1. With SrcRoot,
// relative locations name the SRCROOT base the run defines; an absolute path
// and standard input do not.
func TestSARIFBinaryArtifacts(t *testing.T) {
	var buf bytes.Buffer
	w := NewSARIF(&buf, testLints, SARIFOptions{Version: "v", SrcRoot: "/work/repo"})
	pfx := testReport(t, "certs/a.pfx")
	pem := testReport(t, "certs/b.pem")
	pem.Bundle = &certlint.Bundle{Name: "certs/b.pem", Format: certlint.FormatPEM, Leaf: pem.Bundle.Leaf}
	abs := testReport(t, "/elsewhere/c.cer")
	abs.Bundle = &certlint.Bundle{Name: "/elsewhere/c.cer", Format: certlint.FormatDER, Leaf: abs.Bundle.Leaf}
	for _, r := range []*certlint.Report{pfx, pem, abs} {
		if err := w.WriteReport(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if problems := ValidateSARIF(buf.Bytes()); len(problems) > 0 {
		t.Fatalf("invalid SARIF: %v\n%s", problems, buf.String())
	}
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []sarifResult
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if got := run.OriginalURIBaseIDs[SARIFSrcRoot].URI; got != "file:///work/repo/" {
		t.Errorf("originalUriBaseIds SRCROOT = %q, want file:///work/repo/", got)
	}
	regions := map[string]string{}
	for _, r := range run.Results {
		pl := r.Locations[0].PhysicalLocation
		region := "none"
		if pl.Region != nil {
			region = fmt.Sprintf("line %d", pl.Region.StartLine)
		}
		regions[pl.ArtifactLocation.URI] = region + " base " + pl.ArtifactLocation.URIBaseID
	}
	want := map[string]string{
		"certs/a.pfx":             "none base SRCROOT",
		"certs/b.pem":             "line 1 base SRCROOT",
		"file:///elsewhere/c.cer": "none base ",
	}
	for k, v := range want {
		if regions[k] != v {
			t.Errorf("%s: %q, want %q", k, regions[k], v)
		}
	}
	if len(regions) != len(want) {
		t.Errorf("locations %v", regions)
	}
}
