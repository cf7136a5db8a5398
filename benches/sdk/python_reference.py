"""The official Python SDK on the benchmark token (issue 5's reference rows): ns per mint
and per verify, after a warm-up. Run by benches/sdk_reference.sh in target/interop/venv."""
import datetime
import time

from livekit import api

KEY = "APIbench"
SECRET = "bench-secret-0123456789abcdef0123456789"


def mint():
    return (
        api.AccessToken(KEY, SECRET)
        .with_identity("user-123")
        .with_name("John Doe")
        .with_ttl(datetime.timedelta(seconds=3600))
        .with_grants(api.VideoGrants(room_join=True, room="my-room", can_publish=True, can_subscribe=True))
        .to_jwt()
    )


def ns_per_call(n, op):
    for _ in range(n // 10):
        op()
    start = time.perf_counter_ns()
    for _ in range(n):
        op()
    return (time.perf_counter_ns() - start) / n


verifier = api.TokenVerifier(KEY, SECRET)
jwt = mint()
print(f"| mint, official Python SDK | {ns_per_call(5000, mint):.0f} |")
print(f"| verify, official Python SDK | {ns_per_call(5000, lambda: verifier.verify(jwt)):.0f} |")
