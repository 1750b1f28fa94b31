import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/bootstrap';
import type { AppConfig } from '../../libs/config/src';

/** The real API (same bootstrap as production) listening on a free loopback port. */
export async function startApi(config: AppConfig): Promise<{ app: INestApplication; url: string }> {
  const app = await createApi(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export interface SseClient {
  events: { type: string; data: unknown; receivedAt: number }[];
  close(): void;
}

/** A minimal SSE reader over fetch: collects every `event:`/`data:` pair it receives. */
export async function openSse(url: string, token?: string): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
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
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) events.push({ type, data: JSON.parse(data), receivedAt: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { events, close: () => controller.abort() };
}
