"""Interop: verify a LiveKit access token with the official Python SDK
(PyPI livekit-api, versions pinned in requirements.txt).

How to run (after `bash tests/interop/setup.sh`):
    LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
        target/interop/venv/bin/python tests/interop/python/verify.py [--raw] < token.jwt

stdin : a JWT (surrounding whitespace ignored).
stdout: without --raw, the `Claims` returned by
        `livekit.api.TokenVerifier(key, secret).verify(jwt)` turned back into
        wire (camelCase) keys with the SDK's own `Claims.asdict()` (which drops
        None and "" values and writes roomConfig with MessageToDict), with
        `identity` renamed to `sub`; canonical JSON (keys sorted, no
        whitespace, non-ASCII written as UTF-8).
        With --raw, after successful verification, the base64url-decoded
        payload exactly as it is in the token (the minter's key order).
Exit codes: 0 ok; 1 verification failed (one-line error on stderr); 2 usage.

What the Python verifier (livekit-api 1.2.2) does NOT return, so it is missing
from the non-raw output even when the token has it:
  - the registered claims `iss`, `exp`, `nbf` (Claims has no such fields);
    `sub` comes back as Claims.identity (and is dropped here when "");
  - any key that is not a Claims / grant dataclass field: e.g. `kindDetails`,
    unknown keys inside `video`, `sip`, `agent`, ...; unknown roomConfig fields;
  - empty strings: `name`, `metadata`, `kind`, `sha256`, `roomPreset`,
    `video.room` equal to "" are indistinguishable from absent.
And what it adds: `video`, `sip`, `inference`, `observability` are always
returned, filled with the dataclass defaults when the token lacks them
(video.canPublish/canSubscribe/canPublishData = true, sip.admin/call = false,
inference.perform = false, observability.write = false), and `attributes` is
`{}` when absent. (wire-format.md §7 describes 1.2.0, which also dropped
`kind` and `observability`; 1.2.2 returns both.)
"""

import base64
import json
import os
import sys
import warnings

from livekit import api

# PyJWT >= 2.10 warns (InsecureKeyLengthWarning, on stderr) when the HMAC secret
# is shorter than 32 bytes; it still signs/verifies. Silenced so that stderr
# carries only our one-line result. Use secrets of >= 32 bytes anyway.
warnings.filterwarnings("ignore", message=".*HMAC key.*")


def one_line(e: BaseException) -> str:
    msg = str(e) or type(e).__name__
    return " ".join(msg.split())


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def claims_to_wire(claims) -> dict:
    wire = claims.asdict()
    if "identity" in wire:
        wire["sub"] = wire.pop("identity")
    return wire


def main() -> int:
    args = sys.argv[1:]
    raw = "--raw" in args
    if any(a != "--raw" for a in args):
        print("usage: verify.py [--raw] < token.jwt", file=sys.stderr)
        return 2
    key = os.environ.get("LIVEKIT_API_KEY", "")
    secret = os.environ.get("LIVEKIT_API_SECRET", "")
    if not key or not secret:
        print("error: LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set", file=sys.stderr)
        return 2
    token = sys.stdin.buffer.read().decode("utf-8").strip()
    try:
        claims = api.TokenVerifier(key, secret).verify(token)
    except Exception as e:
        print(f"error: verification failed: {type(e).__name__}: {one_line(e)}", file=sys.stderr)
        return 1
    out = sys.stdout.buffer
    if raw:
        seg = token.split(".")[1]
        payload = base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4))
        out.write(payload + b"\n")
    else:
        out.write((canonical(claims_to_wire(claims)) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
