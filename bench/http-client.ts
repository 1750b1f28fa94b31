import { Agent, request } from 'node:http';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

/**
 * A thin JSON client over node:http with a keep-alive pool. fetch() costs noticeably more CPU per
 * request, and on a small machine the client shares cores with the system under test, so the
 * lighter client keeps the measurement from being about the load generator.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    private readonly token?: string,
    maxSockets = 256,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    // Idle sockets are dropped after 4 s, before Node's server closes them at 5 s (keepAliveTimeout):
    // otherwise a request can race the server's close on a reused socket and fail with "socket hang up".
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4000 });
  }

  get<T = unknown>(path: string, timeoutMs = 60_000): Promise<HttpResult<T>> {
    return this.send<T>('GET', path, undefined, {}, timeoutMs);
  }

  post<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<HttpResult<T>> {
    return this.send<T>('POST', path, body, headers, timeoutMs);
  }

  close(): void {
    this.agent.destroy();
  }

  private send<T>(method: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<HttpResult<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (an HTML error page, say): keep the text for the error report.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, ms });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
