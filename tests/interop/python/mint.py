"""Interop: mint a LiveKit access token with the official Python SDK
(PyPI livekit-api, versions pinned in requirements.txt).

How to run (after `bash tests/interop/setup.sh`):
    LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
        target/interop/venv/bin/python tests/interop/python/mint.py < spec.json

stdin : a spec JSON (see tests/interop/README.md); stdout: the JWT, one line.
Exit codes: 0 ok; 1 the SDK refused (one-line error on stderr);
            2 bad spec / usage; 3 "UNSUPPORTED: <field>" on stderr when the SDK
            has no API for a spec field.

Spec keys are camelCase wire names; they are mapped to the SDK's snake_case
dataclass fields (VideoGrants, SIPGrants, AgentGrants, ...). Note that
VideoGrants has `can_publish`, `can_subscribe`, `can_publish_data` defaulting
to True, so the SDK always writes them (True unless the spec says false).
"""

import dataclasses
import datetime
import json
import re
import sys
import warnings

from google.protobuf.json_format import ParseDict
from livekit import api

# PyJWT >= 2.10 warns (InsecureKeyLengthWarning, on stderr) when the HMAC secret
# is shorter than 32 bytes; it still signs/verifies. Silenced so that stderr
# carries only our one-line result. Use secrets of >= 32 bytes anyway.
warnings.filterwarnings("ignore", message=".*HMAC key.*")
from livekit.protocol.room import RoomConfiguration

SPEC_KEYS = {
    "identity", "name", "ttl", "metadata", "attributes", "kind", "video", "sip",
    "agent", "inference", "observability", "roomConfig", "roomPreset", "sha256",
    "kindDetails", "agentEndpoint", "agentThread",
}


class Unsupported(Exception):
    pass


class BadSpec(Exception):
    pass


def camel_to_snake(s: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", s).lower()


def check_object(v, field: str) -> dict:
    if not isinstance(v, dict):
        raise BadSpec(f"{field} must be an object")
    return v


def grant(cls, obj, field: str):
    """Build the SDK dataclass `cls` from a camelCase wire object; a key with no
    matching dataclass field is UNSUPPORTED."""
    fields = {f.name for f in dataclasses.fields(cls)}
    kwargs = {}
    for k, v in check_object(obj, field).items():
        snake = camel_to_snake(k)
        if snake not in fields:
            raise Unsupported(f"{field}.{k}")
        kwargs[snake] = v
    return cls(**kwargs)


def mint(spec) -> str:
    check_object(spec, "spec")
    for k in spec:
        if k not in SPEC_KEYS:
            raise BadSpec(f"unknown spec key {json.dumps(k)}")
    ttl = spec.get("ttl")
    if not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0:
        raise BadSpec("ttl must be a positive integer (seconds)")

    # Build every grant first so UNSUPPORTED is reported before anything else.
    video = grant(api.VideoGrants, spec["video"], "video") if "video" in spec else None
    sip = grant(api.SIPGrants, spec["sip"], "sip") if "sip" in spec else None
    # Claims (1.2.2) has no kind_details field.
    if "kindDetails" in spec:
        raise Unsupported("kindDetails")

    def optional_grant(key, class_name):
        if key not in spec:
            return None
        cls = getattr(api, class_name, None)
        if cls is None:
            raise Unsupported(key)
        return grant(cls, spec[key], key)

    agent = optional_grant("agent", "AgentGrants")
    agent_endpoint = optional_grant("agentEndpoint", "AgentEndpointGrants")
    agent_thread = optional_grant("agentThread", "AgentThreadGrants")
    inference = (
        grant(api.InferenceGrants, spec["inference"], "inference") if "inference" in spec else None
    )
    observability = (
        grant(api.ObservabilityGrants, spec["observability"], "observability")
        if "observability" in spec
        else None
    )

    # Credentials: AccessToken falls back to LIVEKIT_API_KEY / LIVEKIT_API_SECRET.
    at = api.AccessToken().with_ttl(datetime.timedelta(seconds=ttl))
    if "identity" in spec:
        at.with_identity(spec["identity"])
    if "name" in spec:
        at.with_name(spec["name"])
    if "metadata" in spec:
        at.with_metadata(spec["metadata"])
    if "attributes" in spec:
        at.with_attributes(check_object(spec["attributes"], "attributes"))
    if "kind" in spec:
        # Typed Literal["standard","egress","ingress","sip","agent"], not checked at run time.
        at.with_kind(spec["kind"])
    if video is not None:
        at.with_grants(video)
    if sip is not None:
        at.with_sip_grants(sip)
    if agent is not None:
        at.with_agent_grants(agent)
    if agent_endpoint is not None:
        at.with_agent_endpoint_grants(agent_endpoint)
    if agent_thread is not None:
        at.with_agent_thread_grants(agent_thread)
    if inference is not None:
        at.with_inference_grants(inference)
    if observability is not None:
        at.with_observability_grants(observability)
    if "roomConfig" in spec:
        at.with_room_config(
            ParseDict(check_object(spec["roomConfig"], "roomConfig"), RoomConfiguration())
        )
    if "roomPreset" in spec:
        at.with_room_preset(spec["roomPreset"])
    if "sha256" in spec:
        at.with_sha256(spec["sha256"])
    return at.to_jwt()


def one_line(e: BaseException) -> str:
    msg = str(e) or type(e).__name__
    return " ".join(msg.split())


def main() -> int:
    if len(sys.argv) > 1:
        print("usage: mint.py < spec.json", file=sys.stderr)
        return 2
    try:
        spec = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    except ValueError as e:
        print(f"error: spec is not valid JSON: {one_line(e)}", file=sys.stderr)
        return 2
    try:
        token = mint(spec)
    except Unsupported as e:
        print(f"UNSUPPORTED: {e}", file=sys.stderr)
        return 3
    except BadSpec as e:
        print(f"error: bad spec: {one_line(e)}", file=sys.stderr)
        return 2
    except Exception as e:  # the SDK (or protobuf) refused
        print(f"error: {type(e).__name__}: {one_line(e)}", file=sys.stderr)
        return 1
    sys.stdout.write(token + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
