#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the npm packages the API tests use (tests/api/package.json, pinned
# by its package-lock.json) into $BUILD/npm/node_modules, once: a stamp
# holding the lock file's hash skips the install while nothing changed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
dir=$build/npm
want=$(sha256sum "$top/tests/api/package-lock.json" | cut -d' ' -f1)
if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$want" ] &&
	[ -d "$dir/node_modules" ]; then
	exit 0
fi
command -v npm >/dev/null || {
	echo "npm-deps: npm is missing (scripts/install-deps.sh installs it)" >&2
	exit 1
}
mkdir -p "$dir"
cp "$top/tests/api/package.json" "$top/tests/api/package-lock.json" "$dir/"
echo "npm-deps: installing the API tests' npm packages into $dir" >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "$want" >"$dir/.stamp"
