#!/usr/bin/env bash
# Runs every fuzz target in the module (`go test -list '^Fuzz' ./...`), one
# after the other, for FUZZTIME each, and fails if any of them finds a
# crasher. A crasher is written by Go to
# <package>/testdata/fuzz/<Target>/<hash>: commit it, it becomes a
# regression seed that plain `go test` replays.
#
#   .ci/fuzz.sh            20 s per target
#   .ci/fuzz.sh 60         60 s per target (also: FUZZTIME=60s .ci/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

fuzztime="${1:-${FUZZTIME:-20s}}"
if [[ "$fuzztime" =~ ^[0-9]+$ ]]; then fuzztime="${fuzztime}s"; fi

# `go test -list` prints a package's matching names, then its "ok <pkg>" line.
list=$(go test -list '^Fuzz' ./...)
targets=$(awk '/^Fuzz/ { names[n++] = $1; next }
               /^ok /  { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }' <<<"$list")
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
summary=()
while read -r pkg name; do
	echo "=== $name ($pkg), $fuzztime"
	start=$SECONDS
	# A short minimization: with the default (60 s) a run spends most of
	# its time minimizing each new interesting input instead of fuzzing.
	# Go 1.26's fuzzing coordinator can fail a run with a bare "context
	# deadline exceeded" when -fuzztime expires while a worker is busy
	# (golang/go#75804, fixed in Go 1.27): no input failed, none is written.
	# Such a run, and only such a run, is tried once more.
	status=FAILED
	for attempt in 1 2; do
		if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" 2>&1 | tee "$log"; then
			status=ok
			break
		fi
		if ! grep -q 'context deadline exceeded' "$log" || grep -qE 'Failing input written to|panic:|_test\.go:[0-9]+:' "$log"; then
			break
		fi
		echo "=== $name: the run ended on Go's fuzztime deadline race with no failing input; trying once more"
	done
	[ "$status" = ok ] || failed+=("$pkg $name")
	secs=$((SECONDS - start))
	# The last progress line: "fuzz: elapsed: 20s, execs: 123456 (6172/sec), new interesting: 3 (total: 140)".
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
	interesting=$(grep -o 'new interesting: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
	summary+=("$(printf '%-6s %-14s %6ss %10s execs %7s execs/s %4s new interesting' \
		"$status" "$name" "$secs" "${execs:-0}" "$(( ${execs:-0} / (secs > 0 ? secs : 1) ))" "${interesting:-0}")")
done <<<"$targets"

echo
echo "=== fuzz summary ($fuzztime per target)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
	echo
	echo "fuzz.sh: crashers found by: ${failed[*]}" >&2
	echo "fuzz.sh: see the 'Failing input written to' lines above; commit each testdata/fuzz file as a regression seed and fix the cause" >&2
	exit 1
fi
