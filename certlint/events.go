package certlint

import (
	"slices"
	"sort"
)

// LintsForEvent returns the registered lints (see Lints) whose primary Event
// or RelatedEvents include id, sorted by name; nil if there are none or id is
// not positive (0 means "no event" in OpsMgr metadata).
func LintsForEvent(id int) []*Lint {
	return lintsForEvent(Lints(), id)
}

// lintsForEvent filters lints by event; it is LintsForEvent without the
// global registry, so tests can run it on lints of their own.
func lintsForEvent(lints []*Lint, id int) []*Lint {
	if id <= 0 {
		return nil
	}
	var out []*Lint
	for _, l := range lints {
		if l == nil {
			continue
		}
		if l.Event == id || slices.Contains(l.RelatedEvents, id) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
