// The official Node SDK on the benchmark token (issue 5's reference rows): ns per mint
// and per verify, after a warm-up. Run by benches/sdk_reference.sh from target/interop/node.
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';

const key = 'APIbench';
const secret = 'bench-secret-0123456789abcdef0123456789';
const mint = () => {
  const at = new AccessToken(key, secret, { identity: 'user-123', name: 'John Doe', ttl: 3600 });
  at.addGrant({ roomJoin: true, room: 'my-room', canPublish: true, canSubscribe: true });
  return at.toJwt();
};
const verifier = new TokenVerifier(key, secret);
const jwt = await mint();
const time = async (n, op) => {
  for (let i = 0; i < n / 10; i++) await op();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op();
  return Number(process.hrtime.bigint() - start) / n;
};
const mintNs = await time(20000, mint);
const verifyNs = await time(20000, () => verifier.verify(jwt));
console.log(`| mint, official Node SDK | ${mintNs.toFixed(0)} |`);
console.log(`| verify, official Node SDK | ${verifyNs.toFixed(0)} |`);
