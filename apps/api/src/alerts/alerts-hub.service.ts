import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { Subject, type Observable } from 'rxjs';
import { AppConfigService } from '../../../../libs/config/src';
import { ALERTS_CHANNEL } from '../../../../libs/db/src';
import type { AlertView } from './alert.view';

/**
 * Fans alerts out to SSE clients. One LISTEN connection per API instance receives each alert the
 * moment its insert commits (the worker NOTIFYs in the same transaction): no table is polled.
 */
@Injectable()
export class AlertsHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsHub.name);
  private readonly subject = new Subject<AlertView>();
  private client?: Client;
  private stopping = false;

  constructor(private readonly config: AppConfigService) {}

  get alerts$(): Observable<AlertView> {
    return this.subject.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.subject.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel !== ALERTS_CHANNEL || !msg.payload) return;
      this.subject.next(JSON.parse(msg.payload) as AlertView);
    });
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'alert listener lost its connection; reconnecting');
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${ALERTS_CHANNEL}`);
    this.client = client;
  }

  private reconnect(): void {
    if (this.stopping) return;
    void this.client?.end().catch(() => undefined);
    setTimeout(() => {
      this.connect().catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'alert listener reconnect failed');
        this.reconnect();
      });
    }, 1000).unref();
  }
}
