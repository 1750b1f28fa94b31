import { Client, isGrpcDeadlineError, isGrpcServiceError, QueryNotRegisteredError, QueryRejectedError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type ClientOptions } from '@temporalio/client';
import { google } from '@temporalio/proto';

/** gRPC status codes (a fixed part of the gRPC spec; @grpc/grpc-js is not our direct dependency). */
const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, UNAVAILABLE: 14 } as const;
/**
 * What says "Temporal cannot serve this now, try again": unreachable or refusing (UNAVAILABLE), no
 * answer in time (DEADLINE_EXCEEDED), overloaded or rate-limited (RESOURCE_EXHAUSTED, after the
 * SDK's own retries). Anything else (a bad request, a validator's refusal) is not an outage.
 */
const OUTAGE_CODES = new Set<number>([GRPC.DEADLINE_EXCEEDED, GRPC.RESOURCE_EXHAUSTED, GRPC.UNAVAILABLE]);

/** How long a liveness check of the Temporal frontend may take (readiness and the slow-call check). */
export const TEMPORAL_PING_TIMEOUT_MS = 2000;
/** A call still pending after this long has the connection checked, once a second, while it waits. */
const CHECK_AFTER_MS = 1000;
/** A workflow id nobody uses: describing it reaches a history shard, which answers NOT_FOUND when it is up. */
const PROBE_WORKFLOW_ID = '__dossier-flow-readiness-probe__';

/** A Temporal call failed because Temporal is down, unreachable or did not answer in time. */
export class TemporalUnavailableError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'TemporalUnavailableError';
  }
}

/**
 * The workflow could not take an Update now: the workflow task carrying it failed (its worker died
 * while holding it — the chaos run saw this after a worker SIGKILL). The Update was not applied, and
 * the same request succeeds once another worker has the workflow: an outage, not a refusal.
 * FAILED_PRECONDITION alone is not enough (it also means e.g. a closed workflow): the failure's
 * type is in the status details.
 */
function isWorkflowNotReady(e: { code: number; metadata: { get(key: string): unknown[] } }): boolean {
  if (e.code !== GRPC.FAILED_PRECONDITION) return false;
  const [details] = e.metadata.get('grpc-status-details-bin');
  if (!(details instanceof Uint8Array)) return false;
  try {
    return google.rpc.Status.decode(details).details.some((d) => d.type_url?.endsWith('/temporal.api.errordetails.v1.WorkflowNotReadyFailure'));
  } catch {
    return false;
  }
}

/** True for an outage of Temporal, wherever it sits in the cause chain (the SDK wraps gRPC errors). */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof TemporalUnavailableError) return true;
    // An Update's RPC ran out of time (or was cancelled: only our own connection check cancels).
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && (OUTAGE_CODES.has(e.code) || isWorkflowNotReady(e))) return true;
  }
  return false;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The API's Temporal client (the class is also the Nest injection token). Every call goes through
 * `call`, so none waits longer than the configured bound and an outage surfaces as one error type.
 */
export class TemporalClient extends Client {
  /** Calls pending for more than CHECK_AFTER_MS; one shared check runs while there are any. */
  private readonly slowCalls = new Set<AbortController>();
  private checking = false;

  constructor(
    options: ClientOptions,
    private readonly callTimeoutMs: number,
  ) {
    super(options);
  }

  /**
   * Runs `fn`'s Temporal requests under one deadline for the whole operation (the SDK's retries
   * and an Update's polls included). While it waits past CHECK_AFTER_MS Temporal is checked (the
   * readiness probe: frontend and a history shard); a dead or frozen server fails the check within
   * TEMPORAL_PING_TIMEOUT_MS and the call gives up
   * then, so an outage answers in ~3 s while a slow but healthy registration keeps its full bound.
   * Outages leave as TemporalUnavailableError; every other error unchanged.
   */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => this.watch(abort), CHECK_AFTER_MS);
    try {
      return await this.bounded(fn, this.callTimeoutMs, abort);
    } finally {
      clearTimeout(timer);
      this.slowCalls.delete(abort);
    }
  }

  /**
   * A workflow query, through `call`. A worker answers it, so it also fails while no worker can —
   * e.g. one killed in the middle of the run's workflow task (GET /api/tasks/reassign/:id answered
   * a 500 once in the bulk-reassign e2e right after its worker was killed). A failed query comes back
   * as INVALID_ARGUMENT, which the SDK names QueryNotRegisteredError whatever the reason, and the
   * server's other refusals as a ServiceError (mapping only QueryNotRegisteredError still let a 500
   * through in a later run). Our queries are registered when their workflow starts, so each of
   * those leaves as TemporalUnavailableError (a 503: retry) with the server's words; a workflow that
   * does not exist (WorkflowNotFoundError) and every other error as `call` leaves it.
   */
  async query<T>(fn: () => Promise<T>): Promise<T> {
    return this.call(fn).catch((err: unknown) => {
      if (err instanceof QueryNotRegisteredError || err instanceof QueryRejectedError || err instanceof ServiceError) {
        throw new TemporalUnavailableError(`no worker could answer the query now: ${message(err)}`, { cause: err });
      }
      throw err;
    });
  }

  /**
   * Readiness: the frontend answers and so does the history service behind it (describing a
   * workflow that does not exist goes to a history shard). A cluster whose history service died
   * still answers the ping, but no workflow can start or change there.
   */
  async checkReady(): Promise<void> {
    await this.bounded(async () => {
      await this.connection.workflowService.getSystemInfo({});
      await this.connection.workflowService
        .describeWorkflowExecution({ namespace: this.options.namespace, execution: { workflowId: PROBE_WORKFLOW_ID } })
        .catch((err: unknown) => {
          if (!(isGrpcServiceError(err) && err.code === GRPC.NOT_FOUND)) throw err;
        });
    }, TEMPORAL_PING_TIMEOUT_MS);
  }

  /**
   * `fn` under a gRPC deadline and an abort signal, settled by whichever comes first. The SDK's
   * retry interceptor sleeps between attempts (up to 5 s) and does not hear a cancellation, so
   * waiting for its promise could run past the deadline by a backoff: the answer is given at the
   * deadline or abort, and the abandoned request still ends at its gRPC deadline.
   */
  private async bounded<T>(fn: () => Promise<T>, timeoutMs: number, abort = new AbortController()): Promise<T> {
    const timer = setTimeout(() => abort.abort(new TemporalUnavailableError(`Temporal did not answer within ${timeoutMs} ms`)), timeoutMs);
    const work = this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.withAbortSignal(abort.signal, fn));
    const givenUp = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
    work.catch(() => undefined);
    givenUp.catch(() => undefined);
    try {
      return await Promise.race([work, givenUp]);
    } catch (err) {
      if (err instanceof TemporalUnavailableError) throw err;
      if (isGrpcDeadlineError(err)) throw new TemporalUnavailableError(`Temporal did not answer within ${timeoutMs} ms`, { cause: err });
      if (isTemporalUnavailable(err)) throw new TemporalUnavailableError(`Temporal is unavailable: ${message(err)}`, { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private watch(abort: AbortController): void {
    this.slowCalls.add(abort);
    if (!this.checking) void this.checkWhileSlow();
  }

  /** One ping at a time however many calls wait, so a burst of slow calls costs one request a second. */
  private async checkWhileSlow(): Promise<void> {
    this.checking = true;
    try {
      while (this.slowCalls.size > 0) {
        try {
          // The frontend only (cheap, load-independent): the readiness probe here gave a false 503
          // on a healthy cluster saturated on 2 cores (bench, 2026-12-02). A dead history service
          // behind a live frontend is then answered at the call's bound instead.
          await this.bounded(() => this.connection.workflowService.getSystemInfo({}), TEMPORAL_PING_TIMEOUT_MS);
        } catch (err) {
          const down = new TemporalUnavailableError(`Temporal is unavailable (connection check: ${message(err)})`, { cause: err });
          for (const call of this.slowCalls) call.abort(down);
          this.slowCalls.clear();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, CHECK_AFTER_MS).unref());
      }
    } finally {
      this.checking = false;
    }
  }
}
