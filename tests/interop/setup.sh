#!/usr/bin/env bash
# Installs the official LiveKit server SDKs used by the interop tests into
# <repo>/target/interop/ (never into the source tree):
#
#   target/interop/node/   package.json + package-lock.json + node_modules
#                          (livekit-server-sdk), plus copies of mint.mjs and
#                          verify.mjs so that ESM resolves node_modules next to them
#   target/interop/venv/   Python venv with tests/interop/python/requirements.txt
#
# Idempotent: each install is skipped when its stamp file holds the hash of the
# current lock/requirements file (and the interpreter version), so a second run
# is offline. The .mjs copies are refreshed on every run. The Node half is
# npm-install.sh, shared with the token-server example.
#
# If tests/interop/node/package-lock.json does not exist yet, `npm install`
# generates it and it is copied back into tests/interop/node/ (commit it).
#
# Env: PYTHON (default python3); NODE and NPM as npm-install.sh reads them.
# Output: one line per SDK: "<package> <version>".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/target/interop"
PYTHON="${PYTHON:-python3}"

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

die() { echo "setup.sh: $*" >&2; exit 1; }
command -v "$PYTHON" >/dev/null || die "$PYTHON not found"

# ---------------------------------------------------------------- Node SDK
bash "$here/npm-install.sh" "$here/node" "$out/node" livekit-server-sdk \
  mint.mjs verify.mjs webhook.mjs

# -------------------------------------------------------------- Python SDK
req="$here/python/requirements.txt"
venv="$out/venv"
py_stamp="$venv/.stamp"
py_ver="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
py_want="$(hash_of "$req") python=$py_ver"
if [[ -f "$py_stamp" && -x "$venv/bin/python" && "$(cat "$py_stamp")" == "$py_want" ]]; then
  : # up to date, offline
else
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-input -r "$req" >&2
  echo "$py_want" > "$py_stamp"
fi

py_sdk_ver="$("$venv/bin/python" -c \
  'import importlib.metadata as m; print(m.version("livekit-api"), m.version("livekit-protocol"))')"
read -r lk_api_ver lk_proto_ver <<<"$py_sdk_ver"
echo "livekit-api $lk_api_ver (livekit-protocol $lk_proto_ver, python $py_ver)"
