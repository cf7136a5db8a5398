// Interop: receive a webhook with the official Node SDK's WebhookReceiver.
//
// How to run (after `bash tests/interop/setup.sh`, which copies this file next to
// node_modules):
//   LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... node target/interop/node/webhook.mjs < input.json
// stdin : {"body": "<the exact body text>", "auth": "<Authorization header value>"}
// stdout: the event the SDK returns, as JSON.
// Exit codes: 0 accepted; 1 rejected (one-line error on stderr); 2 usage.
import { WebhookReceiver } from 'livekit-server-sdk';

async function main() {
  const key = process.env.LIVEKIT_API_KEY;
  const secret = process.env.LIVEKIT_API_SECRET;
  if (!key || !secret) {
    process.stderr.write('LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set\n');
    return 2;
  }
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { body, auth } = JSON.parse(input);
  try {
    const event = await new WebhookReceiver(key, secret).receive(body, auth);
    process.stdout.write(JSON.stringify(event) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(String(e && e.message !== undefined ? e.message : e).replace(/\s+/g, ' ') + '\n');
    return 1;
  }
}

process.exitCode = await main();
