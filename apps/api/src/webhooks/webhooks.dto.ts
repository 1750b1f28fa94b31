import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import { PageQueryDto } from '../common/page.dto';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent } from './webhook-events';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://portal.example.gov.vn/hooks/dossier-flow', maxLength: 2000, description: 'http(s) URL the events are POSTed to. Unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true, a host that is private as written (a literal loopback, private or reserved address; localhost) is a 400 on url: no delivery to it would be sent' })
  @IsString()
  @Length(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' })
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['dossier.registered', 'alert.step_overdue'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must each be one of: ${WEBHOOK_EVENTS.join(', ')}` })
  events!: WebhookEvent[];

  @ApiProperty({ minLength: 16, maxLength: 200, description: 'shared secret: each delivery carries X-Dossier-Flow-Signature: sha256=<hex HMAC-SHA256 of the raw body>; never returned' })
  @IsString()
  @Length(16, 200)
  secret!: string;
}

export class ListDeliveriesDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: "'dead': the dead-letter list (every try failed)" })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
