#!/usr/bin/env bash
# Installs livekit-client (pinned by package-lock.json next to this script) into
# <repo>/target/token-server-node/, with a copy of endpoint.mjs, through the interop tests'
# npm-install.sh (idempotent, offline once installed). Prints
# "livekit-client <version> (node <version>)". Env: NODE (default node), NPM (default npm).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
exec bash "$root/tests/interop/npm-install.sh" "$here" "$root/target/token-server-node" \
  livekit-client endpoint.mjs
