#!/usr/bin/env bash
# The official Node and Python SDKs on the benchmark token, on this machine: the Node and
# Python rows of BENCHMARKS.md (issue 5's reference table). Installs the SDKs the way the
# interop tests do (tests/interop/setup.sh, into target/interop/).
#
#   bash benches/sdk_reference.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/tests/interop/setup.sh" > /dev/null
cp "$root/benches/sdk/node_reference.mjs" "$root/target/interop/node/"
echo "| what | ns per token |"
echo "|---|---:|"
(cd "$root/target/interop/node" && node node_reference.mjs)
"$root/target/interop/venv/bin/python" "$root/benches/sdk/python_reference.py"
