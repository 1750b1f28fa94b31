import { request, type ClientRequest } from 'node:http';
import { wallNow } from './procedures';

export interface SseEvent {
  type: string;
  data: unknown;
  /** Wall-clock ms at which the event was parsed here: the "delivered" instant. */
  receivedAt: number;
}

export interface SseStream {
  events: SseEvent[];
  close(): void;
}

/** Connects to an SSE endpoint and collects every event; resolves once the server answered 200. */
export function openSseStream(url: string, token?: string): Promise<SseStream> {
  const u = new URL(url);
  const events: SseEvent[] = [];
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`SSE ${url} answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          // Stamp once per chunk: every event in it arrived at the same moment.
          const at = wallNow();
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const type = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(l.startsWith('data: ') ? 6 : 5))
              .join('\n');
            if (data) events.push({ type, data: JSON.parse(data) as unknown, receivedAt: at });
          }
        });
        res.on('error', () => undefined); // closing the stream aborts it; nothing to report
        resolve({ events, close: () => req.destroy() });
      },
    );
    req.on('error', (err) => reject(err));
    req.end();
  });
}
