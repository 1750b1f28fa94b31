import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface WaitForOptions {
  timeoutMs: number;
  intervalMs?: number;
  what: string;
  /** Lets a caller stop polling early, e.g. once the process being awaited has died. */
  signal?: AbortSignal;
}

/** Asks the OS for an unused TCP port by binding port 0 and releasing it again. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`Could not determine a free port on ${host}`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Tells whether something already listens on host:port (used to fail fast on port clashes). */
export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it resolves true. A throwing check counts as "not yet" so callers can
 * pass raw connection attempts; the last failure is quoted in the timeout error to save a
 * debugging round-trip.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  { timeoutMs, intervalMs = 250, what, signal }: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (signal?.aborted) throw new Error(`Stopped waiting for ${what}`);
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/**
 * A free port in [min, max]: for services that cannot take the OS's ephemeral ports (Temporal
 * stores membership ports in a PostgreSQL smallint, so they must stay below 32768).
 */
export async function freePortInRange(min: number, max: number, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (!(await isPortInUse(port, host))) return port;
  }
  throw new Error(`No free port found on ${host} between ${min} and ${max}`);
}

/** The lowest port the OS hands out to outgoing connections (Linux: ip_local_port_range), else 32768. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 21_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A free port below the OS's ephemeral range, for a server that is stopped and started again on
 * the same port (a cluster restarted on its data): an OS-chosen port lies in the range outgoing
 * connections take their local ports from, so while the server is down any connection on the
 * machine may take it and the restart finds it in use (seen with two test files at a time).
 */
export function freeRestartablePort(host = '127.0.0.1'): Promise<number> {
  return freePortInRange(20_000, ephemeralLow() - 1, host);
}
