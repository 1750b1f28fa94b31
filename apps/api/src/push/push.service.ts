import { Injectable, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { loadOrCreateVapidKeys, type VapidKeys } from '../../../../libs/notify/src/push';
import type { Actor } from '../../../../libs/domain/src';
import type { CreatePushSubscriptionDto } from './push.dto';
import type { PushPublicKey, PushSubscriptionView } from './push.response';

interface SubscriptionRow {
  id: string;
  endpoint: string;
  created_at: Date;
}

const toView = (r: SubscriptionRow): PushSubscriptionView => ({ id: r.id, endpoint: r.endpoint, createdAt: r.created_at.toISOString() });

/** The browsers a user registered for push, and the installation's VAPID public key. */
@Injectable()
export class PushService implements OnApplicationBootstrap {
  private keys?: Promise<VapidKeys>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Keys generated on the first start (not on the first browser's visit), so every process signs with them from then on. */
  async onApplicationBootstrap(): Promise<void> {
    await this.vapid();
  }

  async publicKey(): Promise<PushPublicKey> {
    return { publicKey: (await this.vapid()).publicKey };
  }

  /** Registers (or takes over) a browser: an endpoint belongs to whoever signed in and subscribed on it last. */
  async subscribe(dto: CreatePushSubscriptionDto, actor: Actor): Promise<PushSubscriptionView> {
    const [row]: SubscriptionRow[] = await this.ds.query(
      `INSERT INTO push_subscriptions (username, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET username = EXCLUDED.username, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
         created_at = CASE WHEN push_subscriptions.username = EXCLUDED.username THEN push_subscriptions.created_at ELSE now() END
       RETURNING id::text AS id, endpoint, created_at`,
      [actor.username, dto.endpoint, dto.keys.p256dh, dto.keys.auth],
    );
    return toView(row);
  }

  async list(actor: Actor): Promise<PushSubscriptionView[]> {
    const rows: SubscriptionRow[] = await this.ds.query(`SELECT id::text AS id, endpoint, created_at FROM push_subscriptions WHERE username = $1 ORDER BY id`, [actor.username]);
    return rows.map(toView);
  }

  async unsubscribe(endpoint: string, actor: Actor): Promise<void> {
    const [, deleted]: [unknown, number] = await this.ds.query(`DELETE FROM push_subscriptions WHERE username = $1 AND endpoint = $2`, [actor.username, endpoint]);
    if (!deleted) throw new NotFoundException('no such push subscription of yours');
  }

  private vapid(): Promise<VapidKeys> {
    return (this.keys ??= loadOrCreateVapidKeys(this.ds).catch((err: unknown) => {
      this.keys = undefined;
      throw err;
    }));
  }
}
