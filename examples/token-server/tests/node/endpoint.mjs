// Fetches a token from a standard token endpoint with livekit-client's own
// TokenSource.endpoint, as a web or Node app does, and prints one JSON line:
//   {"ok": {"serverUrl", "participantToken", "roomConfig"}}  or  {"error": "<message>"}
// where roomConfig is the token's roomConfig as the client SDK reads it
// (decodeTokenPayload, protobuf-es RoomConfiguration.fromJson).
//
// Usage: node endpoint.mjs <url> <bearer secret or ""> '<TokenSourceFetchOptions JSON>'
import { TokenSource, decodeTokenPayload } from 'livekit-client';

const [url, secret, optionsJson] = process.argv.slice(2);
const headers = secret ? { Authorization: `Bearer ${secret}` } : {};
try {
  const source = TokenSource.endpoint(url, { headers });
  const response = await source.fetch(JSON.parse(optionsJson));
  const payload = decodeTokenPayload(response.participantToken);
  const roomConfig = payload.roomConfig ? payload.roomConfig.toJson() : null;
  console.log(JSON.stringify({ ok: { ...response, roomConfig } }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
}
