#!/usr/bin/env bash
# Installs the npm packages pinned in <src>/package.json and <src>/package-lock.json into
# <out>/node_modules (never into the source tree) and copies the given scripts from <src>
# next to them, so that ESM resolves node_modules. Idempotent: the install is skipped while
# <out>/.stamp holds the hash of package.json, the lock file and the Node version, so a
# second run is offline; the scripts are refreshed on every run.
#
# Without <src>/package-lock.json, `npm install` generates it and it is copied back
# (commit it). Shared by the interop tests and the token-server example's client test.
#
#   npm-install.sh <src> <out> <package to report> [script ...]
#
# Env: NODE (default node), NPM (default npm).
# Output: "<package> <version> (node <version>)".
set -euo pipefail

[[ $# -ge 3 ]] || { echo "usage: npm-install.sh <src> <out> <package> [script ...]" >&2; exit 2; }
src="$1" out="$2" package="$3"
shift 3
NODE="${NODE:-node}"
NPM="${NPM:-npm}"

die() { echo "npm-install.sh: $*" >&2; exit 1; }
command -v "$NODE" >/dev/null || die "node not found (Node 20 or newer is needed)"
command -v "$NPM" >/dev/null || die "npm not found"

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
mkdir -p "$out"
node_ver="$("$NODE" --version)"
stamp="$out/.stamp"
want=""
if [[ -f "$src/package-lock.json" ]]; then
  want="$(hash_of "$src/package.json" "$src/package-lock.json") node=$node_ver"
fi
if [[ -n "$want" && -f "$stamp" && -d "$out/node_modules/$package" \
      && "$(cat "$stamp")" == "$want" ]]; then
  : # up to date, offline
else
  rm -f "$stamp"
  cp "$src/package.json" "$out/package.json"
  if [[ -f "$src/package-lock.json" ]]; then
    cp "$src/package-lock.json" "$out/package-lock.json"
    (cd "$out" && "$NPM" ci --no-audit --no-fund --loglevel=error >&2)
  else
    rm -f "$out/package-lock.json"
    (cd "$out" && "$NPM" install --no-audit --no-fund --loglevel=error >&2)
    cp "$out/package-lock.json" "$src/package-lock.json"
    echo "npm-install.sh: generated $src/package-lock.json (commit it)" >&2
  fi
  echo "$(hash_of "$src/package.json" "$src/package-lock.json") node=$node_ver" > "$stamp"
fi
for script in "$@"; do
  cp "$src/$script" "$out/"
done

version="$("$NODE" -e 'console.log(require(process.argv[1]).version)' \
  "$out/node_modules/$package/package.json")"
echo "$package $version (node $node_ver)"
