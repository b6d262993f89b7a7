//go:build !windows

// Command winstage stages a test scenario for certlint machine on a Windows
// computer (in tests, a Wine prefix). Elsewhere it only says so.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "winstage runs on Windows (the tests run it under Wine)")
	os.Exit(2)
}
