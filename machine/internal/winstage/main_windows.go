// Command winstage stages a test scenario for certlint machine on a Windows
// computer, in practice a Wine prefix: it reads a stage.Plan as JSON from the
// file named by its one argument, applies it (Reset deletes every certificate
// of LocalMachine\My: never run it on a real computer), and writes the
// stage.Result as JSON to standard output.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/certlint/certlint/machine/internal/stage"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: winstage PLAN.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "winstage:", err)
		os.Exit(2)
	}
	var p stage.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		fmt.Fprintln(os.Stderr, "winstage: plan:", err)
		os.Exit(2)
	}
	res, err := stage.Apply(&p)
	if err != nil {
		fmt.Fprintln(os.Stderr, "winstage:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "winstage:", err)
		os.Exit(1)
	}
}
