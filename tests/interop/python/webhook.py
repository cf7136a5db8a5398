"""Interop: receive a webhook with the official Python SDK's WebhookReceiver.

How to run (after `bash tests/interop/setup.sh`):
    LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
        target/interop/venv/bin/python tests/interop/python/webhook.py < input.json
stdin : {"body": "<the exact body text>", "auth": "<Authorization header value>"}
stdout: the event the SDK returns, as protojson.
Exit codes: 0 accepted; 1 rejected (one-line error on stderr); 2 usage.
"""

import json
import os
import sys
import warnings

from google.protobuf.json_format import MessageToJson
from livekit import api

warnings.filterwarnings("ignore", message=".*HMAC key.*")


def main() -> int:
    key = os.environ.get("LIVEKIT_API_KEY")
    secret = os.environ.get("LIVEKIT_API_SECRET")
    if not key or not secret:
        print("LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set", file=sys.stderr)
        return 2
    data = json.loads(sys.stdin.read())
    try:
        receiver = api.WebhookReceiver(api.TokenVerifier(key, secret))
        event = receiver.receive(data["body"], data["auth"])
    except Exception as e:  # the SDK raises plain Exception on a hash mismatch
        print(" ".join((str(e) or type(e).__name__).split()), file=sys.stderr)
        return 1
    print(MessageToJson(event, indent=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
