import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Client } from 'pg';
import { Subject, type Observable } from 'rxjs';
import { AppConfigService } from '../../../../libs/config/src';
import { ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL, listenTo, type PgListener } from '../../../../libs/db/src';
import type { AlertView } from './alert.view';
import { AlertsService } from './alerts.service';

/** At most this many alerts are caught up after the listener's connection was lost. */
const CATCH_UP_LIMIT = 10_000;
/** At most this many alerts are named in one query (withStepNames). */
const NAMING_BATCH = 1_000;

/**
 * Fans alerts out to SSE clients. One LISTEN connection per API instance receives each alert the
 * moment its insert commits (the worker NOTIFYs in the same transaction): no table is polled.
 * Alert ids follow commit order (AlertStream1765584000000): the hub passes each on once, in id
 * order, and when its connection was lost it reads the alerts committed meanwhile before going on,
 * so a stream held open across the hiccup misses nothing either.
 */
@Injectable()
export class AlertsHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsHub.name);
  private readonly subject = new Subject<AlertView>();
  private listener?: PgListener;
  /** The newest alert passed on; undefined until the first LISTEN has read where the table stands. */
  private lastId?: bigint;
  /** Notifications held back while a catch-up reads the table. */
  private held?: AlertView[];
  /** Alerts passed on, in id order, waiting for their step names. */
  private readonly unnamed: AlertView[] = [];
  private naming = false;

  constructor(
    private readonly config: AppConfigService,
    private readonly alerts: AlertsService,
  ) {}

  get alerts$(): Observable<AlertView> {
    return this.subject.asObservable();
  }

  async onModuleInit(): Promise<void> {
    this.listener = await listenTo(this.config.databaseUrl, ALERTS_CHANNEL, {
      onNotify: (payload) => {
        const alert = JSON.parse(payload) as AlertView;
        if (this.held) this.held.push(alert);
        else this.pass(alert);
      },
      onListening: (client) => this.catchUp(client),
      onTrouble: (message) => this.logger.warn(message),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subject.complete();
    await this.listener?.close();
  }

  private pass(alert: AlertView): void {
    const id = BigInt(alert.id);
    if (this.lastId !== undefined && id <= this.lastId) return;
    this.lastId = id;
    this.unnamed.push(alert);
    void this.nameAndSend();
  }

  /**
   * Sends the waiting alerts with their step names, in order. The alerts that arrive while a batch
   * is being named make the next batch: an alert alone goes out after one query, a storm costs one
   * query per batch. Without names (the query failed) they still go out, with their step keys.
   */
  private async nameAndSend(): Promise<void> {
    if (this.naming) return;
    this.naming = true;
    try {
      while (this.unnamed.length) {
        const batch = this.unnamed.splice(0, NAMING_BATCH);
        const named = await this.alerts.named(batch).catch((err: Error) => {
          this.logger.warn({ err: err.message, alerts: batch.length }, 'alert step names not read; sending the alerts without them');
          return batch;
        });
        for (const alert of named) this.subject.next(alert);
      }
    } finally {
      this.naming = false;
    }
  }

  /** After a LISTEN: the first one notes where the table stands; a later one passes on what was committed meanwhile. */
  private async catchUp(client: Client): Promise<void> {
    this.held = [];
    try {
      if (this.lastId === undefined) {
        const { rows } = await client.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM alerts`);
        // Alerts notified meanwhile committed after the LISTEN, so after every older id: all are new here.
        const firstHeld = this.held[0] ? BigInt(this.held[0].id) - 1n : undefined;
        const newest = BigInt(rows[0]?.id ?? 0);
        this.lastId = firstHeld !== undefined && firstHeld < newest ? firstHeld : newest;
        return;
      }
      const { rows } = await client.query<{ alert: string }>(`SELECT ${ALERT_NOTIFY_PAYLOAD} AS alert FROM alerts WHERE id > $1 ORDER BY id LIMIT ${CATCH_UP_LIMIT}`, [String(this.lastId)]);
      if (rows.length) this.logger.log({ alerts: rows.length }, 'alert listener caught up after a lost connection');
      for (const r of rows) this.pass(JSON.parse(r.alert) as AlertView);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const alert of held) this.pass(alert);
    }
  }
}
