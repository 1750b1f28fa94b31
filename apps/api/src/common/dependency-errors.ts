import { ApiProperty, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { isTemporalUnavailable } from '../../../../libs/temporal/src';

export type Dependency = 'temporal' | 'database';

/** Seconds a client waits before retrying; a Temporal or PostgreSQL restart takes a few. */
export const RETRY_AFTER_SECONDS = 5;

const NAMES: Record<Dependency, string> = { temporal: 'Temporal', database: 'PostgreSQL' };

/** Network failures of the pool's socket (Node's codes), and pg-pool's own when no connection comes. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const POOL_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable/i;
/**
 * SQLSTATEs of a server that cannot take work now: class 08 (connection exception), shutting down
 * or starting (57P01–57P03), too many connections (53300). A query's own errors are not outages.
 */
const SQLSTATE_DOWN = /^(08...|57P0[123]|53300)$/;

/** PostgreSQL is unreachable or refusing connections; TypeORM keeps the driver's error as `driverError`. */
function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { code, driverError } = e as Error & { code?: unknown; driverError?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE_DOWN.test(code))) return true;
    if (POOL_MESSAGES.test(e.message)) return true;
    e = driverError ?? e.cause;
  }
  return false;
}

/**
 * Which dependency an error says is down, if any: the one place that decides a 503. Temporal
 * first: its gRPC errors carry numeric codes, so they never match the database's string codes.
 */
export function unavailableDependency(err: unknown): Dependency | undefined {
  if (isTemporalUnavailable(err)) return 'temporal';
  if (isDatabaseUnavailable(err)) return 'database';
  return undefined;
}

/** The 503 body, also its OpenAPI schema. */
export class UnavailableBody {
  @ApiProperty({ enum: [503] }) statusCode!: 503;
  @ApiProperty({ enum: ['Service Unavailable'] }) error!: 'Service Unavailable';
  @ApiProperty() message!: string;
  @ApiProperty({ enum: ['temporal', 'database'] }) dependency!: Dependency;
}

export function unavailableBody(dependency: Dependency): UnavailableBody {
  return {
    statusCode: 503,
    error: 'Service Unavailable',
    message: `${NAMES[dependency]} is unavailable or did not answer in time; retry in ${RETRY_AFTER_SECONDS} s`,
    dependency,
  };
}

/** OpenAPI: the 503 a route meets while Temporal or PostgreSQL is down, with its Retry-After. */
export const ApiDependencyUnavailable = (): MethodDecorator & ClassDecorator =>
  ApiServiceUnavailableResponse({
    description:
      'Temporal (writes that start or change a dossier or roll a calendar change out) or PostgreSQL is unavailable or did not answer in time. ' +
      'Retry after `Retry-After` seconds. A registration retried with the same Idempotency-Key returns the same dossier (registered once); ' +
      'a command whose Update reached the workflow before the answer was lost may already be applied, and its retry then answers 409.',
    headers: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: RETRY_AFTER_SECONDS } } },
    type: UnavailableBody,
  });
