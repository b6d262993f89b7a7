package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
)

// stdJSON is the reference: what json.Encoder with SetEscapeHTML(false)
// writes for v, without the newline.
func stdJSON(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func checkSame(t *testing.T, name string, l *JSONLine) {
	t.Helper()
	got, ok := l.appendJSON(nil)
	if !ok {
		t.Errorf("%s: appendJSON gave up", name)
		return
	}
	if want := stdJSON(t, l); !bytes.Equal(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", name, got, want)
	}
}

// jsonTricky are strings every escape of encoding/json meets.
var jsonTricky = []string{
	"CN=agent01.contoso.test,O=Contoso",
	`quote " backslash \ slash /`,
	"<html> & 'apostrophe'",
	"tab\tnewline\ncr\rbackspace\bformfeed\fnul\x00esc\x1bdel\x7f",
	"é ü 日本語 🔒",
	"invalid \xff\xfe utf-8 \xc3",
	"line sep \u2028 para sep \u2029",
	"",
}

// fill sets every exported JSON member of v, recursively, to a value
// chosen by seed: each string of jsonTricky (the empty one too), zero and
// non-zero numbers and booleans, nil and set pointers, nil, empty and
// two-element lists. Over enough seeds every member takes each form, so a
// member appendJSON forgets, writes under another key or omits wrongly
// shows as a difference.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(jsonTricky[seed%len(jsonTricky)])
	case reflect.Int:
		v.SetInt(int64(seed % 3))
	case reflect.Bool:
		v.SetBool(seed%2 == 0)
	case reflect.Pointer:
		if seed%5 == 4 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), seed+1)
		v.Set(p)
	case reflect.Slice:
		if seed%4 == 3 {
			return
		}
		n := seed % 3
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(s.Index(i), seed+i+1)
		}
		v.Set(s)
	case reflect.Uint8:
		v.SetUint(uint64(seed*37) & 0xff)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 2, 7, 0, 0, (seed%2)*1000, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			fill(v.Field(i), seed+i)
		}
	}
}

// TestAppendJSONSameAsEncodingJSON: the hand-written encoder writes what
// encoding/json writes, for every member filled (each JSON type, every
// escape), for the zero line and empty lists, and for a line per seed so
// that each string lands in each member.
func TestAppendJSONSameAsEncodingJSON(t *testing.T) {
	for seed := range 240 {
		var l JSONLine
		fill(reflect.ValueOf(&l).Elem(), seed)
		checkSame(t, fmt.Sprintf("filled, seed %d", seed), &l)
	}
	checkSame(t, "zero", &JSONLine{})
	l := filledLine(t)
	l.Findings, l.Suppressed = []JSONFinding{}, []JSONSuppressed{}
	l.Chain.Chain, l.Chain.Roles, l.Chain.Problems = nil, nil, nil
	l.Findings = append(l.Findings, JSONFinding{RelatedEvents: []int{}})
	checkSame(t, "empty lists", l)
	l.Chain.Chain = append(l.Chain.Chain, l.Chain.Chain...)
	local := time.FixedZone("UTC+05:30", 5*3600+1800)
	l.Chain.Roles = filledLine(t).Chain.Roles
	l.Chain.Roles[0].NotAfter = time.Date(2049, 12, 31, 23, 59, 59, 999999999, local)
	l.Chain.Roles[1].NotAfter = time.Time{}
	checkSame(t, "time zones", l)
}

// filledLine is a line with a chain of two roles.
func filledLine(t *testing.T) *JSONLine {
	for seed := range 100 {
		var l JSONLine
		fill(reflect.ValueOf(&l).Elem(), seed)
		if l.Chain != nil && len(l.Chain.Roles) == 2 {
			return &l
		}
	}
	t.Fatal("no seed gives a chain with two roles")
	return nil
}

// TestAppendJSONGivesUp: a time encoding/json refuses is not written by
// hand, and WriteReport then returns encoding/json's error, writing nothing.
func TestAppendJSONGivesUp(t *testing.T) {
	l := filledLine(t)
	l.Chain.Roles[0].NotAfter = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, ok := l.appendJSON(nil); ok {
		t.Fatal("year 10000 written by hand")
	}
	l.Chain.Roles[0].NotAfter = time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("odd", 25*3600))
	if _, ok := l.appendJSON(nil); ok {
		t.Fatal("a 25-hour zone written by hand")
	}
}

// TestAppendJSONReports compares the two encoders over the reports of every
// fixture in testdata, plain and with the test CA as trust store, verbose and
// not, through WriteReport.
func TestAppendJSONReports(t *testing.T) {
	td := filepath.Join("..", "..", "testdata")
	files, err := filepath.Glob(filepath.Join(td, "*.*"))
	if err != nil || len(files) < 20 {
		t.Fatalf("%d fixtures in %s (%v): run go run ./testdata/gen", len(files), td, err)
	}
	pw, err := os.ReadFile(filepath.Join(td, "password.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lo := &certlint.LoadOptions{Password: func() (string, error) { return strings.TrimSpace(string(pw)), nil }}
	trust, err := certlint.LoadTrustStore([]string{filepath.Join(td, "ca", "root.pem")}, []string{filepath.Join(td, "ca", "intermediate.pem")}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, f := range append(files, filepath.Join(td, "nonexistent.pem")) {
		for _, withTrust := range []bool{false, true} {
			opts := &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleLocal}}
			if withTrust {
				opts.Trust = trust
			}
			rep := &certlint.Report{File: f}
			if b, err := certlint.LoadFile(f, lo); err != nil {
				rep.Err = err
			} else if rep, err = certlint.Run(b, opts); err != nil {
				t.Fatal(err)
			}
			for _, verbose := range []bool{false, true} {
				var got bytes.Buffer
				if err := NewJSON(&got, verbose).WriteReport(rep); err != nil {
					t.Fatal(err)
				}
				want := append(stdJSON(t, NewJSONLine(rep, verbose)), '\n')
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s (trust %v, verbose %v):\n got %s\nwant %s", f, withTrust, verbose, got.Bytes(), want)
				}
				lines++
			}
		}
	}
	t.Logf("%d lines compared", lines)
}

// FuzzJSONString: any string is written as encoding/json writes it.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonTricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := &jsonEnc{ok: true}
		e.str(s)
		if want := stdJSON(t, s); !e.ok || !bytes.Equal(e.b, want) {
			t.Fatalf("%q: got %s, want %s", s, e.b, want)
		}
	})
}
