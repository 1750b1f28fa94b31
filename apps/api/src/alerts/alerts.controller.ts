import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { filter } from 'rxjs';
import { maySeeDepartment, type Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { interval, map, merge, type Observable } from 'rxjs';
import type { Page } from '../common/page.dto';
import type { AlertView } from './alert.view';
import { AlertsHub } from './alerts-hub.service';
import { AlertsService } from './alerts.service';
import { ListAlertsDto } from './list-alerts.dto';
import { AlertView as AlertViewBody } from './alert.response';
import { ApiErrors, PageOf } from '../common/api-responses';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('supervisor', 'approver')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly hub: AlertsHub,
  ) {}

  @Get()
  @ApiOkResponse({ type: PageOf(AlertViewBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListAlertsDto): Promise<Page<AlertView>> {
    return this.alerts.list(query, actor);
  }

  /** Server-sent events: each alert as `event: alert`; a comment-free ping keeps proxies from closing the stream. */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream: `event: alert` blocks (`id:` the alert id) whose `data:` is an AlertView (JSON); after a reconnect with Last-Event-ID, `event: resumed` {after, missed}; `event: ping` every 15 s', schema: { type: 'string' } })
  @Sse('stream')
  stream(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    return merge(
      // Dossier codes start with the agency code: an agency only hears its own alerts.
      this.hub.alerts$.pipe(filter((alert) => alert.dossierCode.startsWith(`${actor.agencyCode}-`) && maySeeDepartment(actor, alert.departmentCode)), map((alert): MessageEvent => ({ type: 'alert', id: alert.id, data: alert }))),
      interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertViewBody, description: 'acknowledged (again: unchanged)' })
  @ApiErrors(404)
  ack(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AlertView> {
    return this.alerts.acknowledge(id, actor);
  }
}
