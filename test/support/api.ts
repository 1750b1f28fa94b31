import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/bootstrap';
import type { AppConfig } from '../../libs/config/src';
import { parseSseBlocks } from '../../libs/contracts/src/sse';

/** The real API (same bootstrap as production) listening on a free loopback port. */
export async function startApi(config: AppConfig): Promise<{ app: INestApplication; url: string }> {
  const app = await createApi(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export interface SseClient {
  events: { type: string; data: unknown; id?: string; receivedAt: number }[];
  close(): void;
}

/**
 * A minimal SSE reader over fetch (the web app's block parser): collects every event it receives.
 * `lastEventId` reconnects as a browser does, asking for what came after that event.
 */
export async function openSse(url: string, token?: string, opts: { lastEventId?: string } = {}): Promise<SseClient> {
  const controller = new AbortController();
  const headers = { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) };
  const res = await fetch(url, { signal: controller.signal, headers });
  if (!res.ok || !res.body) throw new Error(`SSE ${url} answered ${res.status}`);
  const events: SseClient['events'] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const parsed = parseSseBlocks(buffer + decoder.decode(value, { stream: true }));
        buffer = parsed.rest;
        for (const e of parsed.events) events.push({ type: e.type, data: JSON.parse(e.data), ...(e.id !== undefined && { id: e.id }), receivedAt: Date.now() });
      }
    } catch {
      // aborted by close()
    }
  })();
  return { events, close: () => controller.abort() };
}
