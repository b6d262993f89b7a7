package config

import (
	"errors"
	"regexp"
	"runtime"
	"strings"
)

// A glob matches file paths relative to the configuration file's directory,
// written with forward slashes:
//
//   - any characters but /
//     ?       one character but /
//     [abc]   one of the characters listed; [a-z] a range; [!abc] none of them
//     {a,b}   a or b (each may hold globs, and braces may nest)
//     **      as a whole path segment: any number of directories, none included
//
// A glob matches the whole path, from the configuration file's directory
// down ("*.pfx" matches only the files next to it; "**/*.pfx" matches them
// at any depth), and a glob that matches a directory matches every file
// under it ("certs/roots" matches certs/roots/root.cer). On Windows, whose
// file names ignore case, it ignores case too.
type glob struct {
	pattern string
	re      *regexp.Regexp
}

// maxGlobLen bounds a pattern: it is compiled to a regular expression, whose
// matching is linear in the path (RE2), but whose size is not free.
const maxGlobLen = 1024

// compileGlob checks and compiles a glob; the error says what is wrong
// without repeating the pattern.
func compileGlob(p string) (*glob, error) {
	switch {
	case p == "":
		return nil, errors.New("the glob is empty")
	case len(p) > maxGlobLen:
		return nil, errors.New("the glob is longer than 1024 characters")
	case strings.Contains(p, `\`):
		return nil, errors.New(`a glob uses / between directories, not \ (on Windows too)`)
	case strings.HasPrefix(p, "/") || (len(p) > 1 && p[1] == ':'):
		return nil, errors.New("the glob is an absolute path; write it relative to the configuration file's directory")
	}
	segs := strings.Split(p, "/")
	for _, s := range segs {
		if s == ".." {
			return nil, errors.New("the glob leaves the configuration file's directory (..)")
		}
		if strings.Contains(s, "**") && s != "**" {
			return nil, errors.New("** must be a whole path segment (as in certs/**/x.pfx)")
		}
	}
	var b strings.Builder
	if runtime.GOOS == "windows" {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	depth := 0
	first := true
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		if s == "." || (s == "" && i < len(segs)-1) {
			continue // "./a" and "a//b" are a and a/b
		}
		if s == "**" {
			if i == len(segs)-1 {
				// Trailing **: everything below.
				if first {
					b.WriteString(".*")
				} else {
					b.WriteString("(?:/.*)?")
				}
				first = false
				continue
			}
			// Zero or more directories, then the next segment.
			if first {
				b.WriteString("(?:[^/]*/)*")
			} else {
				b.WriteString("/(?:[^/]*/)*")
			}
			first = true // the next segment brings no slash of its own
			continue
		}
		if !first {
			b.WriteString("/")
		}
		first = false
		if err := globSegment(&b, s, &depth); err != nil {
			return nil, err
		}
	}
	if depth != 0 {
		return nil, errors.New("the glob has a { without its }")
	}
	b.WriteString("(?:/.*)?$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, errors.New("the glob is not valid: " + strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return &glob{pattern: p, re: re}, nil
}

// globSegment writes the regular expression of one path segment. Braces may
// span segments ("{certs/a,other}/*.pfx" is refused: keep alternatives
// within one segment), so depth must be back to where it was.
func globSegment(b *strings.Builder, s string, depth *int) error {
	start := *depth
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*':
			b.WriteString("[^/]*")
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := i + 1
			if j < len(s) && (s[j] == '!' || s[j] == '^') {
				j++
			}
			if j < len(s) && s[j] == ']' {
				j++ // a ] right after [ or [! is a character
			}
			for j < len(s) && s[j] != ']' {
				j++
			}
			if j >= len(s) {
				return errors.New("the glob has a [ without its ]")
			}
			class := s[i+1 : j]
			neg := false
			if class[0] == '!' || class[0] == '^' {
				neg, class = true, class[1:]
			}
			if class == "" {
				return errors.New("the glob has an empty [] character class")
			}
			b.WriteString("[")
			if neg {
				b.WriteString("^/")
			}
			rs := []rune(class)
			for k, r := range rs {
				switch {
				case r == '-' && k > 0 && k < len(rs)-1:
					b.WriteByte('-') // a range
				case r > 0x20 && r < 0x7f && !isAlnum(byte(r)):
					b.WriteByte('\\') // RE2 takes any escaped punctuation literally
					b.WriteRune(r)
				default:
					b.WriteRune(r)
				}
			}
			b.WriteString("]")
			i = j
		case '{':
			*depth++
			b.WriteString("(?:")
		case ',':
			if *depth > start {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		case '}':
			if *depth <= start {
				return errors.New("the glob has a } without its {")
			}
			*depth--
			b.WriteString(")")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if *depth != start {
		return errors.New("the glob has a { without its } in the same path segment (alternatives cannot hold a /)")
	}
	return nil
}

// match reports whether the slash-separated relative path rel matches.
func (g *glob) match(rel string) bool { return g.re.MatchString(rel) }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
