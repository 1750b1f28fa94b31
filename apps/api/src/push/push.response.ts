// OpenAPI bodies of browser push, mirroring libs/contracts (push.ts).
import { ApiProperty } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src/push';
import { type Mirrors } from '../common/api-responses';

export class PushPublicKey {
  @ApiProperty({ description: "the VAPID public key (RFC 8292), base64url: the `applicationServerKey` of the browser's `pushManager.subscribe`" }) publicKey!: string;
}

export class PushSubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "the browser's push service URL" }) endpoint!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export const _mirrors: [Mirrors<PushPublicKey, C.PushPublicKey>, Mirrors<PushSubscriptionView, C.PushSubscriptionView>] = [true, true];
