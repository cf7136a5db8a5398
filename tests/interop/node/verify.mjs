// Interop: verify a LiveKit access token with the official Node SDK
// (npm livekit-server-sdk, version pinned in package.json).
//
// How to run: `bash tests/interop/setup.sh` copies this file next to the
// installed node_modules, then
//   LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... node target/interop/node/verify.mjs [--raw] < token.jwt
// (ESM ignores NODE_PATH, so the copy in target/interop/node/ is the one to run.)
//
// stdin : a JWT (surrounding whitespace ignored).
// stdout: without --raw, the claims returned by
//         `new TokenVerifier(key, secret).verify(jwt)` as canonical JSON
//         (keys sorted recursively, no whitespace, non-ASCII written as UTF-8).
//         The Node verifier returns the whole JWT payload (jose), including
//         iss/sub/nbf/exp and unknown keys. It uses the SDK's default clock
//         tolerance (10 s) and requires `exp`.
//         With --raw, after successful verification, the base64url-decoded
//         payload exactly as it is in the token (the minter's key order).
// Exit codes: 0 ok; 1 verification failed (one-line error on stderr); 2 usage.
import { TokenVerifier } from 'livekit-server-sdk';

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function oneLine(e) {
  return String(e && e.message !== undefined ? e.message : e).replace(/\s+/g, ' ').trim();
}

async function main() {
  const args = process.argv.slice(2);
  const raw = args.includes('--raw');
  if (args.some((a) => a !== '--raw')) {
    process.stderr.write('usage: node verify.mjs [--raw] < token.jwt\n');
    return 2;
  }
  const key = process.env.LIVEKIT_API_KEY ?? '';
  const secret = process.env.LIVEKIT_API_SECRET ?? '';
  if (!key || !secret) {
    process.stderr.write('error: LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set\n');
    return 2;
  }
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const jwt = Buffer.concat(chunks).toString('utf8').trim();
  let claims;
  try {
    claims = await new TokenVerifier(key, secret).verify(jwt);
  } catch (e) {
    process.stderr.write(`error: verification failed: ${oneLine(e)}\n`);
    return 1;
  }
  if (raw) {
    const payload = Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8');
    process.stdout.write(payload + '\n');
  } else {
    process.stdout.write(canonical(claims) + '\n');
  }
  return 0;
}

process.exitCode = await main();
