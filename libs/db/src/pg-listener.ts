import { Client } from 'pg';

export interface PgListener {
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called with each notification's payload on `channel`. */
  onNotify(payload: string): void;
  /**
   * After every LISTEN, the first and each one after a lost connection (notifications sent while
   * nobody listened are gone: this is where a listener catches up). Runs on the listening
   * connection, which it may query; notifications may arrive while it runs.
   */
  onListening?(client: Client): Promise<void> | void;
  /** A lost connection or a failed reconnect, with what happened; the listener keeps retrying every second. */
  onTrouble(message: string): void;
}

/**
 * LISTEN on a PostgreSQL channel on a connection of its own, reconnected a second after it drops,
 * until closed. Resolves once the first LISTEN is in place (or, if that fails, once the first
 * retry is scheduled): one piece for every process-wide listener (alerts, calendar rollouts).
 */
export async function listenTo(databaseUrl: string, channel: string, o: ListenOptions): Promise<PgListener> {
  let client: Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    // Named, so an operator (or a test) sees which backend listens to what in pg_stat_activity.
    const c = new Client({ connectionString: databaseUrl, application_name: `listen:${channel}` });
    c.on('notification', (msg) => {
      if (msg.channel === channel && msg.payload) o.onNotify(msg.payload);
    });
    c.on('error', (err) => {
      o.onTrouble(`listener on ${channel} lost its connection (${err.message}); reconnecting`);
      retry();
    });
    client = c;
    await c.connect();
    await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    await o.onListening?.(c);
  };
  const retry = (): void => {
    if (closed) return;
    void client?.end().catch(() => undefined);
    client = undefined;
    setTimeout(() => {
      if (closed) return;
      connect().catch((err: Error) => {
        o.onTrouble(`listener on ${channel} could not reconnect (${err.message})`);
        retry();
      });
    }, 1000).unref();
  };
  await connect().catch((err: Error) => {
    o.onTrouble(`listener on ${channel} could not connect (${err.message}); retrying`);
    retry();
  });
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
