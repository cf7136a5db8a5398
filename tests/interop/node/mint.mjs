// Interop: mint a LiveKit access token with the official Node SDK
// (npm livekit-server-sdk, version pinned in package.json).
//
// How to run: `bash tests/interop/setup.sh` copies this file next to the
// installed node_modules, then
//   LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... node target/interop/node/mint.mjs < spec.json
// (ESM ignores NODE_PATH, so the copy in target/interop/node/ is the one to run.)
//
// stdin : a spec JSON (see tests/interop/README.md), stdout: the JWT, one line.
// Exit codes: 0 ok; 1 the SDK refused (one-line error on stderr);
//             2 bad spec / usage; 3 "UNSUPPORTED: <field>" on stderr when the
//             SDK has no API for a spec field.
import { AccessToken, RoomConfiguration, TrackSource } from 'livekit-server-sdk';

class Unsupported extends Error {}
class BadSpec extends Error {}

// camelCase wire keys of `video` that the SDK's VideoGrant type has (grants.d.ts).
// The Node field names are the wire names, so no renaming is needed.
const VIDEO_KEYS = new Set([
  'roomCreate', 'roomJoin', 'roomList', 'roomRecord', 'roomAdmin', 'room',
  'ingressAdmin', 'canPublish', 'canPublishSources', 'canSubscribe',
  'canPublishData', 'canUpdateOwnMetadata', 'hidden', 'recorder', 'agent',
  'canSubscribeMetrics', 'canManageAgentSession', 'destinationRoom',
]);
const SIP_KEYS = new Set(['admin', 'call']); // SIPGrant
const INFERENCE_KEYS = new Set(['perform']); // InferenceGrant
const OBSERVABILITY_KEYS = new Set(['write']); // ObservabilityGrant
const SPEC_KEYS = new Set([
  'identity', 'name', 'ttl', 'metadata', 'attributes', 'kind', 'video', 'sip',
  'agent', 'inference', 'observability', 'roomConfig', 'roomPreset', 'sha256',
  'kindDetails', 'agentEndpoint', 'agentThread',
]);

function checkObject(v, field) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new BadSpec(`${field} must be an object`);
  }
  return v;
}

function checkKeys(obj, known, field) {
  for (const k of Object.keys(checkObject(obj, field))) {
    if (!known.has(k)) throw new Unsupported(`${field}.${k}`);
  }
  return obj;
}

function trackSource(s) {
  // The SDK's toJwt throws on TrackSource.UNKNOWN, which Go, Python and Rust write.
  if (s === 'unknown') throw new Unsupported('video.canPublishSources "unknown"');
  // 'camera' -> TrackSource.CAMERA, 'screen_share_audio' -> SCREEN_SHARE_AUDIO ...
  const v = typeof s === 'string' && /^[a-z_]+$/.test(s) ? TrackSource[s.toUpperCase()] : undefined;
  if (typeof v !== 'number') throw new BadSpec(`video.canPublishSources: unknown source ${JSON.stringify(s)}`);
  return v;
}

async function mint(spec) {
  checkObject(spec, 'spec');
  for (const k of Object.keys(spec)) {
    if (!SPEC_KEYS.has(k)) throw new BadSpec(`unknown spec key ${JSON.stringify(k)}`);
  }
  if (!Number.isInteger(spec.ttl) || spec.ttl <= 0) throw new BadSpec('ttl must be a positive integer (seconds)');
  // Fields the SDK has no API for are reported before anything else.
  // AccessToken (2.19.2) has no API for these (grants.d.ts, AccessToken.d.ts).
  for (const k of ['agent', 'agentEndpoint', 'agentThread', 'kindDetails']) {
    if (k in spec) throw new Unsupported(k);
  }
  if ('video' in spec) checkKeys(spec.video, VIDEO_KEYS, 'video');
  if ('sip' in spec) checkKeys(spec.sip, SIP_KEYS, 'sip');
  if ('inference' in spec) checkKeys(spec.inference, INFERENCE_KEYS, 'inference');
  if ('observability' in spec) checkKeys(spec.observability, OBSERVABILITY_KEYS, 'observability');

  // Credentials: the constructor falls back to LIVEKIT_API_KEY / LIVEKIT_API_SECRET.
  // A number ttl is turned into `${ttl}s` by the constructor.
  const at = new AccessToken(undefined, undefined, {
    ttl: spec.ttl,
    ...('identity' in spec ? { identity: spec.identity } : {}),
  });
  // Setters (not constructor options) so that "" is passed through as given.
  if ('name' in spec) at.name = spec.name;
  if ('metadata' in spec) at.metadata = spec.metadata;
  if ('attributes' in spec) at.attributes = checkObject(spec.attributes, 'attributes');
  if ('kind' in spec) at.kind = spec.kind; // free string in the Node SDK
  if ('video' in spec) {
    const grant = { ...spec.video };
    if ('canPublishSources' in grant) {
      if (!Array.isArray(grant.canPublishSources)) throw new BadSpec('video.canPublishSources must be an array');
      grant.canPublishSources = grant.canPublishSources.map(trackSource);
    }
    at.addGrant(grant);
  }
  if ('sip' in spec) at.addSIPGrant(spec.sip);
  if ('inference' in spec) at.addInferenceGrant(spec.inference);
  if ('observability' in spec) at.addObservabilityGrant(spec.observability);
  if ('roomConfig' in spec) at.roomConfig = RoomConfiguration.fromJson(checkObject(spec.roomConfig, 'roomConfig'));
  if ('roomPreset' in spec) at.roomPreset = spec.roomPreset;
  if ('sha256' in spec) at.sha256 = spec.sha256;
  return at.toJwt();
}

function oneLine(e) {
  return String(e && e.message !== undefined ? e.message : e).replace(/\s+/g, ' ').trim();
}

async function main() {
  if (process.argv.length > 2) {
    process.stderr.write('usage: node mint.mjs < spec.json\n');
    return 2;
  }
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  let spec;
  try {
    spec = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    process.stderr.write(`error: spec is not valid JSON: ${oneLine(e)}\n`);
    return 2;
  }
  try {
    const jwt = await mint(spec);
    process.stdout.write(jwt + '\n');
    return 0;
  } catch (e) {
    if (e instanceof Unsupported) {
      process.stderr.write(`UNSUPPORTED: ${e.message}\n`);
      return 3;
    }
    if (e instanceof BadSpec) {
      process.stderr.write(`error: bad spec: ${oneLine(e)}\n`);
      return 2;
    }
    process.stderr.write(`error: ${oneLine(e)}\n`);
    return 1;
  }
}

process.exitCode = await main();
