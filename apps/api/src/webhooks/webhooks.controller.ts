import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiErrors, PageOf } from '../common/api-responses';
import type { Page } from '../common/page.dto';
import { uuidParam as uuid } from '../common/validation';
import { CreateWebhookDto, ListDeliveriesDto } from './webhooks.dto';
import { WebhookDeliveryView, WebhookView } from './webhooks.response';
import { WebhooksService } from './webhooks.service';

/** An agency's admin subscribes other systems to dossier and alert events (signed, retried, dead-lettered). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ type: WebhookView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<WebhookView> {
    return this.webhooks.create(dto, actor);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookView] })
  list(@CurrentActor() actor: Actor): Promise<WebhookView[]> {
    return this.webhooks.list(actor);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: PageOf(WebhookDeliveryView) })
  @ApiErrors(404)
  deliveries(@CurrentActor() actor: Actor, @Param('id', uuid('id')) id: string, @Query() query: ListDeliveriesDto): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveries(id, query, actor);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'pending again; the dispatcher tries it at once' })
  @ApiErrors(404, [409, 'the delivery is pending: it is tried again on its own'])
  redeliver(@CurrentActor() actor: Actor, @Param('id', uuid('id')) id: string, @Param('deliveryId', uuid('deliveryId')) deliveryId: string): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(id, deliveryId, actor);
  }
}
