import { execFileSync } from 'node:child_process';
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A browser's push service and the browser itself, on 127.0.0.1, for testing the server's Web Push
 * delivery end to end: an HTTPS endpoint (a push service only speaks HTTPS; its certificate is made
 * here with openssl and trusted through `ca`) that receives pushes, checks their VAPID authorization
 * (RFC 8292) and decrypts them with a subscription's private key as a browser does (RFC 8291,
 * aes128gcm of RFC 8188), all with node:crypto alone, independent of the `web-push` package under test.
 */
export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** the decrypted payload (UTF-8), or the reason it could not be decrypted */
  plaintext?: string;
  decryptError?: string;
  /** the JWT claims, once its ES256 signature verified with the `k` of the header */
  vapid?: { aud: string; exp: number; sub: string; publicKey: string };
  vapidError?: string;
  /** the encrypted body's size */
  bytes: number;
  /** the status the endpoint answered */
  status: number;
}

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface WebPushEndpoint {
  origin: string;
  /** the endpoint's certificate (PEM), for an https.Agent's `ca` */
  ca: string;
  received: ReceivedPush[];
  /** A new browser: a P-256 key pair and auth secret of its own; `answer` decides each push's status in turn (default 201). */
  subscribe(name: string, answer?: (n: number) => number): TestSubscription;
  close(): Promise<void>;
}

interface Browser {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  answer: (n: number) => number;
  count: number;
}

export async function startWebPushEndpoint(): Promise<WebPushEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'push-endpoint-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });

  const browsers = new Map<string, Browser>();
  const received: ReceivedPush[] = [];
  const server: Server = createServer({ key, cert: ca }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const browser = browsers.get(path);
      const body = Buffer.concat(chunks);
      const push: ReceivedPush = { path, headers: req.headers, bytes: body.length, status: 404 };
      if (browser) {
        push.status = browser.answer(browser.count++);
        try {
          push.vapid = verifyVapid(String(req.headers.authorization ?? ''));
        } catch (err) {
          push.vapidError = (err as Error).message;
        }
        try {
          push.plaintext = decrypt(body, browser.ecdh, browser.auth).toString('utf8');
        } catch (err) {
          push.decryptError = (err as Error).message;
        }
      }
      received.push(push);
      res.writeHead(push.status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca,
    received,
    subscribe(name, answer = () => 201) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${name}-${randomBytes(8).toString('hex')}`;
      browsers.set(path, { ecdh, auth, answer, count: 0 });
      return { endpoint: `${origin}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * RFC 8291 §3.4 key derivation and RFC 8188 decryption of a single-record aes128gcm body:
 * salt(16) | rs(4) | idlen(1) | keyid = the sender's ephemeral public key | record.
 */
export function decrypt(body: Buffer, ua: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid is ${idlen} bytes, not a 65-byte P-256 public key`);
  if (record.length > rs) throw new Error(`${record.length} bytes exceed one record of ${rs}: not a single-record message`);
  const ecdhSecret = ua.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding (RFC 8188 §2).
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error(`record delimiter is ${padded[end]}, not 2 (the last record)`);
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<JWT ES256>, k=<public key>`; the signature must verify with k. */
export function verifyVapid(authorization: string): { aud: string; exp: number; sub: string; publicKey: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a vapid authorization: ${authorization.slice(0, 40)}`);
  const [, jwt, k] = m;
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; typ?: string };
  if (header.alg !== 'ES256') throw new Error(`alg ${header.alg}`);
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) throw new Error('the JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  return { ...claims, publicKey: k };
}
