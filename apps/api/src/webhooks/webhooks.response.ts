// OpenAPI bodies of webhooks and their deliveries (the secret is never part of them).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent } from './webhook-events';

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: WebhookEvent[];
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional() createdBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'deliveries waiting for their next try' }) pending!: number;
  @ApiProperty({ description: 'deliveries in the dead-letter list' }) dead!: number;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'also the X-Dossier-Flow-Delivery header: the idempotency key' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event!: WebhookEvent;
  @ApiProperty({ example: 'dossier:H62-261202-0001:3', description: "the event's id (the body's `id`)" }) eventId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty({ description: 'tries so far (a redelivery starts again at 0)' }) attempts!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'when a pending delivery is tried next' }) nextAttemptAt?: string;
  @ApiPropertyOptional({ description: "the receiver's last HTTP status" }) lastStatus?: number;
  @ApiPropertyOptional({ description: 'why the last try failed' }) lastError?: string;
  @ApiProperty() redeliveries!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) deliveredAt?: string;
}
