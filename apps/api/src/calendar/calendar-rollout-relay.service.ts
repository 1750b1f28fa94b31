import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { listenTo, type PgListener } from '../../../../libs/db/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import type { calendarRolloutWorkflow } from '../../../../workflows/calendar-rollout.workflow';

/** NOTIFY channel of a new `calendar_rollouts` row (sent in the change's transaction: heard at commit). */
export const CALENDAR_ROLLOUT_CHANNEL = 'calendar_rollouts';
/** How long one start of a rollout may take (the change's answer waits for it, then says `pending`). */
const START_DEADLINE_MS = 3000;
/** Retry of pending rollouts while Temporal stays down: 1 s, doubling, at most this. */
const MAX_BACKOFF_MS = 15_000;

export const rolloutWorkflowId = (version: number) => `calendar-rollout-${version}`;

/**
 * Relays the calendar rollout outbox (`calendar_rollouts`, migration 1765497600000) to Temporal.
 * A calendar change inserts its row in its own transaction; right after the commit the API tries
 * to start the rollout (`relay`), and when Temporal is down the row stays pending. Every API
 * process relays the pending rows at start-up, when a row is inserted (NOTIFY, heard on one LISTEN
 * connection per process) and, while rows stay pending, again with a backoff: nothing polls an
 * empty outbox. Several processes may relay the same row: the workflow id is the change's version,
 * so the second start is refused as already started, and stamping `relayed_at` twice is harmless.
 */
@Injectable()
export class CalendarRolloutRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarRolloutRelay.name);
  private listener?: PgListener;
  private stopping = false;
  private running?: Promise<void>;
  private again = false;
  private retry?: NodeJS.Timeout;
  private backoffMs = 1000;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly temporal: TemporalClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The LISTEN comes first: a row inserted while the start-up sweep runs is not missed; rows
    // inserted while the connection was lost are relayed when it is back.
    this.listener = await listenTo(this.config.databaseUrl, CALENDAR_ROLLOUT_CHANNEL, {
      onNotify: () => this.wake(),
      onListening: () => this.wake(),
      onTrouble: (message) => this.logger.warn(message),
    });
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.listener?.close();
    await this.running;
  }

  /**
   * Starts the rollout of one change (idempotent) and marks its outbox row relayed. True when it
   * runs; false when Temporal could not be reached (the row stays pending and the relay retries).
   */
  async relay(version: number): Promise<boolean> {
    try {
      // Awaited to its end under its own deadline (not abandoned like TemporalClient.call's): the
      // SDK's retries of an unreachable Temporal end with it, so none outlives a shut-down API.
      await this.temporal.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.temporal.workflow.start<typeof calendarRolloutWorkflow>('calendarRolloutWorkflow', {
          workflowId: rolloutWorkflowId(version),
          taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
          args: [version],
          // A rollout that ran is not run again; one that failed or was terminated may be.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        const message = err instanceof Error ? err.message : String(err);
        await this.ds.query(`UPDATE calendar_rollouts SET attempts = attempts + 1, last_error = $2 WHERE version = $1 AND relayed_at IS NULL`, [version, message.slice(0, 500)]).catch(() => undefined);
        this.logger.warn({ version, err: message }, 'calendar rollout not started yet; it stays pending and is retried');
        this.scheduleRetry();
        return false;
      }
    }
    // Not stamped (PostgreSQL gone meanwhile): relayed again later, refused as already started.
    await this.ds.query(`UPDATE calendar_rollouts SET relayed_at = now(), attempts = attempts + 1, last_error = NULL WHERE version = $1 AND relayed_at IS NULL`, [version]).catch((err: Error) => {
      this.logger.warn({ version, err: err.message }, 'calendar rollout started but not stamped relayed');
      this.scheduleRetry();
    });
    return true;
  }

  /** Relays every pending row, oldest first; runs once at a time (a wake during a run runs it again). */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.relayPending().catch((err: Error) => {
          this.logger.warn({ err: err.message }, 'calendar rollout relay failed; retrying');
          this.scheduleRetry();
        });
      } while (this.again && !this.stopping);
    })().finally(() => (this.running = undefined));
  }

  private async relayPending(): Promise<void> {
    const rows: { version: number }[] = await this.ds.query(`SELECT version FROM calendar_rollouts WHERE relayed_at IS NULL ORDER BY version`);
    for (const { version } of rows) {
      // Temporal down: the retry covers this row and every later one.
      if (!(await this.relay(version))) return;
    }
    this.backoffMs = 1000;
  }

  private scheduleRetry(): void {
    if (this.stopping || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.wake();
    }, this.backoffMs);
    this.retry.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}
