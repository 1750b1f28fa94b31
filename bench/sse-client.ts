import { request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { parseSseBlocks } from '../libs/contracts/src/sse';
import { wallNow } from './procedures';

export interface SseEvent {
  type: string;
  data: unknown;
  /** Wall-clock ms at which the event was parsed here: the "delivered" instant. */
  receivedAt: number;
  /** The event's `id:`, when it has one. */
  id?: string;
}

export interface SseStream {
  events: SseEvent[];
  /** The response's headers (e.g. which API process holds the stream). */
  headers: IncomingHttpHeaders;
  /** Settles when the stream is over: the server ended it, the connection broke, or close() was called. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Connects to an SSE endpoint and collects every event; resolves once the server answered 200.
 * `lastEventId` reconnects as a browser does, asking for what came after that event.
 */
export function openSseStream(url: string, token?: string, opts: { lastEventId?: string } = {}): Promise<SseStream> {
  const u = new URL(url);
  const events: SseEvent[] = [];
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) } },
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
          const parsed = parseSseBlocks(buffer + chunk);
          buffer = parsed.rest;
          for (const { type, data, id } of parsed.events) events.push({ type, data: JSON.parse(data) as unknown, receivedAt: at, ...(id !== undefined && { id }) });
        });
        res.on('error', () => undefined); // closing the stream aborts it; nothing to report
        const ended = new Promise<void>((done) => res.once('close', () => done()));
        resolve({ events, headers: res.headers, ended, close: () => req.destroy() });
      },
    );
    req.on('error', (err) => reject(err));
    req.end();
  });
}
