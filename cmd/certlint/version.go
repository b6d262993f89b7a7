package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildDetails says what certlint version prints under its first line, from
// the build information Go records in every binary (runtime/debug): the
// module and its version (a release tag, a pseudo-version for a commit, or
// "(devel)"), the version control commit, its time and whether the tree had
// changes, when the build recorded them (a build from a clone does; go
// install ...@version from the module proxy records no commit), and the Go
// toolchain and platform.
func buildDetails() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "build information: not recorded in this binary\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module   %s %s\n", info.Main.Path, info.Main.Version)
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		extra := []string{}
		if t := settings["vcs.time"]; t != "" {
			extra = append(extra, t)
		}
		if settings["vcs.modified"] == "true" {
			extra = append(extra, "with uncommitted changes")
		}
		fmt.Fprintf(&b, "commit   %s", rev)
		if len(extra) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(extra, ", "))
		}
		b.WriteString("\n")
	} else {
		b.WriteString("commit   not recorded in this build (go install from the module proxy, or -buildvcs=false)\n")
	}
	fmt.Fprintf(&b, "go       %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}
