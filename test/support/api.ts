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

/** The tests' SSE client is the bench's (one parser, the web app's). */
export { openSseStream as openSse, type SseStream as SseClient } from '../../bench/sse-client';
