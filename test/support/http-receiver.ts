import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver took: its headers, the raw body as sent and the body parsed as JSON. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: Record<string, unknown>;
}

/** What the receiver answers a request: a status, or `hang` (no answer until `release()`). */
export type Answer = number | 'hang';

/**
 * A local HTTP receiver on 127.0.0.1 (a webhook subscriber, a fake SMS provider): it records each
 * POST and answers what `answer` says. `answer` may be changed between requests (a receiver that
 * is fixed). `waitFor` waits for a condition on the requests so far.
 */
export async function startReceiver(answer: (r: Received, index: number) => Answer = () => 200) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const waiters = new Set<() => void>();
  const state = { answer };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        // Not JSON: kept raw.
      }
      const r = { headers: req.headers, raw, json };
      received.push(r);
      const a = state.answer(r, received.length - 1);
      if (a === 'hang') hanging.push(res);
      else res.writeHead(a, { 'content-type': 'text/plain' }).end(a < 300 ? 'ok' : 'no');
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Requests held open by `hang` so far (answered by `release`). */
    hanging: () => hanging.filter((res) => !res.writableEnded).length,
    setAnswer(next: (r: Received, index: number) => Answer) {
      state.answer = next;
    },
    /** Answers every held request with `status`. */
    release(status = 200) {
      for (const res of hanging.splice(0)) if (!res.writableEnded) res.writeHead(status).end();
    },
    /** Resolves with the first request matching `match` (already received or to come); fails after `timeoutMs`. */
    waitFor(match: (r: Received) => boolean, what: string, timeoutMs = 60_000): Promise<Received> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what} (received ${received.length} requests)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      this.release(503);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
