#!/usr/bin/env bash
# Installs livekit-client (pinned by package-lock.json next to this script) into
# <repo>/target/token-server-node/, never into the source tree, with a copy of
# endpoint.mjs so that ESM resolves node_modules next to it. Idempotent: the install is
# skipped while the stamp holds the hash of package.json, the lock file and the Node
# version, so a second run is offline. Prints "livekit-client <version> (node <version>)".
#
# Without package-lock.json here, `npm install` generates it and it is copied back
# (commit it). Env: NODE (default node), NPM (default npm).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="$root/target/token-server-node"
NODE="${NODE:-node}"
NPM="${NPM:-npm}"

die() { echo "setup.sh: $*" >&2; exit 1; }
command -v "$NODE" >/dev/null || die "node not found (Node 20 or newer is needed)"
command -v "$NPM" >/dev/null || die "npm not found"

mkdir -p "$out"
node_ver="$("$NODE" --version)"
stamp="$out/.stamp"
want=""
if [[ -f "$here/package-lock.json" ]]; then
  want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1) node=$node_ver"
fi
if [[ -n "$want" && -f "$stamp" && -d "$out/node_modules/livekit-client" \
      && "$(cat "$stamp")" == "$want" ]]; then
  : # up to date, offline
else
  rm -f "$stamp"
  cp "$here/package.json" "$out/package.json"
  if [[ -f "$here/package-lock.json" ]]; then
    cp "$here/package-lock.json" "$out/package-lock.json"
    (cd "$out" && "$NPM" ci --no-audit --no-fund --loglevel=error >&2)
  else
    rm -f "$out/package-lock.json"
    (cd "$out" && "$NPM" install --no-audit --no-fund --loglevel=error >&2)
    cp "$out/package-lock.json" "$here/package-lock.json"
    echo "setup.sh: generated package-lock.json (commit it)" >&2
    want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1) node=$node_ver"
  fi
  echo "$want" > "$stamp"
fi
cp "$here/endpoint.mjs" "$out/"

client_ver="$("$NODE" -e 'console.log(require(process.argv[1]).version)' \
  "$out/node_modules/livekit-client/package.json")"
echo "livekit-client $client_ver (node $node_ver)"
