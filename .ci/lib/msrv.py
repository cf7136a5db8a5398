"""Fails when Cargo.toml's rust-version is below a normal dependency's rust-version."""
import json
import subprocess
import sys

meta = json.loads(subprocess.run(
    ["cargo", "metadata", "--format-version", "1"], check=True, capture_output=True, text=True
).stdout)
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
pkgs = {p["id"]: p for p in meta["packages"]}
root = meta["resolve"]["root"]


def ver(s):
    parts = [int(x) for x in (s or "0").split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


seen, stack = set(), [root]
while stack:
    i = stack.pop()
    if i in seen:
        continue
    seen.add(i)
    for d in nodes[i]["deps"]:
        if any(k["kind"] is None for k in d["dep_kinds"]):
            stack.append(d["pkg"])
seen.discard(root)
ours = pkgs[root]["rust_version"]
worst = max(seen, key=lambda i: ver(pkgs[i].get("rust_version")))
name, need = pkgs[worst]["name"], pkgs[worst].get("rust_version")
if ver(need) > ver(ours):
    sys.exit(f"rust-version {ours} is below what {name} needs ({need})")
print(f"MSRV {ours}: no dependency needs more (highest: {name} {need})")
