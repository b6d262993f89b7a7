#!/usr/bin/env bash
# Prepares Wine to run certlint.exe and the Windows test helpers on Linux.
# Idempotent: run it as often as you like; a second run only checks.
#
#   1. installs Debian's wine64 and gcc-mingw-w64-x86-64 when absent (as root,
#      unless CERTLINT_WINE_NO_INSTALL=1);
#   2. creates the Wine prefix ($CERTLINT_WINEPREFIX, default
#      ${XDG_CACHE_HOME:-$HOME/.cache}/certlint/wineprefix);
#   3. builds the bcryptprimitives.dll stub from .ci/wine/ (Wine 8 lacks the
#      DLL, and every Go program needs its ProcessPrng at start-up) and puts
#      it in the prefix's system32.
#
# The last line of its output is the prefix path.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${CERTLINT_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/certlint/wineprefix}"

find_wine() {
	local c
	for c in "$(command -v wine64 || true)" /usr/lib/wine/wine64 /usr/lib64/wine/wine64 /opt/wine-stable/bin/wine64; do
		if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
	done
	return 1
}
find_wineserver() {
	local c
	for c in "$(command -v wineserver || true)" /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver /usr/lib64/wine/wineserver /opt/wine-stable/bin/wineserver; do
		if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
	done
	return 1
}
cc=x86_64-w64-mingw32-gcc
# The stub is rebuilt when its sources change (their hash is kept beside it).
dll="$prefix/drive_c/windows/system32/bcryptprimitives.dll"
stamp="$prefix/.bcryptprimitives.sha256"
sum=$(cat .ci/wine/bcryptprimitives.c .ci/wine/bcryptprimitives.def | sha256sum | cut -d' ' -f1)
build=0
if [ ! -f "$dll" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then build=1; fi

need=()
find_wine >/dev/null || need+=(wine64)
if [ $build = 1 ] && ! command -v "$cc" >/dev/null; then need+=(gcc-mingw-w64-x86-64); fi
if [ ${#need[@]} -gt 0 ]; then
	if [ "${CERTLINT_WINE_NO_INSTALL:-}" = 1 ] || [ "$(id -u)" -ne 0 ]; then
		echo "wine-setup: missing ${need[*]}; install them (apt-get install ${need[*]}) or run this script as root" >&2
		exit 1
	fi
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
fi
wine=$(find_wine)
wineserver=$(find_wineserver)

mkdir -p "$(dirname "$prefix")"
# One setup at a time per prefix (test packages run in parallel).
exec 9>"$prefix.lock"
flock 9

export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$prefix/system.reg" ]; then
	"$wine" wineboot -i </dev/null >/dev/null 2>&1 || true
	"$wineserver" -w
	[ -f "$prefix/system.reg" ] || { echo "wine-setup: wineboot did not create $prefix" >&2; exit 1; }
fi

if [ ! -f "$dll" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	"$cc" -shared -O2 -s -o "$tmp/bcryptprimitives.dll" .ci/wine/bcryptprimitives.c .ci/wine/bcryptprimitives.def -ladvapi32
	cp "$tmp/bcryptprimitives.dll" "$dll"
	echo "$sum" >"$stamp"
fi
echo "$prefix"
